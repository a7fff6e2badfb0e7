package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.DeployLabels;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerCli;
import io.deploysteps.docker.DockerUnavailableException;
import io.deploysteps.context.StepContext;
import io.deploysteps.http.JavaHttpProbe;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.testing.TestImage;
import io.deploysteps.time.TimeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/** blueGreenDeploy against the real dockerd, a real nginx of its own and busybox images. */
public class BlueGreenDeployIT {
  private static final String NAME = "it-bg-app";
  private static final int BLUE = 3101;
  private static final int GREEN = 3102;
  private static final String V1 = "it-bg-app:v1";
  private static final String V2 = "it-bg-app:v2";
  private static final String CRASH = "it-bg-app:crash";
  private static final String HC = "it-bg-app:hc";
  private static NginxFixture fixture;
  private static Docker docker;
  private static TestNginx nginx;
  private static Path dir;

  private final RecordingLog log = new RecordingLog();

  @BeforeClass
  public static void images() throws Exception {
    fixture = NginxFixture.start(NAME, BLUE, GREEN, 18101, TestImage.tagged(V1), TestImage.tagged(V2),
        TestImage.tagged(CRASH).crashing(), TestImage.tagged(HC).dockerHealthcheck("/health"));
    docker = fixture.docker;
    nginx = fixture.nginx;
    dir = nginx.dir;
  }

  @AfterClass
  public static void cleanUp() throws Exception {
    if (fixture != null) {
      fixture.stop();
    }
  }

  @Before
  @After
  public void noContainers() throws Exception {
    fixture.reset();
  }

  private Map<String, Object> params(String image) {
    Map<String, Object> m = fixture.params();
    if (image != null) {
      m.put("image", image);
    }
    return m;
  }

  private BlueGreenResult deploy(Map<String, Object> params) {
    return new BlueGreenRunner(ItSupport.context(log.log(), Map.of("GIT_COMMIT", "0123abc"))).run(BlueGreenRequest.fromMap(params));
  }

  private String served() {
    return ItSupport.get("http://127.0.0.1:" + nginx.port + "/");
  }

  @Test
  public void v1ThenV2SwitchesTrafficAndKeepsV1StoppedForRollback() {
    BlueGreenResult first = deploy(params(V1));
    assertEquals(GREEN, first.livePort());
    assertEquals("hello from " + V1, served());

    BlueGreenResult second = deploy(params(V2));
    assertEquals(BLUE, second.livePort());
    assertEquals("hello from " + V2, served());
    assertEquals(List.of(NAME + "-" + BLUE + " running " + V2, NAME + "-" + GREEN + " stopped " + V1),
        ItSupport.containers(docker, NAME + "-"));
    assertEquals(Map.of("container", NAME + "-" + GREEN, "port", GREEN, "image", V1), second.toMap().get("previous"));
    ContainerInfo live = docker.inspectContainer(NAME + "-" + BLUE).orElseThrow();
    assertEquals(NAME, live.labels().get(DeployLabels.SERVICE));
    assertEquals(String.valueOf(BLUE), live.labels().get(DeployLabels.PORT));
    assertEquals(V2, live.labels().get(DeployLabels.IMAGE));
    assertEquals("0123abc", live.labels().get(DeployLabels.REVISION));
    assertTrue(live.labels().containsKey(DeployLabels.DEPLOYED_AT));
    // Both colours come back after a reboot as they were: the live one runs, the stopped one stays stopped.
    assertEquals("unless-stopped", live.restartPolicy());
    assertEquals("unless-stopped", docker.inspectContainer(NAME + "-" + GREEN).orElseThrow().restartPolicy());
    assertEquals(NginxIncludeSwitch.content(BLUE), read(nginx.include));
    assertTrue(log.text(), log.text().contains("[blueGreenDeploy] health ok on 127.0.0.1:" + BLUE + " after "));
    assertTrue(second.phasesMillis().keySet().containsAll(List.of("prepare", "lock", "reconcile", "start", "health", "switch", "verify", "drain", "stop")));
    assertFalse("the lock is let go: its owner record is gone", Files.exists(dir.resolve("." + NAME + ".deploy.lock.owner")));
  }

