package io.deploysteps.bluegreen;

import io.deploysteps.http.HttpProbe;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.DeployLabels;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.InMemoryContainers;
import io.deploysteps.testing.RecordingLog;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * CrashRecovery from the state each kill point of a deploy leaves (as BlueGreenCrashIT kills real
 * deploys), and from a kill at every call of the recovery itself: a second run always converges.
 */
public class CrashRecoveryTest {
  private static final BlueGreenRequest REQUEST = BlueGreenRequest.fromMap(Map.of("name", "shop", "image", "shop:2",
      "proxy", Map.of("includeFile", "/srv/shop/service-url.inc")));
  private static final int BLUE = REQUEST.ports().first();
  private static final int GREEN = REQUEST.ports().second();
  private static final Pattern PORT = Pattern.compile(":(\\d+)/");

  private final InMemoryContainers docker;
  private final FakeSwitch proxy = new FakeSwitch();
  private final Set<String> sick = new HashSet<>();
  private final RecordingLog log = new RecordingLog();

  /** 200 from a port whose container runs and is not sick, as the app's /health would answer. */
  private HttpProbe.Answer health(String url) {
    Matcher m = PORT.matcher(url);
    int port = m.find() ? Integer.parseInt(m.group(1)) : -1;
    boolean up = docker.all().values().stream().anyMatch(c -> c.running() && !sick.contains(c.name())
        && String.valueOf(port).equals(c.labels().get(DeployLabels.PORT)));
    return up ? new HttpProbe.Answer(200, "ok") : new HttpProbe.Answer(-1, "connection refused");
  }

  private CrashRecovery recovery() {
    ServiceContainers containers = new ServiceContainers(REQUEST, docker, (url, timeout) -> health(url), new FakeTime(), log.log(), Map.of(), null);
    return new CrashRecovery(REQUEST, proxy, docker, containers, log.log());
  }

  private void container(String name, int port, String image, boolean running) {
    docker.add(name, image, running, Map.of(DeployLabels.SERVICE, "shop", DeployLabels.PORT, String.valueOf(port),
        DeployLabels.IMAGE, image));
  }

  /** name -> running|stopped image, sorted. */
  private Map<String, String> containers() {
    Map<String, String> out = new TreeMap<>();
    docker.all().values().forEach(c -> out.put(c.name(), (c.running() ? "running " : "stopped ") + c.image()));
    return out;
  }

  @Test
  public void killedAfterTheCandidateStartedRemovesTheCandidate() {
    proxy.live = BLUE;
    container("shop-" + BLUE, BLUE, "shop:1", true);
    container("shop-" + GREEN + "-next", GREEN, "shop:2", true);
    ColourState state = recovery().reconcile();
    assertEquals(Map.of("shop-" + BLUE, "running shop:1"), containers());
    assertEquals("shop-" + BLUE, state.live().orElseThrow().name());
    assertEquals(0, proxy.switches);
  }

  @Test
  public void killedAfterTheSwitchBeforeTheRenameCompletesTheDeploy() {
    proxy.live = GREEN;
    container("shop-" + BLUE, BLUE, "shop:1", true);
    container("shop-" + GREEN + "-next", GREEN, "shop:2", true);
    CrashRecovery recovery = recovery();
    recovery.reconcile();
    assertEquals(Map.of("shop-" + BLUE, "stopped shop:1", "shop-" + GREEN, "running shop:2"), containers());
    assertEquals("the include may have been written without its reload", 1, proxy.reasserts);
    assertEquals("shop-" + GREEN, recovery.finishedDeploy().orElseThrow().name());
    assertFalse("a deploy, not a rollback", recovery.finishedRollback());
  }

  @Test
  public void killedBeforeTheOldContainerStoppedStopsIt() {
    proxy.live = GREEN;
    container("shop-" + BLUE, BLUE, "shop:1", true);
    container("shop-" + GREEN, GREEN, "shop:2", true);
    CrashRecovery recovery = recovery();
    recovery.reconcile();
    assertEquals(Map.of("shop-" + BLUE, "stopped shop:1", "shop-" + GREEN, "running shop:2"), containers());
    assertEquals("shop-" + BLUE, recovery.finishedPrevious().orElseThrow().name());
  }

