package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.deploysteps.cli.TestPause;
import io.deploysteps.docker.Docker;
import io.deploysteps.testing.LocalStack;
import io.deploysteps.testing.TestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The CLI SIGKILLed at several points of a deploy, then run again: traffic must end on a healthy
 * container with no strays and no lock left. Also the CLI's one-line errors for a dead daemon and bad input.
 */
public class BlueGreenCrashIT {
  private static final String NAME = "it-bg-crash";
  private static final int BLUE = 3111;
  private static final int GREEN = 3112;
  private static final String V1 = "it-bg-crash:v1";
  private static final String V2 = "it-bg-crash:v2";
  private static NginxFixture fixture;
  private static Docker docker;
  private static TestNginx nginx;
  private static Path dir;

  @BeforeClass
  public static void setUp() throws Exception {
    fixture = NginxFixture.start(NAME, BLUE, GREEN, 18103, TestImage.tagged(V1), TestImage.tagged(V2));
    docker = fixture.docker;
    nginx = fixture.nginx;
    dir = nginx.dir;
  }

  @AfterClass
  public static void tearDown() throws Exception {
    if (fixture != null) {
      fixture.stop();
    }
  }

  @Before
  @After
  public void clean() throws Exception {
    fixture.reset();
  }

  private List<String> args(String image, String... more) {
    List<String> a = new ArrayList<>(List.of("blue-green-deploy", "--name", NAME, "--image", image,
        "--ports", BLUE + "," + GREEN, "--health", "/health", "--drain", "200ms", "--stop-timeout", "5s",
        "--verify-url", "http://127.0.0.1:" + nginx.port + "/",
        "--proxy-include-file", nginx.include.toString(),
        "--proxy-test-command", String.join(" ", nginx.command("-t")),
        "--proxy-reload-command", String.join(" ", nginx.command("-s", "reload"))));
    a.addAll(List.of(more));
    return a;
  }

  private void deployOk(String image) throws Exception {
    CliProcess p = CliProcess.start(Map.of(), args(image));
    assertEquals(p.stderrText(), 0, p.exitCode(60));
  }

  private String served() {
    return ItSupport.get("http://127.0.0.1:" + nginx.port + "/");
  }

  private void killAt(String point) throws Exception {
    deployOk(V1);
    assertEquals("hello from " + V1, served());
    CliProcess p = CliProcess.start(Map.of(TestPause.ENV, point), args(V2));
    p.awaitLine("test pause at " + point, 60);
    p.kill9();
  }

