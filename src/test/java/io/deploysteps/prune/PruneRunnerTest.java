package io.deploysteps.prune;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.docker.DeployLabels;
import io.deploysteps.docker.EarlyReads;
import io.deploysteps.docker.Inspected;
import io.deploysteps.engine.ExitCodes;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.context.StepContext;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class PruneRunnerTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private final FakeDocker docker = new FakeDocker();
  private final RecordingLog log = new RecordingLog();
  private final Deque<Long> usedBytes = new ArrayDeque<>();
  private int reads;

  private final TimeSource clock = ShiftedClock.fixed(NOW);

  /** Disk of 1000 bytes; each read takes the next used figure (the last one repeats). */
  private final DiskUsage disk = () -> {
    reads++;
    long used = usedBytes.size() > 1 ? usedBytes.poll() : usedBytes.peek();
    return new DiskUsage.Reading(used, 1000 - used);
  };

  private PruneResult run(Map<String, ?> params) {
    return new PruneRunner(context(Map.of()), disk).run(PruneRequest.fromMap(params));
  }

  private StepContext context(Map<String, String> env) {
    return new StepContext(c -> {
      throw new AssertionError("no command expected: " + c);
    }, new LocalHostFiles(), log.log(), clock, env, "/tmp", docker, spec -> {
      throw new AssertionError("no AWS expected");
    });
  }

  /** Tagged unused images app:N created N hours ago, 100 bytes each. */
  private void images(int... ages) {
    for (int age : ages) {
      docker.add(Inspected.image("sha256:" + age, NOW.minus(Duration.ofHours(age)), 100, List.of("app:" + age),
          Map.of(), null));
    }
  }

  @Test
  public void belowTheThresholdNothingIsTouched() {
    images(500, 600);
    usedBytes.add(700L);
    PruneResult r = run(Map.of("images", "unused", "diskThreshold", 80));
    assertEquals(2, docker.images.size());
    assertTrue(docker.rmiCalls.isEmpty());
    assertEquals(false, ((Map<?, ?>) r.toMap().get("disk")).get("acted"));
    assertTrue(log.text(), log.text().contains("disk 70.0% used, not above diskThreshold 80%"));
  }

  @Test
  public void aboveTheThresholdRemovesLeastRecentlyCreatedImagesUntilUnderTheTarget() {
    images(10, 40, 30, 20);
    docker.add(Inspected.image("sha256:live", NOW.minus(Duration.ofHours(900)), 100, List.of("web:1"), Map.of(), null));
    docker.containers.put("c-web", Inspected.container("web-3000", "sha256:live", true, NOW, null,
        Map.of(DeployLabels.SERVICE, "web")));
    // 95% at first; the until rule removes nothing (all newer than 72h). The first batch is sized by the
    // images' own sizes (150 bytes to free: two images), then the disk is read again before each next one.
    usedBytes.addAll(List.of(950L, 950L, 850L, 750L));
    PruneResult r = run(Map.of("images", "unused", "until", "72h", "diskThreshold", 90, "diskTarget", 80));
    // The first batch goes as concurrent docker rmi calls (one image each here), the next one alone.
    assertEquals(java.util.Set.of(List.of("app:40"), List.of("app:30")), java.util.Set.copyOf(docker.rmiCalls.subList(0, 2)));
    assertEquals(List.of(List.of("app:20")), docker.rmiCalls.subList(2, docker.rmiCalls.size()));
    assertTrue(docker.images.containsKey("sha256:10"));
    assertTrue("the live image stays", docker.images.containsKey("sha256:live"));
    Map<?, ?> d = (Map<?, ?>) r.toMap().get("disk");
    assertEquals(75.0, d.get("usedPercentAfter"));
    assertEquals(true, d.get("targetReached"));
    assertEquals(ExitCodes.OK, r.exitCode());
  }

  @Test
  public void aTargetThatCannotBeReachedIsUnstableAndNeverTouchesProtectedImages() {
    images(10);
    docker.add(Inspected.image("sha256:pin", NOW.minus(Duration.ofHours(900)), 100, List.of("pin:1"),
        Map.of(DeployLabels.KEEP, "true"), null));
    usedBytes.add(990L);
    PruneResult r = run(Map.of("images", "dangling", "diskThreshold", 90));
    assertEquals(List.of(List.of("app:10")), docker.rmiCalls);
    assertEquals(ExitCodes.UNSTABLE, r.exitCode());
    assertTrue(log.text(), log.text().contains("WARNING: disk still 99.0% used, above diskTarget 90%"));
  }

  @Test
  public void dryRunRemovesNothingAndListsThePlan() {
    images(100, 200);
    docker.add(Inspected.image("sha256:dangling", NOW, 100, List.of(), Map.of(), null));
    usedBytes.add(990L);
    PruneResult r = run(Map.of("images", "unused", "until", "150h", "dryRun", true, "diskThreshold", 50,
        "diskTarget", 40));
    assertTrue(docker.rmiCalls.isEmpty());
    assertEquals(3, docker.images.size());
    Map<?, ?> removed = (Map<?, ?>) r.toMap().get("removed");
    assertEquals(3, ((List<?>) removed.get("images")).size());
    assertTrue(log.text(), log.text().contains("dry run: would remove image app:200 (unused, created 200h ago)"));
    assertTrue(log.text(), log.text().contains("dry run: would remove image app:100 (least recently created unused image"
        + " (100h old), removed for disk space)"));
    assertTrue("what would go is not also listed as kept", ((List<?>) r.toMap().get("kept")).isEmpty());
    assertEquals(0L, r.toMap().get("reclaimedBytes"));
  }

  @Test
  public void refusedRemovalsAreReportedWithDockersReasonAndMakeTheResultUnstable() {
    images(100, 200);
    docker.refuse.put("app:200", "conflict: unable to remove repository reference \"app:200\" (must force)");
    PruneResult r = run(Map.of("images", "unused"));
    List<?> failed = (List<?>) r.toMap().get("failed");
    assertEquals(1, failed.size());
    assertEquals("Error response from daemon: conflict: unable to remove repository reference \"app:200\" (must force)",
        ((Map<?, ?>) failed.get(0)).get("error"));
    assertEquals(ExitCodes.UNSTABLE, r.exitCode());
    assertEquals(100L, r.toMap().get("reclaimedBytes"));
  }

  @Test
  public void ecrWithoutARegionIsABadParameterBeforeAnythingIsRemoved() {
    images(100);
    try {
      run(Map.of("images", "unused", "ecrRepository", "web", "ecrKeepTagged", 2));
      fail();
    } catch (InvalidParameterException e) {
      assertEquals("region", e.parameter());
    }
    assertTrue(docker.rmiCalls.isEmpty());
  }

  @Test
  public void networksAndBuildCacheGoThroughDockersOwnPruneWithTheSameAgeAndLabels() {
    PruneResult r = run(Map.of("networks", true, "buildCache", true, "keepStorage", "2GB", "until", "72h",
        "labels", List.of("team=web", "!pin")));
    assertEquals(List.of(List.of("label=team=web", "label!=pin", "until=72h0m0s")), docker.networkPrunes);
    assertEquals(List.of("2GB 72h0m0s"), docker.buildCachePrunes);
    assertEquals(1500L, r.toMap().get("buildCacheReclaimedBytes"));
    assertEquals(1, ((Map<?, ?>) r.toMap().get("removedCounts")).get("networks"));
  }

  @Test
  public void diskModeRefusesARemoteDaemonWhoseDiskDfCannotSee() {
    images(100);
    try {
      new PruneRunner(context(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"))).run(PruneRequest.fromMap(Map.of("images", "unused", "diskThreshold", 80)));
      fail();
    } catch (InvalidParameterException e) {
      assertEquals("diskThreshold", e.parameter());
    }
    assertTrue(docker.rmiCalls.isEmpty());
  }

  @Test
  public void theReadsTheDoorStartedEarlyArriveThroughTheContextAndAreTakenOnce() {
    images(100, 200);
    EarlyReads early = EarlyReads.start(docker);
    early.images().join();
    early.containers().join();
    early.systemDf().join();
    images(300); // after the early reads: the first run plans from what they saw
    StepContext ctx = StepContext.builder(c -> {
      throw new AssertionError("no command expected: " + c);
    }, new LocalHostFiles(), log.log(), Map.of(), "/tmp", docker).time(clock).earlyReads(early).build();
    PruneResult first = new PruneRunner(ctx.withLog(log.log())).run(PruneRequest.fromMap(Map.of("images", "unused",
        "dryRun", true)));
    assertEquals(2, ((Map<?, ?>) first.toMap().get("removedCounts")).get("images"));
    PruneResult second = new PruneRunner(ctx).run(PruneRequest.fromMap(Map.of("images", "unused", "dryRun", true)));
    assertEquals("a second run reads afresh", 3, ((Map<?, ?>) second.toMap().get("removedCounts")).get("images"));
  }
}