  @Test
  public void aSickLiveColourBesideAHealthyOneSwitchesToTheHealthyOne() {
    proxy.live = BLUE;
    container("shop-" + BLUE, BLUE, "shop:1", true);
    container("shop-" + GREEN, GREEN, "shop:2", true);
    sick.add("shop-" + BLUE);
    recovery().reconcile();
    assertEquals(Integer.valueOf(GREEN), proxy.live);
    assertEquals(Map.of("shop-" + BLUE, "stopped shop:1", "shop-" + GREEN, "running shop:2"), containers());
  }

  @Test
  public void neitherColourHealthyRemovesTheOneWithoutTraffic() {
    proxy.live = BLUE;
    container("shop-" + BLUE, BLUE, "shop:1", true);
    container("shop-" + GREEN, GREEN, "shop:2", true);
    sick.add("shop-" + BLUE);
    sick.add("shop-" + GREEN);
    recovery().reconcile();
    assertEquals(Integer.valueOf(BLUE), proxy.live);
    assertEquals(Map.of("shop-" + BLUE, "running shop:1"), containers());
  }

  @Test
  public void beforeTheFirstSwitchEveryContainerOfTheServiceIsALeftover() {
    container("shop-" + BLUE, BLUE, "shop:1", true);
    container("shop-" + GREEN + "-next", GREEN, "shop:2", false);
    ColourState state = recovery().reconcile();
    assertEquals(Map.of(), containers());
    assertTrue(state.livePort().isEmpty());
  }

  /** The recovery killed at its k-th Docker call, for every k, then run again: the same end as one run. */
  @Test
  public void aRecoveryKilledAtAnyCallConvergesWhenRunAgain() {
    Map<String, String> end = null;
    for (int kill = 1; ; kill++) {
      InMemoryContainers fresh = new InMemoryContainers();
      CrashRecoveryTest t = new CrashRecoveryTest(fresh);
      t.proxy.live = GREEN;
      t.container("shop-" + BLUE, BLUE, "shop:1", true);
      t.container("shop-" + GREEN + "-next", GREEN, "shop:2", true);
      int[] calls = {0};
      int at = kill;
      fresh.beforeEach = (op, c) -> {
        if (++calls[0] == at) {
          throw new Killed(op + " " + c);
        }
      };
      boolean killed = false;
      try {
        t.recovery().reconcile();
      } catch (Killed k) {
        killed = true;
      }
      fresh.beforeEach = (op, c) -> { };
      t.recovery().reconcile();
      Map<String, String> now = t.containers();
      assertEquals("killed at call " + kill + " of " + fresh.calls(), Map.of("shop-" + BLUE, "stopped shop:1",
          "shop-" + GREEN, "running shop:2"), now);
      assertEquals(Integer.valueOf(GREEN), t.proxy.live);
      if (!killed) {
        assertTrue("every call was a kill point", kill > 3);
        return;
      }
    }
  }

  public CrashRecoveryTest() {
    this(new InMemoryContainers());
  }

  private CrashRecoveryTest(InMemoryContainers docker) {
    this.docker = docker;
  }

  /** A kill -9 at a call: nothing after it runs. */
  private static final class Killed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Killed(String at) {
      super("killed at " + at);
    }
  }

  /** The include in memory: where traffic goes, how often it moved or was reasserted. */
  private static final class FakeSwitch implements TrafficSwitch {
    Integer live;
    int switches;
    int reasserts;

    @Override public String name() { return "fake switch"; }
    @Override public String proxyName() { return "fake proxy"; }
    @Override public String configName() { return "the fake config"; }
    @Override public OptionalInt livePort() { return live == null ? OptionalInt.empty() : OptionalInt.of(live); }
    @Override public String current() { return live == null ? null : String.valueOf(live); }

    @Override
    public String switchTo(int port, Runnable afterWrite) {
      String before = current();
      live = port;
      switches++;
      afterWrite.run();
      return before;
    }

    @Override
    public Optional<String> restore(String saved) {
      live = saved == null ? null : Integer.valueOf(saved);
      return Optional.empty();
    }

    @Override public void reassert() { reasserts++; }
    @Override public String holding(int port) { return "holds port " + port; }
    @Override public void checkUsable() { }
    @Override public Runnable startHostCheck(Docker docker) { return () -> { }; }
    @Override public String lockFile(String service) { return "/tmp/" + service + ".lock"; }
    @Override public String upstreamHeaderHint() { return "add the header"; }
  }
}
