package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.DeployLabels;
import io.deploysteps.docker.Docker;
import io.deploysteps.engine.ExitCodes;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.testing.LocalStack;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.testing.TestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * blueGreenDeploy under faults (issue 11), on the real dockerd and real nginx: a version that dies
 * right after its gate, a verify that cannot tell the colours apart, a reload that fails after it
 * applied, an include bind-mounted as a single file, a redeploy of the live image, a second rollback,
 * a tag that moved in the registry.
 */
public class BlueGreenFaultsIT {
  private static final String NAME = "h11a-bg";
  private static final int BLUE = 25110;
  private static final int GREEN = 25111;
  private static final String V1 = "h11a-bg:v1";
  private static final String V2 = "h11a-bg:v2";
  private static final String FLAKY = "h11a-bg:flaky";
  /** The images, seed 002's own site ({@link #plain}) and the reset of its include. */
  private static NginxFixture fixture;
  private static Docker docker;
  /** The shipped site template: names the upstream in a header. */
  private static TestNginx site;
  /** seed 002's own site: no header. */
  private static TestNginx plain;
  private static Path scripts;

  private final RecordingLog log = new RecordingLog();

  @BeforeClass
  public static void setUp() throws Exception {
    fixture = NginxFixture.start(NAME, BLUE, GREEN, 25102, TestImage.tagged(V1), TestImage.tagged(V2),
        TestImage.tagged(FLAKY).servingFor(1));
    docker = fixture.docker;
    plain = fixture.nginx;
    site = new TestNginx(Files.createTempDirectory("h11a-site"), 25101, BLUE, true);
    site.start();
    scripts = Files.createTempDirectory("h11a-scripts");
  }

  @AfterClass
  public static void tearDown() throws Exception {
    if (fixture == null) {
      return;
    }
    ItSupport.removeAll(docker, NAME + "-");
    if (site != null) {
      site.stop();
      ItSupport.deleteTree(site.dir);
    }
    ItSupport.deleteTree(scripts);
    fixture.stop();
  }

  @Before
  @After
  public void clean() throws Exception {
    fixture.reset();
    Files.writeString(site.include, NginxIncludeSwitch.content(BLUE));
    TestNginx.run(site.command("-s", "reload"));
    TestNginx.run(plain.command("-s", "reload"));
  }

  private static Map<String, Object> params(TestNginx nginx, String image) {
    Map<String, Object> m = NginxFixture.params(NAME, BLUE, GREEN, nginx);
    if (image != null) {
      m.put("image", image);
    }
    m.put("minHealthy", "0s");
    return m;
  }

  private BlueGreenResult deploy(Map<String, Object> params) {
    return new BlueGreenRunner(ItSupport.context(log.log(), Map.of())).run(BlueGreenRequest.fromMap(params));
  }

  private static String served(TestNginx nginx) {
    return ItSupport.get("http://127.0.0.1:" + nginx.port + "/");
  }

  private static List<String> containers() {
    return ItSupport.containers(docker, NAME + "-");
  }

  private StepFailedException deployFails(Map<String, Object> p) {
    try {
      deploy(p);
    } catch (StepFailedException e) {
      return e;
    }
    throw new AssertionError("expected the deploy to fail; log:\n" + log.text());
  }

  // 1. A version that dies right after its health gate.

  @Test
  public void aVersionThatDiesRightAfterItsGateIsNotPromotedAndTheOldOneServesOn() {
    deploy(params(site, V1));
    Map<String, Object> p = params(site, FLAKY);
    // No drain: minHealthy alone holds the old colour until the new one has lasted 2 s.
    p.put("drain", "0s");
    p.remove("minHealthy");
    StepFailedException e = deployFails(p);
    assertTrue(e.getMessage(), e.getMessage().contains(NAME + "-" + BLUE + "-next (127.0.0.1:" + BLUE + ") failed"));
    assertTrue(e.getMessage(), e.getMessage().contains("after its health gate"));
    assertTrue(e.getMessage(), e.getMessage().contains("traffic is back on 127.0.0.1:" + GREEN));
    assertEquals("hello from " + V1, served(site));
    assertEquals(NginxIncludeSwitch.content(GREEN), read(site.include));
    assertEquals(List.of(NAME + "-" + GREEN + " running " + V1), containers());
  }

  // 2. verify proves which colour answered.

  @Test
  public void verifyReadsTheUpstreamHeaderAndRefusesAnNginxThatStillServesTheOldColour() {
    deploy(params(site, V1));
    assertTrue(log.text(), log.text().contains("from upstream http://127.0.0.1:" + GREEN));
    Map<String, Object> p = params(site, V2);
    // /health answers "ok" from both versions, and nginx never picks up the new include (as with a
    // single-file bind mount): bodies prove nothing, the header does.
    p.put("verifyUrl", "http://127.0.0.1:" + site.port + "/health");
    p.put("proxy", Map.of("includeFile", site.include.toString(), "testCommand", site.command("-t"), "reloadCommand", List.of("true")));
    StepFailedException e = deployFails(p);
    assertTrue(e.getMessage(), e.getMessage().contains("does not answer from 127.0.0.1:" + BLUE));
    assertTrue(e.getMessage(), e.getMessage().contains("from upstream http://127.0.0.1:" + GREEN));
    assertEquals("hello from " + V1, served(site));
    assertEquals(List.of(NAME + "-" + GREEN + " running " + V1), containers());
  }

