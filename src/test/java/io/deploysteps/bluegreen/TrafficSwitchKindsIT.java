package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.deploysteps.cli.TestPause;
import io.deploysteps.docker.Docker;
import io.deploysteps.testing.TestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * The HAProxy runtime-API kind and the nginx upstream-block kind through the CLI, with the include
 * kind's scenarios (BlueGreenDeployIT, BlueGreenCrashIT, BlueGreenFaultsIT): v1 then v2, an
 * unhealthy v2, a failed switch, SIGKILL at each phase then a re-run, rollback, a concurrent deploy.
 */
@RunWith(Parameterized.class)
public class TrafficSwitchKindsIT {
  private static final String NAME = "h18-kinds";
  private static final int BLUE = 31321;
  private static final int GREEN = 31322;
  private static final String V1 = "h18-kinds:v1";
  private static final String V2 = "h18-kinds:v2";
  private static final String CRASH = "h18-kinds:crash";
  private static Docker docker;
  private static Path dir;
  private static TestHaproxy haproxy;
  private static TestNginx nginx;
  private static Path upstreamFile;
  private static String upstreamStart;

  @Parameterized.Parameters(name = "{0}")
  public static Collection<Object[]> kinds() {
    return Arrays.asList(new Object[][] {{"haproxy"}, {"upstream"}});
  }

  @Parameterized.Parameter
  public String kind;

  @BeforeClass
  public static void setUp() throws Exception {
    docker = ItSupport.docker();
    TestImage.tagged(V1).build(docker);
    TestImage.tagged(V2).build(docker);
    TestImage.tagged(CRASH).crashing().build(docker);
    dir = Files.createTempDirectory("h18-kinds");
    haproxy = new TestHaproxy(dir.resolve("haproxy"), 31320);
    haproxy.start();
    nginx = new TestNginx(dir.resolve("nginx"), 31323, BLUE);
    upstreamFile = nginx.dir.resolve("upstream.conf");
    // Seed 004's layout: the block in a file of the user's own, the other colour's line commented out.
    upstreamStart = "upstream h18_app {\n    server 127.0.0.1:3000 down max_fails=3 fail_timeout=5s;  # live colour\n"
        + "    # server 127.0.0.1:3001 max_fails=3 fail_timeout=5s;\n    keepalive 8;\n}\n";
    Files.writeString(upstreamFile, upstreamStart);
    nginx.serve("  include " + upstreamFile + ";",
        "  server {", "    listen 127.0.0.1:" + nginx.port + ";", "    location / {", "      proxy_pass http://h18_app;",
        "      proxy_http_version 1.1;", "      proxy_set_header Connection \"\";",
        "      add_header " + TrafficSwitch.UPSTREAM_HEADER + " $upstream_addr always;", "    }", "  }");
    nginx.start();
  }

  @AfterClass
  public static void tearDown() throws Exception {
    if (haproxy != null) {
      haproxy.stop();
    }
    if (nginx != null) {
      nginx.stop();
    }
    ItSupport.deleteTree(dir);
    for (String image : List.of(V1, V2, CRASH)) {
      docker.removeImage(image, true);
    }
  }

  @Before
  @After
  public void clean() throws Exception {
    ItSupport.removeAll(docker, NAME + "-");
    // Back to "nothing deployed": HAProxy's server in maintenance, the upstream's server down.
    haproxy.reset();
    Files.writeString(upstreamFile, upstreamStart);
    TestNginx.run(nginx.command("-s", "reload"));
  }

  private int publicPort() {
    return kind.equals("haproxy") ? haproxy.port : nginx.port;
  }

  private List<String> args(String image, String... more) {
    List<String> a = new ArrayList<>(List.of("blue-green-deploy", "--name", NAME, "--image", image,
        "--ports", BLUE + "," + GREEN, "--health", "/health", "--health-timeout", "10s", "--drain", "200ms", "--stop-timeout", "5s",
        "--verify-url", "http://127.0.0.1:" + publicPort() + "/"));
    if (kind.equals("haproxy")) {
      a.addAll(List.of("--proxy-haproxy-socket", haproxy.socket.toString(), "--proxy-haproxy-backend", "app",
          "--proxy-haproxy-server", "live", "--proxy-haproxy-config-file", haproxy.site.toString()));
    } else {
      a.addAll(List.of("--proxy-upstream-file", upstreamFile.toString(), "--proxy-upstream", "h18_app",
          "--proxy-test-command", String.join(" ", nginx.command("-t")),
          "--proxy-reload-command", String.join(" ", nginx.command("-s", "reload"))));
    }
    a.addAll(List.of(more));
    return a;
  }

  private CliProcess deploy(Map<String, String> env, String image, String... more) throws Exception {
    CliProcess p = CliProcess.start(env, args(image, more));
    p.exitCode(90);
    return p;
  }

  private void deployOk(String image, String... more) throws Exception {
    CliProcess p = deploy(Map.of(), image, more);
    assertEquals(p.stderrText(), 0, p.exitCode(1));
  }

  private String served() {
    return ItSupport.get("http://127.0.0.1:" + publicPort() + "/");
  }

  /** Where the kind's own config says traffic goes: the port in HAProxy's site file or the upstream's server line. */
  private String configured() throws Exception {
    return kind.equals("haproxy") ? Files.readString(haproxy.site).lines().filter(l -> l.contains("server live ")).findFirst().orElseThrow()
        .strip() : Files.readString(upstreamFile).lines().filter(l -> l.strip().startsWith("server ")).findFirst().orElseThrow().strip();
  }