  private CliProcess assertConverged() throws Exception {
    CliProcess again = CliProcess.start(Map.of(), args(V2));
    assertEquals(again.stderrText(), 0, again.exitCode(60));
    assertTrue(again.stderrText(), again.stderrText().contains("taking over the deploy lock"));
    assertEquals("hello from " + V2, served());
    List<String> now = ItSupport.containers(docker, NAME + "-");
    assertEquals(now.toString(), 2, now.size());
    assertEquals(now.toString(), 1, now.stream().filter(c -> c.contains(" running " + V2)).count());
    assertEquals("v1 is the one kept for rollback: " + now, 1, now.stream().filter(c -> c.contains(" stopped " + V1)).count());
    int live = Integer.parseInt(now.stream().filter(c -> c.contains(" running ")).findFirst().orElseThrow()
        .split(" ")[0].substring(NAME.length() + 1));
    assertEquals(NginxIncludeSwitch.content(live), Files.readString(nginx.include));
    try (Stream<Path> files = Files.list(dir)) {
      List<String> left = files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("."))
          .collect(Collectors.toList());
      // The lock file itself stays (a new file under its name would be a second lock); nobody holds it.
      assertEquals("no owner record and no temp include left", List.of("." + NAME + ".deploy.lock"), left);
    }
    return again;
  }

  @Test
  public void killedAfterTheCandidateStarted() throws Exception {
    killAt("candidate-started");
    assertEquals("hello from " + V1, served());
    assertConverged();
  }

  @Test
  public void killedAfterTheIncludeWasWrittenBeforeTheReload() throws Exception {
    killAt("include-written");
    assertEquals(NginxIncludeSwitch.content(BLUE), Files.readString(nginx.include));
    assertEquals("not reloaded yet", "hello from " + V1, served());
    assertTrue(assertConverged().stderrText().contains("the interrupted deploy of " + V2 + " is complete"));
  }

  @Test
  public void killedBeforeTheOldContainerStopped() throws Exception {
    killAt("before-stop");
    // nginx -s reload only signals the master: old workers may take a moment to stop accepting.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!served().equals("hello from " + V2) && System.nanoTime() < deadline) {
      TestNginx.sleep(20);
    }
    assertEquals("hello from " + V2, served());
    assertEquals(2, ItSupport.containers(docker, NAME + "-").stream().filter(c -> c.contains(" running ")).count());
    assertTrue(assertConverged().stderrText().contains("the interrupted deploy of " + V2 + " is complete"));
  }

  /** v1 then v2 deployed, then a rollback to v1 killed at {@code point} and run again. */
  private CliProcess rollbackKilledAt(String point) throws Exception {
    deployOk(V1);
    deployOk(V2);
    assertEquals("hello from " + V2, served());
    CliProcess p = CliProcess.start(Map.of(TestPause.ENV, point), args(V1, "--rollback"));
    p.awaitLine("test pause at " + point, 60);
    p.kill9();
    CliProcess again = CliProcess.start(Map.of(), args(V1, "--rollback"));
    assertEquals(again.stderrText(), 0, again.exitCode(60));
    assertEquals("the rollback's intent holds: v1 serves", "hello from " + V1, served());
    List<String> now = ItSupport.containers(docker, NAME + "-");
    assertEquals(List.of(NAME + "-" + BLUE + " stopped " + V2, NAME + "-" + GREEN + " running " + V1), now);
    assertEquals(NginxIncludeSwitch.content(GREEN), Files.readString(nginx.include));
    return again;
  }

  @Test
  public void aRollbackKilledAfterTheIncludeWasWrittenIsCompletedNotUndone() throws Exception {
    CliProcess again = rollbackKilledAt("include-written");
    assertTrue(again.stderrText(), again.stderrText().contains("the interrupted rollback to " + V1 + " is complete"));
  }

  @Test
  public void aRollbackKilledBeforeTheOldContainerStoppedIsCompletedNotUndone() throws Exception {
    CliProcess again = rollbackKilledAt("before-stop");
    assertTrue(again.stderrText(), again.stderrText().contains("the interrupted rollback to " + V1 + " is complete"));
  }

  @Test
  public void aSecondDeployWaitsForTheFirstThenGoes() throws Exception {
    deployOk(V1);
    CliProcess first = CliProcess.start(Map.of(TestPause.ENV, "before-stop"), args(V2));
    first.awaitLine("test pause at before-stop", 60);
    CliProcess second = CliProcess.start(Map.of(), args(V1, "--lock-timeout", "1s"));
    assertEquals(second.stderrText(), 1, second.exitCode(30));
    assertTrue(second.stderrText(), second.stderrText().contains("another deploy of this service holds the lock"));
    assertTrue(second.stderrText(), second.stderrText().contains("pid " + first.process.pid()));
    first.kill9();
    assertConverged();
  }

  @Test
  public void dockerDaemonDownIsOneLineNamingDockerHostWithin10Seconds() throws Exception {
    long start = System.nanoTime();
    CliProcess p = CliProcess.start(Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock"), args(V1));
    assertEquals(1, p.exitCode(30));
    assertTrue(System.nanoTime() - start < 10_000_000_000L);
    assertEquals(List.of("deploy-steps: cannot reach the Docker daemon at DOCKER_HOST=unix:///nonexistent/docker.sock:"
        + " Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock. Is the docker daemon running?"),
        List.of(p.stderrText().split("\n")));
  }

  @Test
  public void badInputExitsTwoNamingTheParameterAndStartsNothing() throws Exception {
    for (List<String> bad : List.of(List.of("--ports", "3111,3111"), List.of("--name", "Bad_Name"),
        List.of("--health", "health"), List.of("--network", "container:web"), List.of("--image", "UPPER:case"),
        List.of("--proxy-include-file", "/nonexistent-dir/service-url.inc"))) {
      List<String> a = args(V1);
      for (int i = 0; i < bad.size(); i += 2) {
        int at = a.indexOf(bad.get(i));
        if (at >= 0) {
          a.set(at + 1, bad.get(i + 1));
        } else {
          a.addAll(List.of(bad.get(i), bad.get(i + 1)));
        }
      }
      CliProcess p = CliProcess.start(Map.of(), a);
      assertEquals(p.stderrText(), 2, p.exitCode(30));
      String key = bad.get(0).substring(2).replace("proxy-include-file", "proxy.includeFile").replace("-", "");
      assertTrue(p.stderrText(), p.stderrText().contains("invalid parameter '" + key));
    }
    assertEquals(List.of(), ItSupport.containers(docker, NAME + "-"));
    // The lock file of earlier tests may be there (it is never deleted); no deploy holds it.
    assertFalse(Files.exists(dir.resolve("." + NAME + ".deploy.lock.owner")));
    assertTrue(LocalStack.dockerHost().startsWith("unix://"));
  }
}