  @Test
  public void withoutTheHeaderAVerifyBothColoursAnswerAlikeIsAWarning() {
    deploy(params(plain, V1));
    Map<String, Object> p = params(plain, V2);
    p.put("verifyUrl", "http://127.0.0.1:" + plain.port + "/health");
    BlueGreenResult r = deploy(p);
    assertEquals(ExitCodes.UNSTABLE, r.exitCode());
    assertEquals(1, r.warnings().size());
    assertTrue(r.warnings().get(0), r.warnings().get(0).contains("cannot prove which colour nginx serves"));
    // A body that tells the versions apart proves the switch: no warning.
    BlueGreenResult back = deploy(params(plain, V1));
    assertEquals(ExitCodes.OK, back.exitCode());
  }

  @Test
  public void anIncludeBindMountedAsASingleFileIsRefusedBeforeAnythingStarts() throws Exception {
    List<String> run = new ArrayList<>(List.of("env", "DOCKER_HOST=" + LocalStack.dockerHost(), "docker", "run", "--detach",
        "--name", NAME + "-nginx", "--network", "host", "--env", "PORT=25119",
        "--volume", site.include + ":/etc/nginx/service-url.inc:ro", V1));
    TestNginx.run(run);
    try {
      deploy(params(site, V2));
      fail("expected a refusal");
    } catch (InvalidParameterException e) {
      assertEquals("proxy.includeFile", e.parameter());
      assertTrue(e.getMessage(), e.getMessage().contains(NAME + "-nginx:/etc/nginx/service-url.inc"));
      assertTrue(e.getMessage(), e.getMessage().contains("Mount the include's directory " + site.dir));
    }
    assertEquals(List.of(NAME + "-nginx running " + V1), containers());
    assertEquals(NginxIncludeSwitch.content(BLUE), read(site.include));
  }

  // 3. A failed verify drains before it removes the new colour; a reload that fails after nginx did reload.

