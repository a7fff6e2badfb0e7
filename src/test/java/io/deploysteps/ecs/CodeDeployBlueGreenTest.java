package io.deploysteps.ecs;

import static io.deploysteps.ecs.EcsFake.CODEDEPLOY;
import static io.deploysteps.ecs.EcsFake.ECS;
import static io.deploysteps.ecs.EcsFake.deployment;
import static io.deploysteps.ecs.EcsFake.services;
import static io.deploysteps.ecs.EcsFake.taskDefinitionArn;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.engine.ExitCodes;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Json;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.testing.RecordingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** ecsDeploy on a CODE_DEPLOY service: a CodeDeploy blue/green with a person's approval, continued and stopped. */
public class CodeDeployBlueGreenTest {
  private static final String ID = "d-H15EXAMPL";
  private static final String IMAGE = "123456789012.dkr.ecr.eu-west-3.amazonaws.com/shop/api:5d6e7f8";
  private final RecordingLog log = new RecordingLog();
  private EcsFake fake;
  private Path workspace;

  @Before
  public void setUp() throws IOException {
    fake = new EcsFake(31403).start();
    workspace = Files.createTempDirectory("h15-codedeploy");
    fake.sequence(ECS, "DescribeServices", List.of(services(7, false, "CODE_DEPLOY",
        List.of(deployment("ecs-svc/1", "PRIMARY", 7, "COMPLETED", 2, 2, 0, 0)), List.of())));
    fake.sequence(ECS, "DescribeTaskDefinition", List.of(EcsFake.described(EcsDeployRunnerTest.FULL, 7, List.of())));
    fake.sequence(ECS, "RegisterTaskDefinition", List.of(EcsFake.registered(EcsDeployRunnerTest.FULL, 8)));
    fake.sequence(CODEDEPLOY, "CreateDeployment", List.of("{\"deploymentId\":\"" + ID + "\"}"));
    fake.answer(CODEDEPLOY, "ContinueDeployment", 200, "{}");
    fake.answer(CODEDEPLOY, "StopDeployment", 200, "{\"status\":\"Pending\",\"statusMessage\":\"Stop in progress\"}");
    fake.sequence(CODEDEPLOY, "GetDeploymentTarget", List.of(target("Succeeded", "InProgress", "Pending"),
        target("Succeeded", "Succeeded", "Succeeded")));
  }

  @After
  public void tearDown() {
    fake.stop();
    new LocalHostFiles().deleteRecursively(workspace.toString());
  }

  private static String target(String install, String testTraffic, String allowTraffic) {
    return Json.write(Map.of("deploymentTarget", Map.of("deploymentTargetType", "ECSTarget", "ecsTarget", Map.of(
        "deploymentId", ID, "targetId", "shop:api", "status", "InProgress", "lifecycleEvents", List.of(
            Map.of("lifecycleEventName", "Install", "status", install),
            Map.of("lifecycleEventName", "AfterAllowTestTraffic", "status", testTraffic),
            Map.of("lifecycleEventName", "AllowTraffic", "status", allowTraffic))))));
  }

  private static String deploymentInfo(String status) {
    Map<String, Object> info = new java.util.LinkedHashMap<>();
    info.put("deploymentId", ID);
    info.put("applicationName", "shop");
    info.put("deploymentGroupName", "api");
    info.put("status", status);
    info.put("computePlatform", "ECS");
    info.put("deploymentOverview", Map.of("Pending", 0, "InProgress", 1, "Succeeded", 0, "Failed", 0, "Skipped", 0,
        "Ready", 0));
    if (status.equals("Stopped")) {
      info.put("errorInformation", Map.of("code", "MANUAL_STOP", "message", "The deployment was stopped by a user"));
      info.put("rollbackInfo", Map.of("rollbackMessage", "Rolled back to the original task set"));
    }
    return Json.write(Map.of("deploymentInfo", info));
  }

  private EcsDeployResult run(Map<String, Object> params) {
    Map<String, Object> p = new HashMap<>(Map.of("cluster", "shop", "service", "api", "region", "eu-west-3",
        "credentials", "env"));
    p.putAll(params);
    return new EcsDeployRunner(EcsDeployRunnerTest.context(log, fake.url(), workspace), EcsDeployRunnerTest.QUICK)
        .run(EcsDeployRequest.fromMap(p));
  }