  private String liveLine(int port) {
    return kind.equals("haproxy") ? "server live 127.0.0.1:" + port
        : "server 127.0.0.1:" + port + " max_fails=3 fail_timeout=5s;  # live colour";
  }

  @Test
  public void v1ThenV2SwitchesTrafficAndTheConfigFollows() throws Exception {
    String haproxyPid = Files.readString(haproxy.dir.resolve("haproxy.pid")).strip();
    deployOk(V1);
    assertEquals("hello from " + V1, served());
    assertEquals(liveLine(BLUE), configured());
    deployOk(V2);
    assertEquals("hello from " + V2, served());
    assertEquals(liveLine(GREEN), configured());
    assertEquals(List.of(NAME + "-" + BLUE + " stopped " + V1, NAME + "-" + GREEN + " running " + V2),
        ItSupport.containers(docker, NAME + "-"));
    if (kind.equals("haproxy")) {
      assertEquals("no reload, no restart", haproxyPid, Files.readString(haproxy.dir.resolve("haproxy.pid")).strip());
    } else {
      assertTrue(Files.readString(upstreamFile).contains("    # server 127.0.0.1:3001 max_fails=3 fail_timeout=5s;\n    keepalive 8;\n"));
    }
  }

  @Test
  public void anUnhealthyV2LeavesV1Serving() throws Exception {
    deployOk(V1);
    CliProcess p = deploy(Map.of(), CRASH);
    assertEquals(p.stderrText(), 1, p.exitCode(1));
    assertEquals("hello from " + V1, served());
    assertEquals(liveLine(BLUE), configured());
    assertEquals(List.of(NAME + "-" + BLUE + " running " + V1), ItSupport.containers(docker, NAME + "-"));
  }

  @Test
  public void aFailedSwitchIsRestoredAndV1ServesProven() throws Exception {
    deployOk(V1);
    if (kind.equals("haproxy")) {
      // HAProxy crashed (its socket file left behind): the runtime API cannot answer, nothing changes.
      new ProcessBuilder("kill", "-KILL", Files.readString(haproxy.dir.resolve("haproxy.pid")).strip()).start().waitFor();
      TestNginx.sleep(200);
      CliProcess again = deploy(Map.of(), V2);
      assertEquals(again.stderrText(), 1, again.exitCode(1));
      assertTrue(again.stderrText(), again.stderrText().contains("HAProxy runtime API 'show servers state app'"));
      assertEquals(List.of(NAME + "-" + BLUE + " running " + V1), ItSupport.containers(docker, NAME + "-"));
      haproxy.stop("KILL");
      haproxy.start();
      assertEquals("a restart comes back on the live colour", "hello from " + V1, served());
    } else {
      List<String> a = args(V2);
      a.set(a.indexOf("--proxy-test-command") + 1, "false");
      CliProcess p = CliProcess.start(Map.of(), a);
      assertEquals(p.stderrText(), 1, p.exitCode(90));
      assertTrue(p.stderrText(), p.stderrText().contains("proxy test failed"));
      assertEquals("hello from " + V1, served());
    }
    assertEquals(liveLine(BLUE), configured());
  }

  private void killAt(String point) throws Exception {
    deployOk(V1);
    CliProcess p = CliProcess.start(Map.of(TestPause.ENV, point), args(V2));
    p.awaitLine("test pause at " + point, 60);
    p.kill9();
    CliProcess again = deploy(Map.of(), V2);
    assertEquals(again.stderrText(), 0, again.exitCode(1));
    assertEquals("hello from " + V2, served());
    assertEquals(liveLine(GREEN), configured());
    List<String> now = ItSupport.containers(docker, NAME + "-");
    assertEquals(List.of(NAME + "-" + BLUE + " stopped " + V1, NAME + "-" + GREEN + " running " + V2), now);
  }

  @Test
  public void killedAfterTheCandidateStartedThenRunAgain() throws Exception {
    killAt("candidate-started");
  }

  @Test
  public void killedBetweenTheChangeAndItsActivationThenRunAgain() throws Exception {
    killAt("include-written");
  }

  @Test
  public void killedBeforeTheOldContainerStoppedThenRunAgain() throws Exception {
    killAt("before-stop");
  }

  @Test
  public void rollbackGoesBackToV1() throws Exception {
    deployOk(V1);
    deployOk(V2);
    deployOk(V1, "--rollback");
    assertEquals("hello from " + V1, served());
    assertEquals(liveLine(BLUE), configured());
  }

  @Test
  public void aSecondDeployWaitsForTheLockThenTheFirstConverges() throws Exception {
    deployOk(V1);
    CliProcess first = CliProcess.start(Map.of(TestPause.ENV, "before-stop"), args(V2));
    first.awaitLine("test pause at before-stop", 60);
    CliProcess second = deploy(Map.of(), V1, "--lock-timeout", "1s");
    assertEquals(second.stderrText(), 1, second.exitCode(1));
    assertTrue(second.stderrText(), second.stderrText().contains("another deploy of this service holds the lock"));
    first.kill9();
    deployOk(V2);
    assertEquals("hello from " + V2, served());
    assertEquals(liveLine(GREEN), configured());
  }
}