  @Test
  public void aFailedVerifyDrainsBeforeItRemovesTheNewColour() throws Exception {
    deploy(params(site, V1));
    Map<String, Object> p = params(site, V2);
    p.put("drain", "2s");
    p.put("verifyUrl", "http://127.0.0.1:" + site.port + "/health");
    p.put("proxy", Map.of("includeFile", site.include.toString(), "testCommand", site.command("-t"), "reloadCommand", List.of("true")));
    java.util.concurrent.atomic.AtomicLong backAt = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong goneAt = new java.util.concurrent.atomic.AtomicLong();
    io.deploysteps.log.StepLog timed = io.deploysteps.log.StepLog.to(line -> {
      if (line.contains("switched back")) {
        backAt.compareAndSet(0, System.nanoTime());
      }
      System.err.println(line);
    });
    Thread watcher = new Thread(() -> {
      while (goneAt.get() == 0 && !Thread.currentThread().isInterrupted()) {
        if (backAt.get() != 0 && docker.inspectContainer(NAME + "-" + BLUE + "-next").isEmpty()) {
          goneAt.set(System.nanoTime());
        }
        TestNginx.sleep(20);
      }
    });
    watcher.start();
    try {
      new BlueGreenRunner(ItSupport.context(timed, Map.of())).run(BlueGreenRequest.fromMap(p));
      fail("expected the verify to fail");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("traffic is back on 127.0.0.1:" + GREEN));
    }
    watcher.join(10_000);
    assertTrue("the old colour was proven back", backAt.get() != 0);
    long drainedMillis = (goneAt.get() - backAt.get()) / 1_000_000L;
    assertTrue("the new colour was removed " + drainedMillis + " ms after traffic went back", drainedMillis >= 1800);
    assertEquals(List.of(NAME + "-" + GREEN + " running " + V1), containers());
  }

  @Test
  public void aReloadThatFailsAfterApplyingEndsWithTheOldColourProvenLive() throws Exception {
    deploy(params(site, V1));
    Map<String, Object> p = params(site, V2);
    p.put("proxy", Map.of("includeFile", site.include.toString(), "testCommand", site.command("-t"),
        "reloadCommand", List.of(script("reload-then-fail", site.command("-s", "reload"), false).toString())));
    StepFailedException e = deployFails(p);
    assertTrue(e.getMessage(), e.getMessage().contains("proxy reload failed"));
    assertTrue(e.getMessage(), e.getMessage().contains("traffic is back on 127.0.0.1:" + GREEN + " (" + NAME + "-" + GREEN + "), proven"));
    for (int i = 0; i < 20; i++) {
      assertEquals("request " + i + " after the step returned", "hello from " + V1, served(site));
    }
    assertEquals(List.of(NAME + "-" + GREEN + " running " + V1), containers());
  }

  @Test
  public void whenTheOldColourCannotBeProvenBackBothColoursKeepRunning() throws Exception {
    deploy(params(site, V1));
    Map<String, Object> p = params(site, V2);
    // The first reload applies (and says it failed); the ones after it do nothing: nginx stays on the new colour.
    p.put("proxy", Map.of("includeFile", site.include.toString(), "testCommand", site.command("-t"),
        "reloadCommand", List.of(script("reload-once", site.command("-s", "reload"), true).toString())));
    StepFailedException e = deployFails(p);
    assertTrue(e.getMessage(), e.getMessage().contains("switching back to 127.0.0.1:" + GREEN + " is NOT proven"));
    assertTrue(e.getMessage(), e.getMessage().contains("Both colours are left running"));
    assertEquals(List.of(NAME + "-" + BLUE + "-next running " + V2, NAME + "-" + GREEN + " running " + V1), containers());
    assertEquals("hello from " + V2, served(site));
  }

  // 5. A redeploy of the live image.

  @Test
  public void redeployingTheLiveImageChangesNothingUnlessForced() {
    deploy(params(site, V1));
    deploy(params(site, V2));
    List<String> before = containers();
    BlueGreenResult again = deploy(params(site, V2));
    assertEquals("unchanged", again.action());
    assertEquals(BLUE, again.livePort());
    assertTrue(log.text(), log.text().contains("already runs " + V2));
    assertEquals(before, containers());
    assertEquals(Map.of("container", NAME + "-" + GREEN, "port", GREEN, "image", V1), again.toMap().get("previous"));
    Map<String, Object> rollback = params(site, null);
    rollback.put("rollback", true);
    assertEquals(V1, deploy(rollback).image());
    assertEquals("hello from " + V1, served(site));

    Map<String, Object> forced = params(site, V1);
    forced.put("force", true);
    BlueGreenResult r = deploy(forced);
    assertEquals("deploy", r.action());
    assertEquals(BLUE, r.livePort());
    assertEquals("hello from " + V1, served(site));
  }

  // 6. A second rollback.

  @Test
  public void aSecondRollbackIsRefusedUnlessToNamesTheVersion() {
    deploy(params(site, V1));
    deploy(params(site, V2));
    Map<String, Object> p = params(site, null);
    p.put("rollback", true);
    deploy(p);
    assertTrue(log.text(), log.text().contains("rolling back to " + NAME + "-" + GREEN + " (" + V1));
    assertEquals("hello from " + V1, served(site));
    try {
      deploy(p);
      fail("expected a refusal");
    } catch (InvalidParameterException e) {
      assertEquals("to", e.parameter());
      assertTrue(e.getMessage(), e.getMessage().contains("go forward to " + NAME + "-" + BLUE + " (" + V2 + ")"));
    }
    assertEquals("hello from " + V1, served(site));
    p.put("to", V1);
    try {
      deploy(p);
      fail("expected a refusal");
    } catch (InvalidParameterException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("is not the kept version"));
    }
    p.put("to", V2);
    assertEquals(V2, deploy(p).image());
    assertEquals("hello from " + V2, served(site));
  }

  // Also: pull, and the digest that runs.

  @Test
  public void pullAlwaysRunsTheTagAsTheRegistryHasItNowAndLabelsTheDigest() {
    String tag = LocalStack.registry() + "/h11a-bg:live";
    docker.tag(V1, tag);
    docker.push(tag, line -> { });
    assertEquals("hello from " + V1, deployAndServe(tag));
    // The registry's tag moves to v2 while the host's cache still has v1 under that name.
    docker.tag(V2, tag);
    docker.push(tag, line -> { });
    docker.tag(V1, tag);
    BlueGreenResult r = deploy(params(site, tag));
    assertEquals("hello from " + V2, served(site));
    assertTrue(r.digest(), r.digest().startsWith(LocalStack.registry() + "/h11a-bg@sha256:"));
    ContainerInfo live = docker.inspectContainer(NAME + "-" + r.livePort()).orElseThrow();
    assertEquals(r.digest(), live.labels().get(DeployLabels.DIGEST));
    assertEquals(live.imageId(), live.labels().get(DeployLabels.IMAGE_ID));

    Map<String, Object> never = params(site, LocalStack.registry() + "/h11a-bg:nowhere");
    never.put("pull", "never");
    StepFailedException e = deployFails(never);
    assertTrue(e.getMessage(), e.getMessage().contains("pull is 'never'; nothing was changed"));
    docker.removeImage(tag, true);
  }

  private String deployAndServe(String image) {
    deploy(params(site, image));
    return served(site);
  }

  /** A reload script: runs {@code reload}, exits 1; with {@code once}, only the first call reloads. */
  private static Path script(String name, List<String> reload, boolean once) throws Exception {
    Path s = scripts.resolve(name + ".sh");
    Path marker = scripts.resolve(name + ".done");
    Files.deleteIfExists(marker);
    String run = String.join(" ", reload);
    Files.writeString(s, "#!/bin/sh\n" + (once ? "[ -e " + marker + " ] && exit 1\ntouch " + marker + "\n" : "") + run + "\nexit 1\n");
    Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
    return s;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