  @Test
  public void approveStopsAtReadyThenContinueFollowsItToSucceeded() throws Exception {
    fake.sequence(CODEDEPLOY, "GetDeployment", List.of(deploymentInfo("Created"), deploymentInfo("InProgress"),
        deploymentInfo("Ready")));

    EcsDeployResult waiting = run(Map.of("containerName", "app", "image", IMAGE, "applicationName", "shop",
        "deploymentGroupName", "api", "approve", true));

    assertEquals(ExitCodes.OK, waiting.exitCode());
    assertEquals("READY", waiting.rolloutState());
    assertEquals(ID, waiting.toMap().get("deploymentId"));
    assertEquals(taskDefinitionArn(8), waiting.toMap().get("taskDefinitionArn"));
    assertEquals(0, fake.requests(CODEDEPLOY, "ContinueDeployment").size());
    JsonNode create = EcsFake.body(fake.requests(CODEDEPLOY, "CreateDeployment").get(0));
    assertEquals("shop", create.path("applicationName").asText());
    assertEquals("api", create.path("deploymentGroupName").asText());
    assertEquals("AppSpecContent", create.path("revision").path("revisionType").asText());
    JsonNode appSpec = Json.read(create.path("revision").path("appSpecContent").path("content").asText());
    JsonNode props = appSpec.path("Resources").get(0).path("TargetService").path("Properties");
    assertEquals("AWS::ECS::Service", appSpec.path("Resources").get(0).path("TargetService").path("Type").asText());
    assertEquals(taskDefinitionArn(8), props.path("TaskDefinition").asText());
    assertEquals("app", props.path("LoadBalancerInfo").path("ContainerName").asText());
    assertEquals(8080, props.path("LoadBalancerInfo").path("ContainerPort").asInt());
    assertTrue(log.text(), log.text().contains("[ecsDeploy] lifecycle AfterAllowTestTraffic InProgress"));
    assertTrue(waiting.summary().get(0), waiting.summary().get(0).contains("continueDeployment: '" + ID + "'"));

    fake.server.resetScenarios();
    fake.sequence(CODEDEPLOY, "GetDeployment", List.of(deploymentInfo("InProgress"), deploymentInfo("Succeeded")));
    EcsDeployResult done = new EcsDeployRunner(EcsDeployRunnerTest.context(log, fake.url(), workspace),
        EcsDeployRunnerTest.QUICK).run(EcsDeployRequest.fromMap(Map.of("continueDeployment", ID, "region", "eu-west-3",
            "credentials", "env", "cluster", "shop", "service", "api")));

    assertEquals(ExitCodes.OK, done.exitCode());
    assertEquals("COMPLETED", done.rolloutState());
    JsonNode cont = EcsFake.body(fake.requests(CODEDEPLOY, "ContinueDeployment").get(0));
    assertEquals(ID, cont.path("deploymentId").asText());
    assertEquals("READY_WAIT", cont.path("deploymentWaitType").asText());
    assertTrue(log.text(), log.text().contains("[ecsDeploy] lifecycle AllowTraffic Succeeded"));
  }

  @Test
  public void stopRollsBackAndFailsTheStep() {
    fake.sequence(CODEDEPLOY, "GetDeployment", List.of(deploymentInfo("Ready"), deploymentInfo("Stopped")));

    EcsDeployResult stopped = run(Map.of("stopDeployment", ID));

    assertEquals(ExitCodes.FAILED, stopped.exitCode());
    assertEquals("STOPPED", stopped.rolloutState());
    assertTrue(stopped.rolledBack());
    JsonNode stop = EcsFake.body(fake.requests(CODEDEPLOY, "StopDeployment").get(0));
    assertEquals(ID, stop.path("deploymentId").asText());
    assertTrue(stop.path("autoRollbackEnabled").asBoolean(false));
    assertEquals("a decision registers nothing", 0, fake.requests(ECS, "RegisterTaskDefinition").size());
    assertTrue(stopped.summary().toString(), stopped.summary().get(0).contains("traffic is on the original tasks"));
  }

  @Test
  public void aBlueGreenDeploymentNotDoneWithinWaitIsStoppedWithRollbackAndFailsTheStep() {
    String scenario = "stuck";
    fake.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/")
        .withHeader("X-Amz-Target", com.github.tomakehurst.wiremock.client.WireMock.equalTo(CODEDEPLOY + "GetDeployment"))
        .inScenario(scenario).whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(deploymentInfo("InProgress"))));
    fake.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/")
        .withHeader("X-Amz-Target", com.github.tomakehurst.wiremock.client.WireMock.equalTo(CODEDEPLOY + "StopDeployment"))
        .inScenario(scenario).willSetStateTo("stopped")
        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("{\"status\":\"Pending\"}")));
    fake.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/")
        .withHeader("X-Amz-Target", com.github.tomakehurst.wiremock.client.WireMock.equalTo(CODEDEPLOY + "GetDeployment"))
        .inScenario(scenario).whenScenarioStateIs("stopped")
        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(deploymentInfo("Stopped"))));

    EcsDeployResult result = run(Map.of("containerName", "app", "image", IMAGE, "applicationName", "shop",
        "deploymentGroupName", "api", "wait", "300ms"));

    assertEquals(ExitCodes.FAILED, result.exitCode());
    assertEquals("STOPPED", result.rolloutState());
    assertTrue(result.rolledBack());
    assertEquals(1, fake.requests(CODEDEPLOY, "StopDeployment").size());
    assertTrue(EcsFake.body(fake.requests(CODEDEPLOY, "StopDeployment").get(0)).path("autoRollbackEnabled").asBoolean());
    assertTrue(log.text(), log.text().contains("[ecsDeploy] WARNING: CodeDeploy deployment " + ID + " not done within"
        + " wait 300ms: stopped with rollback, following the stop"));
  }

  @Test
  public void aCodeDeployServiceNeedsItsApplicationAndGroupBeforeAnythingIsRegistered() {
    try {
      run(Map.of("containerName", "app", "image", IMAGE));
      fail("expected bad input");
    } catch (InvalidParameterException e) {
      assertEquals("applicationName", e.parameter());
    }
    assertEquals(0, fake.requests(ECS, "RegisterTaskDefinition").size());
    assertFalse(log.text().contains("registered"));
  }
}
