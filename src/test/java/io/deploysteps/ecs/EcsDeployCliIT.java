package io.deploysteps.ecs;

import static io.deploysteps.ecs.EcsFake.ECS;
import static io.deploysteps.ecs.EcsFake.deployment;
import static io.deploysteps.ecs.EcsFake.services;
import static io.deploysteps.ecs.EcsFake.taskDefinitionArn;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.engine.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * {@code deploy-steps ecs-deploy} as a process, through the launcher, pointed at the WireMock fake by
 * the SDK's own endpoint variables ({@code AWS_ENDPOINT_URL_ECS}): the CLI contract of issue 15.
 * WireMock only (no dockerd, nginx or database): it needs no IT lock.
 */
public class EcsDeployCliIT {
  private static final String NEW = "ecs-svc/2222222222222222222";
  private static final String IMAGE = "123456789012.dkr.ecr.eu-west-3.amazonaws.com/shop/api:5d6e7f8";
  private EcsFake fake;
  private Path workspace;

  @Before
  public void setUp() throws IOException {
    fake = new EcsFake(31402).start();
    workspace = Files.createTempDirectory("h15-ecs-cli");
    Files.writeString(workspace.resolve("imagedefinitions.json"), "[{\"name\":\"app\",\"imageUri\":\"" + IMAGE + "\"}]");
    fake.sequence(ECS, "DescribeTaskDefinition", List.of(EcsFake.described(EcsDeployRunnerTest.FULL, 7, List.of())));
    fake.sequence(ECS, "RegisterTaskDefinition", List.of(EcsFake.registered(EcsDeployRunnerTest.FULL, 8)));
    fake.sequence(ECS, "UpdateService", List.of(EcsFake.updated(8, NEW), EcsFake.updated(7, "ecs-svc/3")));
  }

  @After
  public void tearDown() throws IOException {
    fake.stop();
    try (var files = Files.walk(workspace)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static final class Run {
    int exit;
    String stdout;
    String stderr;
  }

  private Run cli(String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("sh", "bin/deploy-steps", "ecs-deploy"));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().put("AWS_ENDPOINT_URL_ECS", fake.url());
    pb.environment().put("AWS_ACCESS_KEY_ID", "AKIAH15EXAMPLE");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "h15-cli-secret-never-shown");
    pb.environment().put("DEPLOY_STEPS_JAR", System.getProperty("deploySteps.jar", "target/deploy-steps.jar"));
    Path out = Files.createTempFile("h15-ecs-cli", ".out");
    Path err = Files.createTempFile("h15-ecs-cli", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue("the CLI finished", p.waitFor(120, TimeUnit.SECONDS));
    Run r = new Run();
    r.exit = p.exitValue();
    r.stdout = Files.readString(out, StandardCharsets.UTF_8);
    r.stderr = Files.readString(err, StandardCharsets.UTF_8);
    Files.delete(out);
    Files.delete(err);
    System.err.println(r.stderr);
    assertFalse(r.stderr.contains("h15-cli-secret-never-shown"));
    assertFalse("no SLF4J warning of the SDK's in the log: " + r.stderr, r.stderr.contains("SLF4J"));
    return r;
  }

  @Test
  public void aCompletedRolloutPrintsTheJsonContract() throws Exception {
    fake.sequence(ECS, "DescribeServices", List.of(
        services(7, true, "ECS", List.of(deployment("ecs-svc/1", "PRIMARY", 7, "COMPLETED", 2, 2, 0, 0)), List.of()),
        services(8, true, "ECS", List.of(deployment(NEW, "PRIMARY", 8, "IN_PROGRESS", 2, 1, 1, 0)), List.of()),
        services(8, true, "ECS", List.of(deployment(NEW, "PRIMARY", 8, "COMPLETED", 2, 2, 0, 0)), List.of())));

    Run r = cli("--cluster", "shop", "--service", "api", "--region", "eu-west-3", "--image-definitions",
        "imagedefinitions.json", "--wait", "1m", "--credentials", "env", "--workspace", workspace.toString(), "--json");

    assertEquals(r.stderr, 0, r.exit);
    JsonNode json = Json.read(r.stdout);
    assertEquals(taskDefinitionArn(8), json.path("taskDefinitionArn").asText());
    assertEquals(taskDefinitionArn(7), json.path("previousTaskDefinitionArn").asText());
    assertEquals(NEW, json.path("deploymentId").asText());
    assertEquals("COMPLETED", json.path("rolloutState").asText());
    assertFalse(json.path("rolledBack").asBoolean(true));
    assertTrue(r.stderr, r.stderr.contains("[ecsDeploy] deployment " + NEW + " COMPLETED"));
  }

  @Test
  public void aFailedRolloutIsRolledBackAndExitsOne() throws Exception {
    fake.sequence(ECS, "DescribeServices", List.of(
        services(7, false, "ECS", List.of(deployment("ecs-svc/1", "PRIMARY", 7, "COMPLETED", 2, 2, 0, 0)), List.of()),
        services(8, false, "ECS", List.of(deployment(NEW, "PRIMARY", 8, "FAILED", 2, 0, 0, 2)), List.of()),
        services(7, false, "ECS", List.of(deployment("ecs-svc/3", "PRIMARY", 7, "COMPLETED", 2, 2, 0, 0)), List.of())));
    fake.sequence(ECS, "ListTasks", List.of(EcsFake.stoppedTaskList("n1")));
    fake.sequence(ECS, "DescribeTasks", List.of(EcsFake.stoppedTasks("Essential container in task exited", 3,
        "exit status 3", "n1")));

    Run r = cli("--cluster", "shop", "--service", "api", "--region", "eu-west-3", "--image-definitions",
        "imagedefinitions.json", "--credentials", "env", "--workspace", workspace.toString(), "--json");

    assertEquals(r.stderr, 1, r.exit);
    JsonNode json = Json.read(r.stdout);
    assertEquals("FAILED", json.path("rolloutState").asText());
    assertTrue(json.path("rolledBack").asBoolean(false));
    assertTrue(r.stderr, r.stderr.contains("[ecsDeploy] task n1 stopped: Essential container in task exited;"
        + " container app exit 3 (exit status 3)"));
  }

  @Test
  public void badInputIsExitTwoNamingTheParameterAndCallsNothing() throws Exception {
    Run r = cli("--cluster", "shop", "--service", "api", "--region", "eu-west-3", "--container-name", "app",
        "--credentials", "env");
    assertEquals(2, r.exit);
    assertTrue(r.stderr, r.stderr.contains("invalid parameter 'image': is required with containerName"));
    assertEquals(0, fake.ecsRequests().size());
  }

}
