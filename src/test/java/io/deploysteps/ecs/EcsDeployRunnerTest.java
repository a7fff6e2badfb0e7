package io.deploysteps.ecs;

import static io.deploysteps.ecs.EcsFake.ECS;
import static io.deploysteps.ecs.EcsFake.deployment;
import static io.deploysteps.ecs.EcsFake.event;
import static io.deploysteps.ecs.EcsFake.services;
import static io.deploysteps.ecs.EcsFake.taskDefinitionArn;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deploysteps.aws.AwsCredentialsSpec;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.engine.ExitCodes;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Json;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.time.TimeSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** ecsDeploy's rolling deploy against the WireMock ECS fake: real HTTP, real SigV4, no AWS. */
public class EcsDeployRunnerTest {
  static final int PORT = 31401;
  private static final String OLD = "ecs-svc/1111111111111111111";
  private static final String NEW = "ecs-svc/2222222222222222222";
  private static final String BACK = "ecs-svc/3333333333333333333";
  private static final String IMAGE = "123456789012.dkr.ecr.eu-west-3.amazonaws.com/shop/api:5d6e7f8";

  private final RecordingLog log = new RecordingLog();
  private EcsFake fake;
  private Path workspace;
  static final JsonNode FULL = fullTaskDefinition();

  static JsonNode fullTaskDefinition() {
    try (InputStream in = EcsDeployRunnerTest.class.getResourceAsStream("full-task-definition.json")) {
      return Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Before
  public void setUp() throws IOException {
    fake = new EcsFake(PORT).start();
    workspace = Files.createTempDirectory("h15-ecsdeploy");
  }

  @After
  public void tearDown() {
    fake.stop();
    new LocalHostFiles().deleteRecursively(workspace.toString());
  }

  static StepContext context(RecordingLog log, String url, Path workspace) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", "AKIAH15EXAMPLE");
    env.put("AWS_SECRET_ACCESS_KEY", "h15-secret-key-never-shown");
    env.put("AWS_ENDPOINT_URL_ECS", url);
    env.put("AWS_ENDPOINT_URL_CODEDEPLOY", url);
    var stepLog = log.log().forStep("ecsDeploy");
    return new StepContext(c -> {
      throw new AssertionError("ecsDeploy starts no process: " + c.argv());
    }, new LocalHostFiles(), stepLog, TimeSource.system(), env, workspace.toString(), null,
        spec -> new SdkAwsClients(spec, env, stepLog));
  }

  static final PollSchedule QUICK = new PollSchedule(Duration.ofMillis(5), Duration.ofMillis(5), Duration.ZERO);

  private EcsDeployResult run(Map<String, Object> params) {
    Map<String, Object> p = new HashMap<>(Map.of("cluster", "shop", "service", "api", "region", "eu-west-3",
        "credentials", "env"));
    p.putAll(params);
    return new EcsDeployRunner(context(log, fake.url(), workspace), QUICK).run(EcsDeployRequest.fromMap(p));
  }

  private void describedAndRegistered() {
    fake.sequence(ECS, "DescribeTaskDefinition", List.of(EcsFake.described(FULL, 7,
        List.of(Map.of("key", "team", "value", "shop"), Map.of("key", "cost-centre", "value", "")))));
    fake.sequence(ECS, "RegisterTaskDefinition", List.of(EcsFake.registered(FULL, 8)));
  }

  private static Map<String, Object> old(String rollout, int running) {
    return deployment(OLD, "ACTIVE", 7, rollout, 2, running, 0, 0);
  }

  @Test
  public void rollsOutANewRevisionAndFollowsItToCompleted() throws IOException {
    describedAndRegistered();
    fake.sequence(ECS, "DescribeServices", List.of(
        services(7, true, "ECS", List.of(deployment(OLD, "PRIMARY", 7, "COMPLETED", 2, 2, 0, 0)),
            List.of(event("e0", "(service api) has reached a steady state."))),
        services(8, true, "ECS", List.of(deployment(NEW, "PRIMARY", 8, "IN_PROGRESS", 2, 0, 2, 0), old("COMPLETED", 2)),
            List.of(event("e1", "(service api) has started 2 tasks: (task a1) (task a2)."),
                event("e0", "(service api) has reached a steady state."))),
        services(8, true, "ECS", List.of(deployment(NEW, "PRIMARY", 8, "IN_PROGRESS", 2, 2, 0, 0), old("COMPLETED", 0)),
            List.of(event("e2", "(service api) has stopped 2 running tasks: (task o1) (task o2)."),
                event("e1", "(service api) has started 2 tasks: (task a1) (task a2)."),
                event("e0", "(service api) has reached a steady state."))),
        services(8, true, "ECS", List.of(deployment(NEW, "PRIMARY", 8, "COMPLETED", 2, 2, 0, 0)),
            List.of(event("e3", "(service api) has reached a steady state."),
                event("e2", "(service api) has stopped 2 running tasks: (task o1) (task o2)."),
                event("e1", "(service api) has started 2 tasks: (task a1) (task a2).")))));
    fake.sequence(ECS, "UpdateService", List.of(EcsFake.updated(8, NEW)));
    Files.writeString(workspace.resolve("imagedefinitions.json"), "[{\"name\":\"app\",\"imageUri\":\"" + IMAGE + "\"}]");

    EcsDeployResult result = run(Map.of("imageDefinitions", "imagedefinitions.json"));

    assertEquals(ExitCodes.OK, result.exitCode());
    Map<String, Object> m = result.toMap();
    assertEquals(taskDefinitionArn(8), m.get("taskDefinitionArn"));
    assertEquals(taskDefinitionArn(7), m.get("previousTaskDefinitionArn"));
    assertEquals(NEW, m.get("deploymentId"));
    assertEquals("COMPLETED", m.get("rolloutState"));
    assertEquals(false, m.get("rolledBack"));

    JsonNode describe = EcsFake.body(fake.requests(ECS, "DescribeTaskDefinition").get(0));
    assertEquals(taskDefinitionArn(7), describe.path("taskDefinition").asText());
    assertEquals("[\"TAGS\"]", describe.path("include").toString());
    JsonNode update = EcsFake.body(fake.requests(ECS, "UpdateService").get(0));
    assertEquals("shop", update.path("cluster").asText());
    assertEquals("api", update.path("service").asText());
    assertEquals(taskDefinitionArn(8), update.path("taskDefinition").asText());
    assertFalse(update.has("desiredCount"));

    // each event once, oldest first; the one from before the deploy not at all
    String text = log.text();
    assertEquals(1, count(text, "has started 2 tasks"));
    assertEquals(1, count(text, "has stopped 2 running tasks"));
    assertEquals(1, count(text, "has reached a steady state"));
    assertTrue(text.indexOf("has started 2 tasks") < text.indexOf("has stopped 2 running tasks"));
    assertTrue(text, text.contains("[ecsDeploy] deployment " + NEW + " IN_PROGRESS: 0 running, 2 pending, 2 desired,"
        + " 0 failed tasks"));
    assertTrue(text, text.contains("[ecsDeploy] deployment " + NEW + " COMPLETED: api:8 runs on api after"));
    // the signature is SigV4 for ecs in the region
    String auth = fake.requests(ECS, "UpdateService").get(0).getHeader("Authorization");
    assertTrue(auth, auth.contains("/eu-west-3/ecs/aws4_request"));
    assertFalse(text.contains("h15-secret-key-never-shown"));
  }

  @Test
  public void theNewRevisionEqualsTheDocumentedFullTaskDefinitionButForTheImage() {
    describedAndRegistered();
    fake.sequence(ECS, "DescribeServices", List.of(
        services(7, true, "ECS", List.of(deployment(OLD, "PRIMARY", 7, "COMPLETED", 2, 2, 0, 0)), List.of()),
        services(8, true, "ECS", List.of(deployment(NEW, "PRIMARY", 8, "COMPLETED", 2, 2, 0, 0)), List.of())));
    fake.sequence(ECS, "UpdateService", List.of(EcsFake.updated(8, NEW)));

    run(Map.of("containerName", "app", "image", IMAGE));

    JsonNode registered = EcsFake.body(fake.requests(ECS, "RegisterTaskDefinition").get(0));
    ObjectNode expected = FULL.deepCopy();
    ((ObjectNode) expected.path("containerDefinitions").get(0)).put("image", IMAGE);
    expected.set("tags", Json.read("[{\"key\":\"team\",\"value\":\"shop\"},{\"key\":\"cost-centre\",\"value\":\"\"}]"));
    assertEquals(expected, registered);
    // what AWS sets itself is not sent back
    for (String readOnly : TaskDefinitionCopy.READ_ONLY) {
      assertFalse(readOnly, registered.has(readOnly));
    }
  }

  @Test
  public void aContainerTheTaskDefinitionLacksIsBadInputListingItsContainersAndNothingIsRegistered() throws IOException {
    describedAndRegistered();
    fake.sequence(ECS, "DescribeServices", List.of(
        services(7, true, "ECS", List.of(deployment(OLD, "PRIMARY", 7, "COMPLETED", 2, 2, 0, 0)), List.of())));
    Files.writeString(workspace.resolve("imagedefinitions.json"), "[{\"name\":\"web\",\"imageUri\":\"" + IMAGE + "\"}]");
    try {
      run(Map.of("imageDefinitions", "imagedefinitions.json"));
      fail("expected bad input");
    } catch (InvalidParameterException e) {
      assertEquals("imageDefinitions", e.parameter());
      assertEquals("invalid parameter 'imageDefinitions': container 'web' is not in task definition api:7; its"
          + " containers are app, cache", e.getMessage());
    }
    assertEquals(0, fake.requests(ECS, "RegisterTaskDefinition").size());
    assertEquals(0, fake.requests(ECS, "UpdateService").size());
  }

  @Test
  public void theCircuitBreakerFailsAndRollsBackByItself() {
    describedAndRegistered();
    fake.sequence(ECS, "DescribeServices", List.of(
        services(7, true, "ECS", List.of(deployment(OLD, "PRIMARY", 7, "COMPLETED", 2, 2, 0, 0)), List.of()),
        services(8, true, "ECS", List.of(deployment(NEW, "PRIMARY", 8, "IN_PROGRESS", 2, 0, 2, 1), old("COMPLETED", 2)),
            List.of(event("f1", "(service api) (task n1) failed container health checks."))),
        services(7, true, "ECS", List.of(deployment(BACK, "PRIMARY", 7, "IN_PROGRESS", 2, 2, 0, 0),
            deployment(NEW, "ACTIVE", 8, "FAILED", 2, 0, 0, 3)),
            List.of(event("f2", "(service api) deployment " + NEW + " deployment failed: tasks failed to start."),
                event("f1", "(service api) (task n1) failed container health checks."))),
        services(7, true, "ECS", List.of(deployment(BACK, "PRIMARY", 7, "COMPLETED", 2, 2, 0, 0)),
            List.of(event("f3", "(service api) has reached a steady state.")))));
    fake.sequence(ECS, "UpdateService", List.of(EcsFake.updated(8, NEW)));
    fake.sequence(ECS, "ListTasks", List.of(EcsFake.stoppedTaskList("n1", "n2")));
    fake.sequence(ECS, "DescribeTasks", List.of(EcsFake.stoppedTasks(
        "Task failed container health checks", 137, "OutOfMemoryError: Container killed due to memory usage", "n1", "n2")));

    EcsDeployResult result = run(Map.of("containerName", "app", "image", IMAGE));

    assertEquals(ExitCodes.FAILED, result.exitCode());
    assertEquals("FAILED", result.rolloutState());
    assertTrue(result.rolledBack());
    assertEquals(BACK, result.toMap().get("rollbackDeploymentId"));
    assertEquals("COMPLETED", result.toMap().get("rollbackState"));
    assertEquals("the circuit breaker rolls back: no UpdateService of ours", 1, fake.requests(ECS, "UpdateService").size());
    JsonNode list = EcsFake.body(fake.requests(ECS, "ListTasks").get(0));
    assertEquals(NEW, list.path("startedBy").asText());
    assertEquals("STOPPED", list.path("desiredStatus").asText());
    String text = log.text();
    assertTrue(text, text.contains("[ecsDeploy] task n1 stopped: Task failed container health checks; container app"
        + " exit 137 (OutOfMemoryError: Container killed due to memory usage)"));
    assertTrue(text, text.contains("[ecsDeploy] the circuit breaker rolls back to api:7: following deployment " + BACK));
    assertTrue(text, text.contains("rolled back: api:7 runs again (deployment " + BACK + " COMPLETED"));
  }

  @Test
  public void aFailureWithoutTheBreakersRollbackIsRolledBackByUsWithRollbackOnFailure() {
    describedAndRegistered();
    fake.sequence(ECS, "DescribeServices", List.of(
        services(7, false, "ECS", List.of(deployment(OLD, "PRIMARY", 7, "COMPLETED", 2, 2, 0, 0)), List.of()),
        services(8, false, "ECS", List.of(deployment(NEW, "PRIMARY", 8, "FAILED", 2, 0, 0, 3), old("COMPLETED", 2)),
            List.of()),
        services(7, false, "ECS", List.of(deployment(BACK, "PRIMARY", 7, "COMPLETED", 2, 2, 0, 0)), List.of())));
    fake.sequence(ECS, "UpdateService", List.of(EcsFake.updated(8, NEW), EcsFake.updated(7, BACK)));
    fake.sequence(ECS, "ListTasks", List.of(EcsFake.stoppedTaskList("n1")));
    fake.sequence(ECS, "DescribeTasks", List.of(EcsFake.stoppedTasks("Essential container in task exited", 1,
        "exit status 1", "n1")));

    EcsDeployResult result = run(Map.of("containerName", "app", "image", IMAGE));

    assertEquals(ExitCodes.FAILED, result.exitCode());
    assertTrue(result.rolledBack());
    var updates = fake.requests(ECS, "UpdateService");
    assertEquals(2, updates.size());
    assertEquals(taskDefinitionArn(7), EcsFake.body(updates.get(1)).path("taskDefinition").asText());
    assertTrue(log.text(), log.text().contains("[ecsDeploy] rolling back to api:7: deployment " + BACK));
  }

  @Test
  public void aRolloutThatNeverSettlesTimesOutAndIsRolledBack() {
    describedAndRegistered();
    fake.sequence(ECS, "DescribeServices", List.of(
        services(7, true, "ECS", List.of(deployment(OLD, "PRIMARY", 7, "COMPLETED", 2, 2, 0, 0)), List.of()),
        services(8, true, "ECS", List.of(deployment(NEW, "PRIMARY", 8, "IN_PROGRESS", 2, 1, 1, 0), old("COMPLETED", 2)),
            List.of())));
    fake.sequence(ECS, "UpdateService", List.of(EcsFake.updated(8, NEW), EcsFake.updated(7, BACK)));
    fake.sequence(ECS, "ListTasks", List.of(EcsFake.stoppedTaskList()));
    // after our rollback the service settles on the previous revision
    fake.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/")
        .withHeader("X-Amz-Target", com.github.tomakehurst.wiremock.client.WireMock.equalTo(ECS + "DescribeServices"))
        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("api"))
        .inScenario("rolledBack").whenScenarioStateIs("back")
        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(services(7, true, "ECS",
            List.of(deployment(BACK, "PRIMARY", 7, "COMPLETED", 2, 2, 0, 0)), List.of()))));
    fake.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/")
        .withHeader("X-Amz-Target", com.github.tomakehurst.wiremock.client.WireMock.equalTo(ECS + "ListTasks"))
        .inScenario("rolledBack").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
        .willSetStateTo("back").willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("{\"taskArns\":[]}")));

    EcsDeployResult result = run(Map.of("containerName", "app", "image", IMAGE, "wait", "300ms"));

    assertEquals(ExitCodes.FAILED, result.exitCode());
    assertEquals("TIMED_OUT", result.rolloutState());
    assertTrue(result.rolledBack());
    assertTrue(log.text(), log.text().contains("[ecsDeploy] WARNING: deployment " + NEW + " TIMED_OUT: not settled within"
        + " wait 300ms"));
    assertTrue(log.text(), log.text().contains("no stopped tasks listed"));
  }

  @Test
  public void throttlingAnsweredTwiceIsRetriedToSuccess() {
    describedAndRegistered();
    String steady = services(7, true, "ECS", List.of(deployment(OLD, "PRIMARY", 7, "COMPLETED", 2, 2, 0, 0)), List.of());
    String throttled = "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}";
    String scenario = "throttled";
    fake.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/")
        .withHeader("X-Amz-Target", com.github.tomakehurst.wiremock.client.WireMock.equalTo(ECS + "DescribeServices"))
        .inScenario(scenario).whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
        .willSetStateTo("once").willReturn(com.github.tomakehurst.wiremock.client.WireMock.status(400).withBody(throttled)));
    fake.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/")
        .withHeader("X-Amz-Target", com.github.tomakehurst.wiremock.client.WireMock.equalTo(ECS + "DescribeServices"))
        .inScenario(scenario).whenScenarioStateIs("once")
        .willSetStateTo("twice").willReturn(com.github.tomakehurst.wiremock.client.WireMock.status(400).withBody(throttled)));
    fake.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/")
        .withHeader("X-Amz-Target", com.github.tomakehurst.wiremock.client.WireMock.equalTo(ECS + "DescribeServices"))
        .inScenario(scenario).whenScenarioStateIs("twice")
        .willSetStateTo("steady").willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(steady)));
    fake.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/")
        .withHeader("X-Amz-Target", com.github.tomakehurst.wiremock.client.WireMock.equalTo(ECS + "DescribeServices"))
        .inScenario(scenario).whenScenarioStateIs("steady")
        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(services(8, true, "ECS",
            List.of(deployment(NEW, "PRIMARY", 8, "COMPLETED", 2, 2, 0, 0)), List.of()))));
    fake.sequence(ECS, "UpdateService", List.of(EcsFake.updated(8, NEW)));

    EcsDeployResult result = run(Map.of("containerName", "app", "image", IMAGE));

    assertEquals(ExitCodes.OK, result.exitCode());
    assertEquals(4, fake.requests(ECS, "DescribeServices").size());
    assertTrue(log.text(), log.text().contains("[ecsDeploy] ECS DescribeServices answered ThrottlingException: retry 1 of 4"));
    assertTrue(log.text(), log.text().contains("[ecsDeploy] ECS DescribeServices answered ThrottlingException: retry 2 of 4"));
  }

  @Test
  public void accessDeniedIsOneLineAndNothingIsRegistered() {
    fake.error(ECS, "DescribeServices", 400, "AccessDeniedException", "User: arn:aws:iam::123456789012:user/ci is not"
        + " authorized to perform: ecs:DescribeServices on resource: " + EcsFake.SERVICE_ARN);
    try {
      run(Map.of("containerName", "app", "image", IMAGE));
      fail("expected a failure");
    } catch (StepFailedException e) {
      assertEquals("ECS DescribeServices failed: AccessDeniedException: User: arn:aws:iam::123456789012:user/ci is not"
          + " authorized to perform: ecs:DescribeServices on resource: " + EcsFake.SERVICE_ARN + " (HTTP 400)",
          e.getMessage());
      assertEquals(ExitCodes.FAILED, io.deploysteps.cli.DeployStepsCli.exitCodeOf(e));
    }
    assertEquals(1, fake.requests(ECS, "DescribeServices").size());
    assertEquals(0, fake.requests(ECS, "RegisterTaskDefinition").size());
  }

  @Test
  public void aServiceThatIsNotThereIsBadInput() {
    fake.answer(ECS, "DescribeServices", 200, "{\"services\":[],\"failures\":[{\"arn\":\"" + EcsFake.SERVICE_ARN
        + "\",\"reason\":\"MISSING\"}]}");
    try {
      run(Map.of("containerName", "app", "image", IMAGE));
      fail("expected bad input");
    } catch (InvalidParameterException e) {
      assertEquals("invalid parameter 'service': no service 'api' in cluster 'shop' (MISSING)", e.getMessage());
    }
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
