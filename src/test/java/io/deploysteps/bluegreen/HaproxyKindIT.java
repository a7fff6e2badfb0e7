package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.deploysteps.cli.TestPause;
import io.deploysteps.docker.Docker;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.haproxy.RuntimeApi;
import io.deploysteps.haproxy.ServerState;
import io.deploysteps.log.StepLog;
import io.deploysteps.testing.TestImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The HAProxy kind with the include kind's coverage (BlueGreenDeployIT, BlueGreenCrashIT,
 * BlueGreenFaultsIT), through the CLI against a real HAProxy 2.6 of the test's own and real
 * dockerd: v1 then v2 then a rollback, an unhealthy v2, a switch refused before or in the middle
 * (put back), SIGKILL at each phase then a re-run, concurrent deploys. Each proves through HAProxy's
 * public port (a request loop: not one answer but a 2xx, no reset) and its runtime API
 * ({@code show servers state}); plus what only this kind does: the drain ends when HAProxy has no
 * stream to the old colour left, and a restart after a deploy serves the live colour.
 */
public class HaproxyKindIT {
  private static final String NAME = "h18c-hap";
  private static final int BLUE = 31801;
  private static final int GREEN = 31802;
  private static final String V1 = "h18c-hap:v1";
  private static final String V2 = "h18c-hap:v2";
  private static final String CRASH = "h18c-hap:crash";
  private static final String FLAKY = "h18c-hap:flaky";
  private static Docker docker;
  private static Path dir;
  private static TestHaproxy haproxy;

  @BeforeClass
  public static void setUp() throws Exception {
    docker = ItSupport.docker();
    TestImage.tagged(V1).slowPage("slow", 10).build(docker);
    TestImage.tagged(V2).build(docker);
    TestImage.tagged(CRASH).crashing().build(docker);
    TestImage.tagged(FLAKY).servingFor(1).build(docker);
    dir = Files.createTempDirectory("h18c-hap");
    haproxy = new TestHaproxy(dir.resolve("haproxy"), 31800);
  }

  @AfterClass
  public static void tearDown() throws Exception {
    if (haproxy != null) {
      haproxy.stop();
    }
    if (docker != null) {
      ItSupport.removeAll(docker, NAME + "-");
      for (String image : List.of(V1, V2, CRASH, FLAKY)) {
        docker.removeImage(image, true);
      }
    }
    ItSupport.deleteTree(dir);
  }

  @Before
  @After
  public void clean() throws Exception {
    ItSupport.removeAll(docker, NAME + "-");
    haproxy.reset();
  }

  private List<String> args(String image, String... more) {
    List<String> a = new ArrayList<>(List.of("blue-green-deploy", "--name", NAME, "--image", image, "--ports", BLUE + "," + GREEN,
        "--health", "/health", "--health-timeout", "10s", "--drain", "200ms", "--stop-timeout", "5s",
        "--verify-url", "http://127.0.0.1:" + haproxy.port + "/", "--proxy-haproxy-socket", haproxy.socket.toString(),
        "--proxy-haproxy-backend", "app", "--proxy-haproxy-server", "live", "--proxy-haproxy-config-file", haproxy.site.toString()));
    a.addAll(List.of(more));
    return a;
  }

  private CliProcess deploy(Map<String, String> env, String image, String... more) throws Exception {
    CliProcess p = CliProcess.start(env, args(image, more));
    p.exitCode(90);
    return p;
  }

  private CliProcess deployOk(String image, String... more) throws Exception {
    CliProcess p = deploy(Map.of(), image, more);
    assertEquals(p.stderrText(), 0, p.exitCode(1));
    return p;
  }

  private String served() {
    return ItSupport.get("http://127.0.0.1:" + haproxy.port + "/");
  }

  /** The server as HAProxy runs it: {@code 127.0.0.1:PORT ready}, or {@code ... maint} before any deploy. */
  private String runtime() {
    ServerState s = ServerState.parse(new RuntimeApi(new LocalCommandRunner(StepLog.to(l -> { })), haproxy.socket.toString())
        .send("show servers state app"), "app", "live");
    return s.address() + ":" + s.port() + (s.ready() ? " ready" : s.inMaintenance() ? " maint" : " drain");
  }

  /** The site file's server line: what a restart of HAProxy comes back on. */
  private String configured() throws Exception {
    return Files.readString(haproxy.site).lines().filter(l -> l.contains("server live ")).findFirst().orElseThrow().strip();
  }

