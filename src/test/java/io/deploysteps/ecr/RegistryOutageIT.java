package io.deploysteps.ecr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.cli.DeployStepsCli;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerCli;
import io.deploysteps.engine.ExitCodes;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.log.StepLog;
import io.deploysteps.testing.LocalStack;
import io.deploysteps.time.TimeSource;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The registry goes away between build and push: bounded retries, then failure (exit 1). Uses a
 * throwaway registry of its own on 127.0.0.1:5099, never the shared ones.
 */
public class RegistryOutageIT {
  private static final String HOST = "127.0.0.1:5099";
  private final String repository = "it-buildandpushecr/outage-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<String> lines = new ArrayList<>();
  private Path dir;
  private Process registry;
  private Docker docker;

  @Before
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("it-buildandpushecr-outage");
    Path config = dir.resolve("config.yml");
    Files.writeString(config, "version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: "
        + dir.resolve("data") + "\nhttp:\n  addr: " + HOST + "\n");
    registry = new ProcessBuilder("docker-registry", "serve", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
    RegistryApi api = new RegistryApi(HOST, null, null);
    for (int i = 0; i < 100 && !api.answers(); i++) {
      Thread.sleep(100);
    }
    assertTrue("the throwaway registry on " + HOST + " did not come up", api.answers());
    Path app = Files.createDirectories(dir.resolve("ws/app"));
    Files.copy(Paths.get(LocalStack.busybox()), app.resolve("busybox"));
    Files.writeString(app.resolve("Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\n");
    docker = new DockerCli(new LocalCommandRunner(StepLog.to(l -> { })), "docker", LocalStack.dockerEnv());
  }

  @After
  public void tearDown() throws Exception {
    registry.destroyForcibly().waitFor();
    List.of("try", "cli").forEach(t -> docker.removeImage(HOST + "/" + repository + ":" + t, true));
    new LocalHostFiles().deleteRecursively(dir.toString());
  }

  @Test
  public void registryStoppedBeforeThePushGivesBoundedRetriesThenFailure() {
    StepLog log = StepLog.to(line -> {
      synchronized (lines) {
        lines.add(line);
      }
      System.err.println(line);
      if (line.contains("] built ")) {
        registry.destroyForcibly(); // the registry dies between build and push
        try {
          registry.waitFor();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }).forStep("buildAndPushEcr");
    StepContext ctx = new StepContext(new LocalCommandRunner(log), new LocalHostFiles(), log, TimeSource.system(),
        LocalStack.dockerEnv(), dir.resolve("ws").toString(), docker, spec -> {
          throw new AssertionError("no AWS client for a plain registry");
        });
    BuildAndPushRequest request = BuildAndPushRequest.fromMap(
        Map.of("repository", repository, "registry", HOST, "context", "app", "tags", "try"));
    try {
      new BuildAndPushRunner(ctx, 3, Duration.ofMillis(200)).run(request);
      fail("expected the push to fail");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("push of " + HOST + "/" + repository + ":try failed after 3 attempts: "));
      assertTrue(e.getMessage(), e.getMessage().contains("connection refused"));
    }
    long retries = lines.stream().filter(l -> l.startsWith("[buildAndPushEcr] WARNING: push of ")).count();
    assertEquals(String.join("\n", lines), 2, retries);
    assertTrue(String.join("\n", lines), lines.stream().anyMatch(l -> l.contains("(attempt 2 of 3)") && l.contains("retrying in 0.4 s")));
  }

  @Test
  public void cliExitsWithOneWhenTheRegistryStaysDown() throws Exception {
    registry.destroyForcibly().waitFor();
    int code = DeployStepsCli.execute("build-and-push-ecr", "--workspace", new File(dir.resolve("ws").toString()).getPath(),
        "--registry", HOST, "--repository", repository, "--context", "app", "--tags", "cli");
    assertEquals(ExitCodes.FAILED, code);
  }
}
