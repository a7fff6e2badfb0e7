package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.docker.Docker;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.testing.LocalStack;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.testing.TestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue 17 item 7, what the host scripts do, against the real dockerd and a real nginx of its own:
 * the old colour kept running as a hot standby, an app still running as a host process on a colour's
 * port (a real process listening on 127.0.0.1), and variables for one colour only.
 */
public class BlueGreenHostScriptsIT {
  private static final String NAME = "h17b-scripts";
  private static final int BLUE = 31760;
  private static final int GREEN = 31761;
  private static final int NGINX = 31762;
  private static final String V1 = "h17b-scripts:v1";
  private static final String V2 = "h17b-scripts:v2";
  private static Docker docker;
  private static TestNginx nginx;
  private static Path dir;

  private final RecordingLog log = new RecordingLog();
  private Process hostProcess;

  @BeforeClass
  public static void images() throws Exception {
    docker = ItSupport.docker();
    TestImage.tagged(V1).envPage("profile", "SPRING_PROFILES_ACTIVE").build(docker);
    TestImage.tagged(V2).envPage("profile", "SPRING_PROFILES_ACTIVE").build(docker);
    dir = Files.createTempDirectory("h17b-scripts");
    nginx = new TestNginx(dir.resolve("nginx"), NGINX, BLUE);
    nginx.start();
  }

  @AfterClass
  public static void cleanUp() throws Exception {
    if (nginx != null) {
      nginx.stop();
    }
    for (String image : List.of(V1, V2)) {
      docker.removeImage(image, true);
    }
    ItSupport.deleteTree(dir);
  }

  @Before
  @After
  public void noContainers() throws Exception {
    if (hostProcess != null) {
      hostProcess.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      hostProcess = null;
    }
    ItSupport.removeAll(docker, NAME + "-");
    Files.writeString(nginx.include, NginxIncludeSwitch.content(BLUE));
  }

  private Map<String, Object> params(String image, Object... kv) {
    Map<String, Object> m = new HashMap<>();
    m.put("name", NAME);
    if (image != null) {
      m.put("image", image);
    }
    m.put("ports", List.of(BLUE, GREEN));
    m.put("health", Map.of("path", "/health", "body", "ok"));
    m.put("healthTimeout", "20s");
    m.put("drain", "200ms");
    m.put("minHealthy", "500ms");
    m.put("stopTimeout", 5);
    m.put("verifyUrl", "http://127.0.0.1:" + NGINX + "/");
    m.put("proxy", nginx.includeProxy());
    return ItSupport.with(m, kv);
  }

  private BlueGreenResult deploy(Map<String, Object> params) {
    return new BlueGreenRunner(ItSupport.context(log.log(), Map.of())).run(BlueGreenRequest.fromMap(params));
  }

  private static String served(String path) {
    return ItSupport.get("http://127.0.0.1:" + NGINX + path);
  }

  @Test
  public void keepPreviousRunningKeepsTheOldColourUpSoARollbackIsOnlyTheSwitch() {
    // nginx points at blue, where nothing runs yet: the first deploy goes to green.
    deploy(params(V1, "keepPrevious", "running"));
    deploy(params(V2, "keepPrevious", "running"));
    assertEquals("hello from " + V2, served("/"));
    List<String> both = List.of(NAME + "-" + BLUE + " running " + V2, NAME + "-" + GREEN + " running " + V1);
    assertEquals("the old colour stays up as a hot standby", both, ItSupport.containers(docker, NAME + "-"));
    assertEquals("and answers on its own port", "hello from " + V1, ItSupport.get("http://127.0.0.1:" + GREEN + "/"));
    assertTrue(log.text(), log.text().contains("kept " + NAME + "-" + GREEN + " running as a hot standby (keepPrevious: running)"));

    int before = log.lines().size();
    BlueGreenResult back = deploy(params(null, "rollback", true, "keepPrevious", "running"));
    List<String> rollback = log.lines().subList(before, log.lines().size());
    assertEquals(GREEN, back.livePort());
    assertEquals("hello from " + V1, served("/"));
    assertTrue(rollback.toString(), rollback.stream().anyMatch(l -> l.contains(NAME + "-" + GREEN
        + " already runs on 127.0.0.1:" + GREEN + " (hot standby): checking it, then switching")));
    assertFalse("no container was started: " + rollback, rollback.stream().anyMatch(l -> l.contains("started ")));
    assertEquals(both, ItSupport.containers(docker, NAME + "-"));

    // The next deploy goes to the standby's port: the standby is stopped first, and kept until the new one is live.
    deploy(params(V2, "keepPrevious", "running"));
    assertEquals("hello from " + V2, served("/"));
    assertTrue(log.text(), log.text().contains("stopped the standby " + NAME + "-" + BLUE + ": the new version starts on 127.0.0.1:"
        + BLUE));
    assertEquals(both, ItSupport.containers(docker, NAME + "-"));
  }