  /** Live on {@code port}: HAProxy's runtime, its file and what a visitor gets agree. */
  private void assertLive(int port, String image) throws Exception {
    assertEquals("127.0.0.1:" + port + " ready", runtime());
    assertEquals("server live 127.0.0.1:" + port, configured());
    assertEquals("hello from " + image, served());
  }

  /** The dot-files beside the site file: only the lock files stay (nobody holds them), no owner record, no temp file. */
  private void assertNoLockHeldNorTempLeft() throws Exception {
    try (Stream<Path> files = Files.list(haproxy.dir)) {
      assertEquals(List.of("." + NAME + ".deploy.lock", ".site.cfg.edit.lock"),
          files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith(".")).sorted().toList());
    }
  }

  private String pid() throws Exception {
    return Files.readString(haproxy.dir.resolve("haproxy.pid")).strip();
  }

  @Test
  public void v1ThenV2ThenARollbackAndNoVisitorSeesAnythingButA2xx() throws Exception {
    assertEquals("127.0.0.1:3000 maint", runtime());
    try (RequestLoop nothingYet = RequestLoop.running(haproxy.port, "/")) {
      nothingYet.awaitRequests(4);
      nothingYet.close();
      assertTrue("the loop sees what HAProxy answers with nothing deployed: " + nothingYet.problems(),
          nothingYet.problems().size() >= 4 && nothingYet.problems().get(0).startsWith("answer: HTTP/1.1 503 "));
    }
    deployOk(V1);
    assertLive(BLUE, V1);
    String before = pid();
    try (RequestLoop loop = RequestLoop.start(haproxy.port, "/")) {
      deployOk(V2);
      assertLiveKept(GREEN, V2, V1);
      deployOk(V1, "--rollback");
      assertLiveKept(BLUE, V1, V2);
      loop.close();
      loop.assertClean(20);
      assertEquals("each switch is one step: no visitor went back to the old version before the next deploy",
          List.of("hello from " + V1, "hello from " + V2, "hello from " + V1), loop.served());
    }
    assertEquals("no reload, no restart", before, pid());
  }

  @Test
  public void anUnhealthyV2LeavesV1ServingAndNoVisitorNotices() throws Exception {
    deployOk(V1);
    try (RequestLoop loop = RequestLoop.start(haproxy.port, "/")) {
      CliProcess p = deploy(Map.of(), CRASH);
      assertEquals(p.stderrText(), 1, p.exitCode(1));
      assertTrue(p.stderrText(), p.stderrText().contains("exited with status 3"));
      assertLive(BLUE, V1);
      loop.close();
      loop.assertClean(5);
      assertEquals(List.of("hello from " + V1), loop.served());
    }
    assertEquals(List.of(NAME + "-" + BLUE + " running " + V1), ItSupport.containers(docker, NAME + "-"));
    assertNoLockHeldNorTempLeft();
  }

  @Test
  public void aV2ThatDiesRightAfterTheSwitchIsSwitchedBackOverTheRuntimeApiAndV1ServesProven() throws Exception {
    deployOk(V1);
    String site = Files.readString(haproxy.site);
    // It passes its gate, gets the traffic, then exits 1 a second later (minHealthy 2 s holds v1 until then).
    // Until the step sees it dead and switches back, HAProxy has nothing to send those visitors to.
    CliProcess p;
    try (RequestLoop during = RequestLoop.start(haproxy.port, "/")) {
      p = deploy(Map.of(), FLAKY);
      during.close();
      System.err.println("v2 died after the switch: " + during.problems().size() + " of " + during.requests()
          + " requests not a 2xx until the switch back " + during.problems().subList(0, Math.min(3, during.problems().size())));
    }
    String log = p.stderrText();
    assertEquals(log, 1, p.exitCode(1));
    assertTrue(log, log.contains("switched HAProxy server app/live to 127.0.0.1:" + GREEN));
    assertTrue(log, log.contains("after its health gate"));
    assertTrue(log, log.contains("traffic is back on 127.0.0.1:" + BLUE));
    assertLive(BLUE, V1);
    assertEquals(site, Files.readString(haproxy.site));
    assertEquals(List.of(NAME + "-" + BLUE + " running " + V1), ItSupport.containers(docker, NAME + "-"));
    try (RequestLoop loop = RequestLoop.start(haproxy.port, "/")) {
      loop.awaitRequests(20);
      loop.close();
      loop.assertClean(20);
      assertEquals(List.of("hello from " + V1), loop.served());
    }
    assertNoLockHeldNorTempLeft();
  }

  /**
   * A socat in front of the real one that fails the first command matching {@code pattern} (a
   * shell case pattern) as if the socket had gone, or, with {@code pretend}, answers it with
   * nothing and never sends it (HAProxy "took" a command it did not carry out).
   */
  private Map<String, String> socatFailing(String pattern, boolean pretend) throws Exception {
    Path shim = Files.createDirectories(dir.resolve("shim"));
    Path once = dir.resolve("fault-hit");
    Files.deleteIfExists(once);
    String socat = new String(new ProcessBuilder("sh", "-c", "command -v socat").start().getInputStream().readAllBytes()).strip();
    String fault = pretend ? "exit 0" : "echo \"socat E connect(): No such file or directory\" >&2; exit 1";
    Files.writeString(shim.resolve("socat"), "#!/bin/sh\ncmd=$(cat)\ncase \"$cmd\" in\n  " + pattern + ")\n    if [ ! -e " + once
        + " ]; then : > " + once + "; " + fault + "; fi ;;\nesac\nprintf '%s\\n' \"$cmd\" | exec " + socat + " \"$@\"\n");
    assertTrue(shim.resolve("socat").toFile().setExecutable(true));
    return Map.of("PATH", shim + ":" + System.getenv("PATH"));
  }

  /**
   * v1 live, then a deploy of v2 whose switch meets the socat fault {@code env} sets up: exit 1 with
   * a message saying {@code said}, and v1 live as before (HAProxy's runtime, its file, every visitor).
   */
  private List<String> aFailedSwitchLeavesV1(Map<String, String> env, String... said) throws Exception {
    deployOk(V1);
    String site = Files.readString(haproxy.site);
    List<String> served;
    try (RequestLoop loop = RequestLoop.start(haproxy.port, "/")) {
      CliProcess p = deploy(env, V2);
      String log = p.stderrText();
      assertEquals(log, 1, p.exitCode(1));
      assertTrue("the fault was hit", Files.exists(dir.resolve("fault-hit")));
      for (String s : said) {
        assertTrue(log, log.contains(s));
      }
      assertLive(BLUE, V1);
      loop.close();
      loop.assertClean(5);
      served = loop.served();
    }
    assertEquals(site, Files.readString(haproxy.site));
    assertEquals(List.of(NAME + "-" + BLUE + " running " + V1), ItSupport.containers(docker, NAME + "-"));
    assertNoLockHeldNorTempLeft();
    return served;
  }

  @Test
  public void anAddressChangeRefusedAfterTheChecksChangesNothingAndV1Serves() throws Exception {
    List<String> served = aFailedSwitchLeavesV1(socatFailing("*' addr 127.0.0.1 port " + GREEN + "'", false),
        "HAProxy runtime API 'set server app/live addr 127.0.0.1 port " + GREEN + "'");
    assertEquals(List.of("hello from " + V1), served);
  }

  @Test
  public void anActivationRefusedMidSwitchIsPutBackAndV1ServesProven() throws Exception {
    // 'set server ... addr' is already applied (traffic on v2) when 'state ready' fails.
    aFailedSwitchLeavesV1(socatFailing("*' state ready'", false), "HAProxy runtime API 'set server app/live state ready'",
        "traffic is back on 127.0.0.1:" + BLUE);
  }

  @Test
  public void aSwitchHaproxyDidNotCarryOutIsCaughtByTheReadBackAndV1Serves() throws Exception {
    List<String> served = aFailedSwitchLeavesV1(socatFailing("*' addr 127.0.0.1 port " + GREEN + "'", true),
        "reads back as 127.0.0.1:" + BLUE + " after the switch to 127.0.0.1:" + GREEN);
    assertEquals(List.of("hello from " + V1), served);
  }

  /** v1 live, a deploy of v2 SIGKILLed at {@code point} then run again: v2 live, v1 kept, no lock held; visitors saw only 2xx. */
  private CliProcess killedAtThenRunAgain(String point, String image, String... more) throws Exception {
    try (RequestLoop loop = RequestLoop.start(haproxy.port, "/")) {
      CliProcess p = CliProcess.start(Map.of(TestPause.ENV, point), args(image, more));
      p.awaitLine("test pause at " + point, 60);
      p.kill9();
      String during = runtime();
      CliProcess again = deploy(Map.of(), image, more);
      assertEquals(again.stderrText(), 0, again.exitCode(1));
      assertTrue(again.stderrText(), again.stderrText().contains("taking over the deploy lock"));
      loop.close();
      loop.assertClean(10);
      System.err.println("killed at " + point + ": HAProxy had " + during + "; " + loop.requests() + " requests, all 2xx");
      return again;
    }
  }

  /** v1 live, then v2 deployed and killed at {@code point}, run again: v2 live, v1 kept, no lock held. */
  private CliProcess upgradeKilledAt(String point) throws Exception {
    deployOk(V1);
    CliProcess again = killedAtThenRunAgain(point, V2);
    assertV2LiveV1Kept();
    return again;
  }

  private void assertV2LiveV1Kept() throws Exception {
    assertLiveKept(GREEN, V2, V1);
  }

  /** {@code image} live on {@code port}, {@code kept} stopped on the other colour, no lock held. */
  private void assertLiveKept(int port, String image, String kept) throws Exception {
    assertLive(port, image);
    String blue = port == BLUE ? " running " + image : " stopped " + kept;
    String green = port == GREEN ? " running " + image : " stopped " + kept;
    assertEquals(List.of(NAME + "-" + BLUE + blue, NAME + "-" + GREEN + green), ItSupport.containers(docker, NAME + "-"));
    assertNoLockHeldNorTempLeft();
  }

  @Test
  public void killedAfterTheCandidateStartedThenRunAgain() throws Exception {
    upgradeKilledAt("candidate-started");
  }

  @Test
  public void killedBetweenTheAddressChangeAndItsActivationThenRunAgain() throws Exception {
    CliProcess again = upgradeKilledAt("include-written");
    assertTrue(again.stderrText(), again.stderrText().contains("the interrupted deploy of " + V2 + " is complete"));
  }

  @Test
  public void killedBeforeTheOldContainerStoppedThenRunAgain() throws Exception {
    CliProcess again = upgradeKilledAt("before-stop");
    assertTrue(again.stderrText(), again.stderrText().contains("the interrupted deploy of " + V2 + " is complete"));
  }

  @Test
  public void killedBetweenTheAddressChangeAndTheFileThenHaproxyRestartsThenRunAgain() throws Exception {
    deployOk(V1);
    CliProcess p = CliProcess.start(Map.of(TestPause.ENV, "include-written"), args(V2));
    p.awaitLine("test pause at include-written", 60);
    p.kill9();
    assertEquals("127.0.0.1:" + GREEN + " ready", runtime());
    assertEquals("the file is written after the switch is read back", "server live 127.0.0.1:" + BLUE, configured());
    // The host's HAProxy restarts before anyone runs the deploy again: it comes back from the file.
    haproxy.stop("KILL");
    haproxy.start();
    assertLive(BLUE, V1);
    CliProcess again = deploy(Map.of(), V2);
    assertEquals(again.stderrText(), 0, again.exitCode(1));
    assertV2LiveV1Kept();
  }

  @Test
  public void aFirstDeployKilledBetweenTheAddressAndItsActivationThenRunAgain() throws Exception {
    // From maintenance: the address is set, the server not ready yet, the file not written.
    CliProcess p = CliProcess.start(Map.of(TestPause.ENV, "include-written"), args(V1));
    p.awaitLine("test pause at include-written", 60);
    p.kill9();
    assertEquals("127.0.0.1:" + BLUE + " maint", runtime());
    assertEquals("server live 127.0.0.1:3000 disabled", configured());
    CliProcess again = deploy(Map.of(), V1);
    assertEquals(again.stderrText(), 0, again.exitCode(1));
    assertLive(BLUE, V1);
    assertEquals(List.of(NAME + "-" + BLUE + " running " + V1), ItSupport.containers(docker, NAME + "-"));
    haproxy.stop("KILL");
    haproxy.start();
    assertEquals("a restart comes back on v1", "hello from " + V1, served());
    assertNoLockHeldNorTempLeft();
  }

  /** v1 then v2 deployed, a rollback to v1 killed at {@code point} and run again: the rollback's intent holds. */
  private void rollbackKilledAt(String point) throws Exception {
    deployOk(V1);
    deployOk(V2);
    CliProcess again = killedAtThenRunAgain(point, V1, "--rollback");
    assertTrue(again.stderrText(), again.stderrText().contains("the interrupted rollback to " + V1 + " is complete"));
    assertLiveKept(BLUE, V1, V2);
  }

  @Test
  public void aRollbackKilledBetweenTheAddressAndItsActivationIsCompletedNotUndone() throws Exception {
    rollbackKilledAt("include-written");
  }

  @Test
  public void aRollbackKilledBeforeTheOldContainerStoppedIsCompletedNotUndone() throws Exception {
    rollbackKilledAt("before-stop");
  }

  @Test
  public void concurrentDeploysOneHoldsTheLockOneGivesUpNamingItOneWaitsThenGoes() throws Exception {
    deployOk(V1);
    try (RequestLoop loop = RequestLoop.start(haproxy.port, "/")) {
      CliProcess first = CliProcess.start(Map.of(TestPause.ENV, "before-stop"), args(V2));
      first.awaitLine("test pause at before-stop", 60);
      CliProcess impatient = deploy(Map.of(), V1, "--lock-timeout", "1s");
      assertEquals(impatient.stderrText(), 1, impatient.exitCode(1));
      assertTrue(impatient.stderrText(), impatient.stderrText().contains("another deploy of this service holds the lock"));
      assertTrue(impatient.stderrText(), impatient.stderrText().contains("pid " + first.process.pid()));
      assertEquals("the holder's switch stands", "127.0.0.1:" + GREEN + " ready", runtime());
      CliProcess patient = CliProcess.start(Map.of(), args(V2, "--lock-timeout", "60s"));
      patient.awaitLine("waiting for the deploy lock", 30);
      first.kill9();
      assertEquals(patient.stderrText(), 0, patient.exitCode(90));
      assertTrue(patient.stderrText(), patient.stderrText().contains("taking over the deploy lock"));
      loop.close();
      loop.assertClean(10);
    }
    assertV2LiveV1Kept();
  }

  @Test
  public void twoDeploysStartedTogetherRunOneAfterTheOther() throws Exception {
    deployOk(V1);
    try (RequestLoop loop = RequestLoop.start(haproxy.port, "/")) {
      CliProcess a = CliProcess.start(Map.of(), args(V2));
      CliProcess b = CliProcess.start(Map.of(), args(V1, "--force"));
      assertEquals(a.stderrText(), 0, a.exitCode(90));
      assertEquals(b.stderrText(), 0, b.exitCode(90));
      assertTrue(a.stderrText() + "\n" + b.stderrText(), (a.stderrText() + b.stderrText()).contains("waiting for the deploy lock"));
      loop.close();
      loop.assertClean(10);
    }
    List<String> now = ItSupport.containers(docker, NAME + "-");
    assertEquals(now.toString(), 1, now.stream().filter(c -> c.contains(" running ")).count());
    String live = now.stream().filter(c -> c.contains(" running ")).findFirst().orElseThrow();
    int port = Integer.parseInt(live.split(" ")[0].substring(NAME.length() + 1));
    assertLive(port, live.split(" ")[2]);
    assertNoLockHeldNorTempLeft();
  }

  @Test
  public void theDrainEndsOnceHaproxyHasNoStreamToTheOldColourLeftAndThatRequestIsServed() throws Exception {
    deployOk(V1);
    // A request that takes 10 s, started on v1 before the deploy and still in flight at the switch.
    CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> {
      try {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + haproxy.port + "/cgi-bin/slow")).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body().strip() + " " + System.nanoTime();
      } catch (Exception e) {
        return "failed: " + e;
      }
    }, r -> new Thread(r).start()); // a thread of its own: the common pool may be busy
    TestNginx.sleep(300);
    long t0 = System.nanoTime();
    List<String> a = args(V2);
    a.set(a.indexOf("--drain") + 1, "60s");
    CliProcess p = CliProcess.start(Map.of(), a);
    p.awaitLine("switched HAProxy server app/live to 127.0.0.1:" + GREEN, 60);
    assertFalse("the slow request is still on v1 at the switch", slow.isDone());
    assertEquals(p.stderrText(), 0, p.exitCode(90));
    long done = System.nanoTime();
    String answer = slow.get(10, TimeUnit.SECONDS);
    assertTrue(answer, answer.startsWith("200 slow slow done "));
    long slowDone = Long.parseLong(answer.substring(answer.lastIndexOf(' ') + 1));
    String log = p.stderrText();
    assertTrue(log, log.contains("drained 127.0.0.1:" + BLUE + " early: HAProxy has no connection to it left"));
    assertTrue("the old colour stopped after its last request finished", done > slowDone);
    assertTrue("not the full 60 s drain: " + (done - t0) / 1_000_000 + " ms", done - t0 < TimeUnit.SECONDS.toNanos(40));
    assertLive(GREEN, V2);
  }

  @Test
  public void aRestartOfHaproxyAfterADeployComesBackOnTheLiveColour() throws Exception {
    deployOk(V1);
    deployOk(V2);
    assertEquals("server live 127.0.0.1:" + GREEN, configured());
    haproxy.stop("TERM");
    haproxy.start();
    assertLive(GREEN, V2);
    haproxy.stop("KILL");
    haproxy.start();
    assertLive(GREEN, V2);
    // And the next deploy starts from there.
    deployOk(V1);
    assertLive(BLUE, V1);
  }
}
