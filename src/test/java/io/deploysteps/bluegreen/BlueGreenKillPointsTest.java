package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.context.Checkpoints;
import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.DeployLabels;
import io.deploysteps.engine.InvalidParameterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * blueGreenDeploy killed at every checkpoint it passes and at every change it makes (first deploy,
 * upgrade, rollback; nginx's include kind and its upstream-block kind), then run again by a fresh
 * runner on the state the kill left (the same containers, nginx file and lock directory): issue
 * 11's promises hold. Traffic is on a healthy colour of the version asked for,
 * the killed run holds no lock and every change was made under it, nothing of the service runs
 * unaccounted, and the version before is kept for a rollback that works. In memory, about a tenth
 * of a second a case: BlueGreenCrashIT and TrafficSwitchKindsIT kill real CLI processes at the
 * checkpoints over real dockerd and nginx.
 */
@RunWith(Parameterized.class)
public class BlueGreenKillPointsTest {
  private static final String BLUE = "shop-3000";
  private static final String GREEN = "shop-4000";
  private static final String CALL = "call ";
  /** The calls that change something: Docker's, file writes and removals, nginx's reload. */
  private static final java.util.regex.Pattern CHANGE =
      java.util.regex.Pattern.compile("^(run|start|stop|rm|update|rename|write|mkdir|mktemp) |reload$");
  /** The watch's probes come in real time, so their count varies: the run's other calls are the kill points. */
  private static final String WATCH = KillableHost.WATCH;

  /** What is run: the deploys before it, the run that is killed, and what it must end in. */
  enum Scenario {
    FIRST_DEPLOY(List.of(), "shop:1", "shop:1", null),
    UPGRADE(List.of("shop:1"), "shop:2", "shop:2", "shop:1"),
    ROLLBACK(List.of("shop:1", "shop:2"), null, "shop:1", "shop:2");

    final List<String> before;
    /** The image deployed, null for a rollback. */
    final String image;
    final String live;
    final String kept;

    Scenario(List<String> before, String image, String live, String kept) {
      this.before = before;
      this.image = image;
      this.live = live;
      this.kept = kept;
    }
  }

  /**
   * Every checkpoint each scenario passes, then every change it makes (to containers, files, nginx),
   * found by a run that is not killed: a new checkpoint or change gets its test by itself. A kill at
   * a change leaves what the changes before it made; a kill at a read between two changes leaves
   * the same, so reads are no kill points of their own.
   */
  @Parameters(name = "{0} {1} killed at {2}")
  public static Collection<Object[]> killPoints() throws IOException {
    List<Object[]> out = new ArrayList<>();
    for (KillableHost.Kind kind : KillableHost.Kind.values()) {
      for (Scenario s : Scenario.values()) {
        out.addAll(killPoints(kind, s));
      }
    }
    return out;
  }

  private static List<Object[]> killPoints(KillableHost.Kind kind, Scenario s) throws IOException {
    List<Object[]> out = new ArrayList<>();
    {
      Path dir = Files.createTempDirectory("h14f-points");
      try {
        KillableHost host = new KillableHost(dir, kind);
        setUp(host, s);
        Set<String> points = new LinkedHashSet<>();
        Map<String, List<String>> calls = new java.util.concurrent.ConcurrentHashMap<>();
        host.beforeEach = (thread, what) -> calls.computeIfAbsent(thread, t -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(what);
        host.runner(points::add).run(request(host, s));
        points.forEach(p -> out.add(new Object[] {kind, s, p}));
        calls.remove(WATCH);
        new TreeMap<>(calls).forEach((thread, made) -> {
          for (int i = 0; i < made.size(); i++) {
            if (!CHANGE.matcher(made.get(i)).find()) {
              continue;
            }
            out.add(new Object[] {kind, s, CALL + thread + "#" + (i + 1) + " (" + made.get(i) + ")"});
          }
        });
      } finally {
        delete(dir);
      }
    }
    return out;
  }

  private final Scenario scenario;
  private final String point;
  private final Path dir;
  private final KillableHost host;

  public BlueGreenKillPointsTest(KillableHost.Kind kind, Scenario scenario, String point) throws IOException {
    this.scenario = scenario;
    this.point = point;
    this.dir = Files.createTempDirectory("h14f-kill");
    this.host = new KillableHost(dir, kind);
  }

  @After
  public void removeDir() throws IOException {
    delete(dir);
  }

  @Test
  public void aRunAgainAfterTheKillKeepsEveryPromise() {
    setUp(host, scenario);
    try {
      if (point.startsWith(CALL)) {
        String[] at = point.substring(CALL.length(), point.indexOf(' ', CALL.length())).split("#");
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        host.beforeEach = (thread, what) -> {
          if (thread.equals(at[0]) && calls.incrementAndGet() == Integer.parseInt(at[1])) {
            host.kill();
          }
        };
        host.runner(Checkpoints.NONE).run(request(host, scenario));
      } else {
        host.runner(killAt(point)).run(request(host, scenario));
      }
      fail("the run was not killed at " + point);
    } catch (RuntimeException e) {
      // SIGKILL: the run ends here (a catch of the runner's may have wrapped the kill: the cause says).
      if (!killed(e)) {
        throw e;
      }
    }
    host.beforeEach = (thread, what) -> { };
    assertFalse("the killed run's lock went with it", host.lockHeld());
    boolean ownerLeft = Files.exists(Path.of(host.lockFile + ".owner"));
    assertServes(scenario.before.isEmpty() ? null : scenario == Scenario.ROLLBACK ? "shop:2" : "shop:1",
        "while nobody runs, after the kill at " + point);

    try {
      BlueGreenResult again = host.runner(Checkpoints.NONE).run(request(host, scenario));
      assertEquals(scenario.live, again.toMap().get("image"));
    } catch (InvalidParameterException e) {
      // A rollback killed once it was complete (before it let go of the lock): the re-run cannot tell
      // it from one done long ago, and another rollback would go forward (issue 11 item 6). It
      // changes nothing, and the state must be the rolled-back one already.
      assertEquals(Scenario.ROLLBACK, scenario);
      assertTrue(e.getMessage(), e.getMessage().contains("the last rollback left " + BLUE + " (shop:1) live"));
    }
    assertConverged(scenario.live, scenario.kept);
    assertEquals("the re-run says it took over from the killed one, if that one held the lock: " + host.log.text(),
        ownerLeft, host.log.text().contains("taking over the deploy lock"));

    if (scenario.kept != null) {
      // The kept version is a rollback that works: back to it, proven through nginx (named, since after
      // a rollback another one without to: would be refused as going forward).
      host.runner(Checkpoints.NONE).run(BlueGreenRequest.fromMap(params(host, Map.of("rollback", true, "to", scenario.kept))));
      assertConverged(scenario.kept, scenario.live);
    }
  }

  /**
   * After the kill, before any re-run: nginx serves a running container of a version that was or
   * is being deployed, or (a first deploy) nothing yet; never a colour that does not run.
   */
  private void assertServes(String before, String when) {
    if (host.served < 0) {
      assertEquals("nothing was served before the first deploy (" + when + ")", null, before);
      return;
    }
    String answer = host.direct(host.served).body();
    assertTrue("nginx serves 127.0.0.1:" + host.served + " where a container runs (" + when + "): " + containers(),
        host.direct(host.served).answered());
    assertTrue("nginx serves the old or the new version (" + when + "): " + answer,
        answer.equals(before) || answer.equals(scenario.live));
  }

  /** One running colour with {@code live}, served by nginx as its file says; {@code kept} stopped on the other port. */
  private void assertConverged(String live, String kept) {
    String state = containers() + ", nginx's file " + host.configText() + ", nginx serves " + host.served;
    assertEquals("nginx serves what its file says: " + state, host.configPort(), host.served);
    assertEquals("traffic reaches " + live + ": " + state, live, host.direct(host.served).body());
    String liveName = "shop-" + host.served;
    String otherName = liveName.equals(BLUE) ? GREEN : BLUE;
    Map<String, String> expected = new TreeMap<>();
    expected.put(liveName, "running " + live);
    if (kept != null) {
      expected.put(otherName, "stopped " + kept);
    }
    assertEquals("one running colour, the previous one kept stopped, nothing else: " + state, expected, containers());
    assertEquals("no change without the lock", List.of(), host.unlockedChanges);
    assertFalse("nobody holds the lock once the run is over", host.lockHeld());
    if (kept != null) {
      // pruneDocker protects the kept colour by this record, labels or not (issue 11 item 8).
      ContainerInfo now = host.containers.all().get(liveName);
      ContainerInfo other = host.containers.all().get(otherName);
      assertTrue("the newer of the two names the other as its previous: " + now.labels() + " / " + other.labels(),
          now.id().equals(other.labels().get(DeployLabels.PREVIOUS)) || other.id().equals(now.labels().get(DeployLabels.PREVIOUS)));
    }
  }

  private static boolean killed(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof KillableHost.Killed) {
        return true;
      }
    }
    return false;
  }

  /** name -> running|stopped image, of every container on the host. */
  private Map<String, String> containers() {
    Map<String, String> out = new TreeMap<>();
    host.containers.all().values().forEach(c -> out.put(c.name(), (c.running() ? "running " : "stopped ") + c.image()));
    return out;
  }

  private Checkpoints killAt(String at) {
    return reached -> {
      if (reached.equals(at)) {
        host.kill();
        throw new KillableHost.Killed(at);
      }
    };
  }

  private static void setUp(KillableHost host, Scenario s) {
    for (String image : s.before) {
      host.runner(Checkpoints.NONE).run(deploy(host, image));
    }
  }

  private static BlueGreenRequest request(KillableHost host, Scenario s) {
    return s.image == null ? rollback(host) : deploy(host, s.image);
  }

  private static BlueGreenRequest deploy(KillableHost host, String image) {
    return BlueGreenRequest.fromMap(params(host, Map.of("image", image)));
  }

  private static BlueGreenRequest rollback(KillableHost host) {
    return BlueGreenRequest.fromMap(params(host, Map.of("rollback", true)));
  }

  private static Map<String, Object> params(KillableHost host, Map<String, Object> extra) {
    Map<String, Object> m = new java.util.HashMap<>(Map.of("name", "shop", "drain", "0s", "minHealthy", "0s",
        "verifyUrl", "http://127.0.0.1:" + KillableHost.PUBLIC + "/health",
        "proxy", host.proxy()));
    m.putAll(extra);
    return m;
  }

  static void delete(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