  @Test
  public void aFailedDeployOverTheStandbyStartsTheStandbyAgain() throws Exception {
    deploy(params(V1, "keepPrevious", "running"));
    deploy(params(V2, "keepPrevious", "running"));
    String sick = "h17b-scripts:sick";
    TestImage.tagged(sick).withoutPage("health").build(docker);
    try {
      deploy(params(sick, "keepPrevious", "running", "healthTimeout", "3s"));
      fail("the sick image must not pass its health gate");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("traffic stays on 127.0.0.1:" + BLUE));
    } finally {
      docker.removeImage(sick, true);
    }
    assertEquals("hello from " + V2, served("/"));
    assertTrue(log.text(), log.text().contains("started the standby " + NAME + "-" + GREEN + " again"));
    assertEquals(List.of(NAME + "-" + BLUE + " running " + V2, NAME + "-" + GREEN + " running " + V1),
        ItSupport.containers(docker, NAME + "-"));
  }

  /** The host-process scripts' app, still running outside Docker on {@code port}. */
  private Process hostApp(int port) throws Exception {
    Path www = Files.createDirectories(dir.resolve("www-" + port));
    Files.writeString(www.resolve("index.html"), "host process\n");
    Process p = new ProcessBuilder(LocalStack.busybox(), "httpd", "-f", "-p", "127.0.0.1:" + port, "-h", www.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    for (int i = 0; i < 100 && !ItSupport.get("http://127.0.0.1:" + port + "/").equals("host process"); i++) {
      Thread.sleep(50);
    }
    assertEquals("host process", ItSupport.get("http://127.0.0.1:" + port + "/"));
    return p;
  }

  @Test
  public void aHostProcessOnTheIdlePortIsNamedAndTheMigrationExplained() throws Exception {
    hostProcess = hostApp(GREEN);
    // nginx points at blue; nothing runs there, so the deploy goes to green, where the host process listens.
    try {
      deploy(params(V1));
      fail("a port held by a host process must be refused");
    } catch (StepFailedException e) {
      String m = e.getMessage();
      assertTrue(m, m.contains("pid " + hostProcess.pid() + " (" + LocalStack.busybox() + " httpd -f -p 127.0.0.1:" + GREEN));
      assertTrue(m, m.contains("a process outside Docker listens on it"));
      assertTrue(m, m.contains("run it on the port the proxy points at (" + BLUE + ") until the first deploy switches traffic"
          + " to the container, then stop it for good; nothing was changed"));
    }
    assertEquals(List.of(), ItSupport.containers(docker, NAME + "-"));
  }

  @Test
  public void aHostProcessOnTheLivePortServesUntilTheFirstDeployThenTheLogSaysToStopIt() throws Exception {
    hostProcess = hostApp(BLUE);
    assertEquals("host process", served("/"));

    BlueGreenResult r = deploy(params(V1));

    assertEquals(GREEN, r.livePort());
    assertEquals("hello from " + V1, served("/"));
    assertTrue(log.text(), log.text().contains("served by pid " + hostProcess.pid() + " (" + LocalStack.busybox()
        + " httpd -f -p 127.0.0.1:" + BLUE));
    assertTrue(log.text(), log.text().contains("a process outside Docker, not by a container of " + NAME
        + ": it serves until this deploy switches traffic to the container on 127.0.0.1:" + GREEN + "; then stop it for good"));
    assertFalse(log.text(), log.text().contains("requests fail"));
    assertTrue("blueGreenDeploy never stops what it did not start", hostProcess.isAlive());

    // Not stopped: the next deploy would start on its port, and is refused naming it.
    try {
      deploy(params(V2));
      fail("the host process still holds blue");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("pid " + hostProcess.pid() + " ("));
      assertTrue(e.getMessage(), e.getMessage().contains("a process outside Docker listens on it"));
    }
    assertEquals("hello from " + V1, served("/"));
  }

  @Test
  public void colourEnvGivesEachColourItsOwnVariables() {
    Map<String, Object> colourEnv = Map.of("blue", Map.of("SPRING_PROFILES_ACTIVE", "real1"),
        "green", Map.of("SPRING_PROFILES_ACTIVE", "real2"));
    deploy(params(V1, "colourEnv", colourEnv, "env", Map.of("SPRING_PROFILES_ACTIVE", "default")));
    assertEquals("green, the first deploy's colour (nginx pointed at blue)", "real2", served("/profile"));
    deploy(params(V2, "colourEnv", colourEnv, "env", Map.of("SPRING_PROFILES_ACTIVE", "default")));
    assertEquals("real1", served("/profile"));
    deploy(params(V1, "env", Map.of("SPRING_PROFILES_ACTIVE", "default"), "force", true));
    assertEquals("without colourEnv, env alone", "default", served("/profile"));
  }
}
