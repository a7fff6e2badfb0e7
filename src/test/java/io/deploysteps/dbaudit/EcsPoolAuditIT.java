package io.deploysteps.dbaudit;

import static io.deploysteps.dbaudit.EcsFakeServices.service;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.deploysteps.dbaudit.AuditFinding.Severity;
import io.deploysteps.engine.ExitCodes;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * An audit of the stack's real MariaDB whose apps include an ECS service (DescribeServices from
 * WireMock): its pool counts desiredCount x maximumPercent / 100 times in the budget, and a budget the
 * ECS peak overflows fails the step as a too-large pool would.
 */
public class EcsPoolAuditIT {
  private static final String BATCH = "it_dba_h15batch";

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();
  private TestDatabase db;
  private AuditHarness audit;
  private EcsFakeServices ecs;

  @Before
  public void setUp() throws Exception {
    db = TestDatabase.mariadb();
    db.exec("FLUSH STATUS");
    db.createUser(BATCH);
    audit = new AuditHarness(tmp.getRoot().getPath());
    ecs = new EcsFakeServices(31412);
  }

  @After
  public void tearDown() throws Exception {
    ecs.stop();
    db.close();
  }

  @Test
  public void anEcsServiceCountsItsPoolAtTheTasksItsDeployRuns() throws Exception {
    int max = (int) db.number("SELECT @@GLOBAL.max_connections");
    int available = max - (int) Math.ceil(max * 0.1);
    // api: 3 tasks, maximumPercent 200: 6 during a deploy; its pool fills what batch leaves exactly.
    int batch = available % 6 + 6;
    int pool = (available - batch) / 6;
    ecs.cluster("shop", List.of("api"), List.of(service("shop", "api", 3, 200, "ECS")));
    Map<String, Object> params = db.params(db.auditUser, BATCH + "=" + batch, "maxWaitTimeout", "9h", "region",
        "eu-west-3", "credentials", "env", "deploying", "api",
        "ecs", List.of(Map.of("name", "api", "cluster", "shop", "service", "api", "pool", pool)));

    AuditResult fits = audit.run(params, db.auditPassword, ecs.env());
    AuditFinding b = AuditHarness.finding(fits, "budget");
    assertEquals(Severity.OK, b.severity());
    assertEquals(batch + pool * 6, b.numbers().get("demand"));
    assertEquals("the ECS peak is the deploy's count: not doubled again", 0, b.numbers().get("deployingExtra"));
    assertEquals(0, b.numbers().get("spare"));
    assertEquals(ExitCodes.OK, fits.exitCode());
    assertTrue(audit.log.text(), audit.log.text().contains("deploying api: an ecs app, counted at its deploy's task"
        + " count already"));

    ecs.cluster("shop", List.of("api"), List.of(service("shop", "api", 3, 250, "ECS"))); // 7 tasks
    AuditResult over = audit.run(params, db.auditPassword, ecs.env());
    AuditFinding o = AuditHarness.finding(over, "budget");
    assertEquals(Severity.FAILURE, o.severity());
    assertEquals(-pool, o.numbers().get("spare"));
    assertEquals(ExitCodes.FAILED, over.exitCode());
  }
}