  @Test
  public void anUnhealthyNewVersionLeavesTheLiveOneServingAndTheKeptOneForRollback() {
    deploy(params(V1));
    deploy(params(V2));
    try {
      deploy(params(CRASH));
      fail("expected the deploy to fail");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("traffic stays on 127.0.0.1:" + BLUE));
      assertTrue(e.getMessage(), e.getMessage().contains("exited with status 3"));
    }
    assertTrue("the new container's log is shown", log.text().contains("fatal: cannot start"));
    assertEquals("hello from " + V2, served());
    assertEquals(NginxIncludeSwitch.content(BLUE), read(nginx.include));
    assertEquals(List.of(NAME + "-" + BLUE + " running " + V2, NAME + "-" + GREEN + " stopped " + V1),
        ItSupport.containers(docker, NAME + "-"));
    Map<String, Object> p = params(null);
    p.put("rollback", true);
    deploy(p);
    assertEquals("hello from " + V1, served());
  }

  @Test
  public void aFailingNginxTestRestoresTheIncludeAndReloadsNothing() throws Exception {
    deploy(params(V1));
    Path broken = dir.resolve("broken.conf");
    Files.writeString(broken, "events {} http { server { listen 127.0.0.1:18102; bogus_directive on; } }\n");
    Map<String, Object> p = params(V2);
    p.put("proxy", Map.of("includeFile", nginx.include.toString(),
        "testCommand", List.of(io.deploysteps.testing.LocalStack.nginxBin(), "-p", dir.toString(), "-c", broken.toString(), "-t"),
        "reloadCommand", nginx.command("-s", "reload")));
    List<String> workersBefore = nginx.workers();
    try {
      deploy(p);
      fail("expected the deploy to fail");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("proxy test failed"));
      assertTrue(e.getMessage(), e.getMessage().contains("bogus_directive"));
    }
    assertEquals(NginxIncludeSwitch.content(GREEN), read(nginx.include));
    assertEquals("no reload: the same workers", workersBefore, nginx.workers());
    assertEquals("hello from " + V1, served());
    assertEquals(List.of(NAME + "-" + GREEN + " running " + V1), ItSupport.containers(docker, NAME + "-"));
  }

  @Test
  public void rollbackStartsTheKeptContainerAndSwitchesBack() {
    deploy(params(V1));
    deploy(params(V2));
    Map<String, Object> p = params(null);
    p.put("rollback", true);
    BlueGreenResult back = deploy(p);
    assertEquals(GREEN, back.livePort());
    assertEquals(V1, back.image());
    assertEquals("hello from " + V1, served());
    assertEquals(List.of(NAME + "-" + BLUE + " stopped " + V2, NAME + "-" + GREEN + " running " + V1),
        ItSupport.containers(docker, NAME + "-"));
    // And forward again: the rolled-back-from version is the kept one now, which a rollback goes to
    // only when 'to' names it (issue 11, item 6).
    p.put("to", V2);
    deploy(p);
    assertEquals("hello from " + V2, served());
  }

  @Test
  public void concurrentDeploysOfOneServiceRunOneAfterTheOther() throws Exception {
    deploy(params(V1));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<BlueGreenResult>> results = new ArrayList<>();
      for (String image : List.of(V2, V1)) {
        results.add(pool.submit(() -> deploy(params(image))));
      }
      List<Integer> ports = new ArrayList<>();
      for (Future<BlueGreenResult> f : results) {
        ports.add(f.get().livePort());
      }
      assertTrue(log.text(), log.text().contains("waiting for the deploy lock"));
      assertEquals("the two deploys went to different colours, one after the other", 2, ports.stream().distinct().count());
    } finally {
      pool.shutdownNow();
    }
    List<String> now = ItSupport.containers(docker, NAME + "-");
    assertEquals(now.toString(), 2, now.size());
    assertEquals(1, now.stream().filter(c -> c.contains(" running ")).count());
    String liveImage = now.stream().filter(c -> c.contains(" running ")).findFirst().orElseThrow().split(" ")[2];
    assertEquals("hello from " + liveImage, served());
  }

  @Test
  public void dockerHealthcheckAndLogLineGates() {
    Map<String, Object> p = params(HC);
    p.put("health", "docker");
    deploy(p);
    assertEquals("hello from " + HC, served());
    assertTrue(log.text(), log.text().contains("health ok on 127.0.0.1:" + GREEN));
    p = params(V1);
    p.put("health", Map.of("log", "listening on 127\\.0\\.0\\.1:" + BLUE));
    deploy(p);
    assertEquals("hello from " + V1, served());
  }

  @Test
  public void takesOverFromASeedScriptContainerWithoutLabels() {
    // What seed 003 leaves: NAME-PORT started by hand, no labels, the include pointing at it.
    docker.run(io.deploysteps.docker.RunSpec.image(V1).name(NAME + "-" + BLUE).network("host").env("PORT", String.valueOf(BLUE)).build());
    BlueGreenResult r = deploy(params(V2));
    assertEquals(GREEN, r.livePort());
    assertEquals("hello from " + V2, served());
    assertEquals(List.of(NAME + "-" + BLUE + " stopped " + V1, NAME + "-" + GREEN + " running " + V2),
        ItSupport.containers(docker, NAME + "-"));
    assertEquals(V1, r.toMap().get("previous") instanceof Map ? ((Map<?, ?>) r.toMap().get("previous")).get("image") : null);
  }

  @Test
  public void refusesAnIdlePortThatSomethingElseAnswersOn() {
    deploy(params(V1));
    // Another service's container squats the idle port: its answers must not pass our health gate.
    docker.run(io.deploysteps.docker.RunSpec.image(V2).name(NAME + "-squatter").network("host").env("PORT", String.valueOf(BLUE)).build());
    try {
      deploy(params(V2));
      fail("expected the deploy to fail");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("127.0.0.1:" + BLUE + " already answers (HTTP 200"));
    }
    assertEquals("hello from " + V1, served());
    assertEquals(NginxIncludeSwitch.content(GREEN), read(nginx.include));
  }

  @Test
  public void dockerDaemonDownIsOneClearErrorAndChangesNothing() {
    Map<String, String> env = Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock");
    LocalCommandRunner runner = new LocalCommandRunner(env, log.log(), false);
    StepContext down = StepContext.builder(runner, new LocalHostFiles(), log.log(), env, "/tmp",
        new DockerCli(runner, "docker", env)).time(TimeSource.system()).aws(spec -> null).probe(new JavaHttpProbe()).build();
    long start = System.nanoTime();
    try {
      new BlueGreenRunner(down).run(BlueGreenRequest.fromMap(params(V1)));
      fail("expected the deploy to fail");
    } catch (DockerUnavailableException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("DOCKER_HOST=unix:///nonexistent/docker.sock"));
    }
    assertTrue("within 10 s", System.nanoTime() - start < 10_000_000_000L);
    assertEquals(NginxIncludeSwitch.content(BLUE), read(nginx.include));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
