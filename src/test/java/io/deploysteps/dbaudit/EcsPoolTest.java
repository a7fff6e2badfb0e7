package io.deploysteps.dbaudit;

import static io.deploysteps.dbaudit.EcsFakeServices.service;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.aws.AwsCredentialsSpec;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Params;
import io.deploysteps.testing.RecordingLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * dbConnectionAudit's ecs entries: parsed from a Jenkinsfile's maps or the CLI's text, and counted at
 * the tasks a deploy may run, read from DescribeServices (WireMock): desiredCount x maximumPercent / 100
 * rounded down, 200% when the service sets none, twice the desired count for CODE_DEPLOY.
 */
public class EcsPoolTest {
  private EcsFakeServices ecs;
  private final RecordingLog log = new RecordingLog();

  @Before
  public void setUp() {
    ecs = new EcsFakeServices(31411);
  }

  @After
  public void tearDown() {
    ecs.stop();
  }

  private static List<EcsPool> parse(Object ecsValue) {
    Map<String, Object> m = new HashMap<>();
    m.put("ecs", ecsValue);
    return EcsPool.parse(Params.of(m));
  }

  private Map<String, AppPool> pools(Object ecsValue) {
    var clients = new SdkAwsClients(AwsCredentialsSpec.parse("credentials", "env"), ecs.env(), log.log());
    return EcsTaskCounts.pools(parse(ecsValue), clients.ecs("eu-west-3"), log.log().forStep("dbConnectionAudit"));
  }

  @Test
  public void mapsAndTextGiveTheSameEntries() {
    List<EcsPool> maps = parse(List.of(Map.of("name", "api", "cluster", "shop", "service", "api", "pool", 10),
        Map.of("cluster", "arn:aws:ecs:eu-west-3:123456789012:cluster/shop", "service", "worker", "pool", "5")));
    List<EcsPool> text = parse("api=shop/api:10,worker=arn:aws:ecs:eu-west-3:123456789012:cluster/shop/worker:5");
    assertEquals(maps.toString(), text.toString());
    assertEquals("[api=shop/api:10, worker=arn:aws:ecs:eu-west-3:123456789012:cluster/shop/worker:5]", text.toString());
  }

  @Test
  public void badEntriesAreRefusedNamingTheEntry() {
    refused("ecs", "api=shop:10");
    refused("ecs", List.of(Map.of("name", "api", "service", "api", "pool", 10)));
    refused("ecs", List.of(Map.of("name", "api", "cluster", "shop", "service", "api", "pool", 10, "instances", 2)));
    refused("ecs.api", "api=shop/api:0");
    refused("ecs.api", "api=shop/api:10x2");
    refused("ecs.api", "api=sh op/api:10");
    refused("ecs", "api=shop/api:10,api=shop/web:5");
    refused("ecs", Map.of("name", "api", "cluster", "shop", "service", "api", "pool", 10, "apps", "x"));
    try {
      AuditRequest.fromMap(Map.of("url", "jdbc:mariadb://127.0.0.1:3306/", "user", "audit", "apps", "api=5",
          "ecs", "api=shop/api:10"));
      fail("api given twice");
    } catch (InvalidParameterException e) {
      assertEquals("ecs", e.parameter());
    }
    // ecs alone names the apps; without either it is still an error on apps
    assertTrue(AuditRequest.fromMap(Map.of("url", "jdbc:mariadb://127.0.0.1:3306/", "user", "audit",
        "ecs", "api=shop/api:10")).apps().isEmpty());
  }

  private static void refused(String parameter, Object value) {
    try {
      parse(value);
      fail("expected " + value + " refused");
    } catch (InvalidParameterException e) {
      assertEquals(e.getMessage(), parameter, e.parameter());
    }
  }

  @Test
  public void eachServiceCountsItsPoolTimesTheTasksADeployMayRun() {
    ecs.cluster("shop", List.of("api", "worker", "web"), List.of(
        service("shop", "api", 2, null, "ECS"),          // no maximumPercent: 200 %, 4 tasks
        service("shop", "worker", 3, 150, "ECS"),        // 4.5 rounded down as ECS does: 4
        service("shop", "web", 2, 200, "CODE_DEPLOY"))); // both task sets in full: 4
    ecs.cluster("jobs", List.of("cron"), List.of(service("jobs", "cron", 0, 200, "ECS")));

    Map<String, AppPool> pools = pools(List.of(
        Map.of("name", "api", "cluster", "shop", "service", "api", "pool", 10),
        Map.of("name", "worker", "cluster", "shop", "service", "worker", "pool", 5),
        Map.of("name", "web", "cluster", "shop", "service", "web", "pool", 3),
        Map.of("name", "cron", "cluster", "jobs", "service", "cron", "pool", 7)));

    assertEquals("api=10x4", pools.get("api").toString());
    assertEquals("worker=5x4", pools.get("worker").toString());
    assertEquals("web=3x4", pools.get("web").toString());
    assertFalse("desiredCount 0 opens no connection", pools.containsKey("cron"));
    assertEquals("one DescribeServices per cluster", 2, ecs.server.getAllServeEvents().size());
    String text = log.text();
    assertTrue(text, text.contains("[dbConnectionAudit] ecs api: shop/api desiredCount 2 x maximumPercent 200% = 4"
        + " task(s) during a deploy, pool 10 each: 40 connections"));
    assertTrue(text, text.contains("ecs web: shop/web desiredCount 2 x 2 (CODE_DEPLOY: both task sets) = 4 task(s)"));
    assertFalse(text.contains("h15-audit-secret-never-shown"));
  }

  @Test
  public void aServiceThatIsNotThereIsBadInputNamingTheEntry() {
    ecs.cluster("shop", List.of("api"), List.of());
    try {
      pools("api=shop/api:10");
      fail("expected bad input");
    } catch (InvalidParameterException e) {
      assertEquals("invalid parameter 'ecs.api': no service 'api' in cluster 'shop' (MISSING)", e.getMessage());
    }
  }
}
