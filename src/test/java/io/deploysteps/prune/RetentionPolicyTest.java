package io.deploysteps.prune;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.DeployLabels;
import io.deploysteps.docker.ImageInfo;
import io.deploysteps.docker.Inspected;
import io.deploysteps.prune.PrunePlan.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.Test;

public class RetentionPolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private final List<ImageInfo> images = new ArrayList<>();
  private final List<ContainerInfo> containers = new ArrayList<>();
  private final List<RetentionPolicy.Volume> volumes = new ArrayList<>();

  private static Instant hoursAgo(long h) {
    return NOW.minus(Duration.ofHours(h));
  }

  private String image(String id, long ageHours, String... tags) {
    return image(id, ageHours, Map.of(), null, tags);
  }

  private String image(String id, long ageHours, Map<String, String> labels, String parent, String... tags) {
    String full = "sha256:" + id;
    images.add(Inspected.image(full, hoursAgo(ageHours), 100, List.of(tags), labels,
        parent == null ? null : "sha256:" + parent));
    return full;
  }

  private void container(String name, String imageId, boolean running, long stoppedHoursAgo, Map<String, String> labels) {
    containers.add(Inspected.container(name, "sha256:" + imageId, running, hoursAgo(stoppedHoursAgo + 1),
        running ? null : hoursAgo(stoppedHoursAgo), labels));
  }

  private PrunePlan plan(Map<String, ?> rules) {
    return new RetentionPolicy(PruneRequest.fromMap(rules)).plan(containers, images, volumes, NOW);
  }

  /** kind:name -> "remove" or the reason it is kept. */
  private static Map<String, String> outcome(PrunePlan plan) {
    return plan.decisions().stream().collect(Collectors.toMap(d -> d.kind() + ":" + d.name(),
        d -> d.remove() ? "remove" : d.reason(), (a, b) -> a, TreeMap::new));
  }

  @Test
  public void danglingModeRemovesOnlyUntaggedImages() {
    image("a1", 200);
    image("b1", 200, "app:1");
    Map<String, String> out = outcome(plan(Map.of()));
    assertEquals(Map.of("image:<none>", "remove"), out);
  }

  @Test
  public void unusedModeWithUntilKeepsNewerImagesAndSaysWhy() {
    image("old", 100, "app:1");
    image("new", 5, "app:2");
    Map<String, String> out = outcome(plan(Map.of("images", "unused", "until", "72h")));
    assertEquals("remove", out.get("image:app:1"));
    assertEquals("created 5h ago, newer than until 72h0m0s", out.get("image:app:2"));
  }

  @Test
  public void runningContainersBlueGreenColoursAndKeepLabelsProtectImagesWhateverTheRules() {
    image("live", 500, "web:2");
    image("prev", 600, "web:1");
    image("run", 700, "other:1");
    image("pinned", 800, Map.of(DeployLabels.KEEP, "true"), null, "pinned:1");
    image("junk", 900, "junk:1");
    container("web-3000", "live", true, 0, Map.of(DeployLabels.SERVICE, "web"));
    container("web-4000", "prev", false, 300, Map.of(DeployLabels.SERVICE, "web"));
    container("side", "run", true, 0, Map.of());
    PrunePlan plan = plan(Map.of("images", "unused", "keepPerRepository", 0, "until", "1h"));
    Map<String, String> out = outcome(plan);
    assertEquals("protected: image of container web-3000 (running)", out.get("image:web:2"));
    assertEquals("protected: image of container web-4000 (blueGreenDeploy service web (live or kept previous colour))",
        out.get("image:web:1"));
    assertEquals("protected: image of container side (running)", out.get("image:other:1"));
    assertEquals("protected: labelled io.deploysteps.keep=true", out.get("image:pinned:1"));
    assertEquals("protected: blueGreenDeploy service web (live or kept previous colour)", out.get("container:web-4000"));
    assertEquals("remove", out.get("image:junk:1"));
    assertEquals(List.of("sha256:junk"), plan.removals("image").stream().map(Decision::id).toList());
    assertTrue("protected images are never disk-pressure candidates", plan.underPressure().isEmpty());
  }

  @Test
  public void anUnlabelledColourTheLiveOneNamesAsItsPreviousIsKeptWithItsImage() {
    image("v2", 10, "web:2");
    image("v1", 900, "web:1");
    image("old", 950, "web:0");
    // web-3000 and web-old were started by the seed scripts: no labels; web-4000 by blueGreenDeploy.
    container("web-4000", "v2", true, 0, Map.of(DeployLabels.SERVICE, "web", DeployLabels.PREVIOUS, "c-web-3000"));
    container("web-3000", "v1", false, 300, Map.of());
    container("web-old", "old", false, 300, Map.of());
    Map<String, String> out = outcome(plan(Map.of("images", "unused", "keepPerRepository", 0)));
    assertEquals("protected: kept for rollback by web-4000 (io.deploysteps.previous)", out.get("container:web-3000"));
    assertEquals("protected: image of container web-3000 (kept for rollback by web-4000 (io.deploysteps.previous))",
        out.get("image:web:1"));
    assertEquals("what no record names still goes", "remove", out.get("container:web-old"));
    assertEquals("remove", out.get("image:web:0"));
  }

  @Test
  public void keepLabelOnAStoppedContainerProtectsItAndItsImage() {
    image("x", 100, "x:1");
    container("kept", "x", false, 100, Map.of(DeployLabels.KEEP, "true"));
    Map<String, String> out = outcome(plan(Map.of("images", "unused")));
    assertEquals("protected: labelled io.deploysteps.keep=true", out.get("container:kept"));
    assertTrue(out.get("image:x:1").startsWith("protected: image of container kept"));
  }

  @Test
  public void stoppedContainersOlderThanUntilGoAndFreeTheirImage() {
    image("a", 100, "a:1");
    image("b", 100, "b:1");
    container("old", "a", false, 80, Map.of());
    container("recent", "b", false, 2, Map.of());
    PrunePlan plan = plan(Map.of("images", "unused", "until", "72h"));
    Map<String, String> out = outcome(plan);
    assertEquals("remove", out.get("container:old"));
    assertEquals("stopped 2h ago, newer than until 72h0m0s", out.get("container:recent"));
    assertEquals("remove", out.get("image:a:1"));
    assertEquals("used by container recent", out.get("image:b:1"));
  }

  @Test
  public void containersFalseLeavesStoppedContainersAndTheirImages() {
    image("a", 100, "a:1");
    container("old", "a", false, 80, Map.of());
    Map<String, String> out = outcome(plan(Map.of("images", "unused", "containers", false)));
    assertFalse(out.containsKey("container:old"));
    assertEquals("used by container old", out.get("image:a:1"));
  }

  @Test
  public void keepPerRepositoryKeepsTheNewestNOfEachRepositoryCountingRegistryPorts() {
    image("r1", 10, "127.0.0.1:5000/app:1");
    image("r2", 20, "127.0.0.1:5000/app:2");
    image("r3", 30, "127.0.0.1:5000/app:3");
    image("o1", 40, "other:1");
    Map<String, String> out = outcome(plan(Map.of("images", "unused", "keepPerRepository", 2)));
    assertEquals("one of the newest 2 of 127.0.0.1:5000/app", out.get("image:127.0.0.1:5000/app:1"));
    assertEquals("one of the newest 2 of 127.0.0.1:5000/app", out.get("image:127.0.0.1:5000/app:2"));
    assertEquals("remove", out.get("image:127.0.0.1:5000/app:3"));
    assertEquals("one of the newest 2 of other", out.get("image:other:1"));
  }

  @Test
  public void labelFilterIncludesAndExcludesContainersAndImages() {
    image("t1", 100, Map.of("team", "web"), null, "t:1");
    image("t2", 100, Map.of("team", "web", "pin", ""), null, "t:2");
    image("t3", 100, Map.of("team", "db"), null, "t:3");
    Map<String, String> out = outcome(plan(Map.of("images", "unused", "labels", List.of("team=web", "!pin"))));
    assertEquals("remove", out.get("image:t:1"));
    assertEquals("outside the labels filter team=web,!pin", out.get("image:t:2"));
    assertEquals("outside the labels filter team=web,!pin", out.get("image:t:3"));
  }

  @Test
  public void imagesBuiltOnOthersGoFirstAndABaseStaysWhileAChildStays() {
    image("base", 300, "base:1");
    image("mid", 299, Map.of(), "base");
    image("child", 298, Map.of(), "mid", "child:1");
    PrunePlan all = plan(Map.of("images", "unused"));
    assertEquals(List.of("sha256:child", "sha256:base"), all.removals("image").stream().map(Decision::id).toList());
    assertFalse("the intermediate layer is Docker's to remove", outcome(all).containsKey("image:<none>"));

    container("uses-child", "child", true, 0, Map.of());
    Map<String, String> out = outcome(plan(Map.of("images", "unused")));
    assertEquals("base of image child:1, which stays", out.get("image:base:1"));
  }

  @Test
  public void onlyAnonymousVolumesGoAndNeverWithAKeepLabel() {
    String anon = "a".repeat(64);
    volumes.add(new RetentionPolicy.Volume(anon, Map.of()));
    volumes.add(new RetentionPolicy.Volume("pgdata", Map.of()));
    volumes.add(new RetentionPolicy.Volume("b".repeat(64), Map.of(DeployLabels.KEEP, "true")));
    volumes.add(new RetentionPolicy.Volume("anon-by-label", Map.of("com.docker.volume.anonymous", "")));
    Map<String, String> out = outcome(plan(Map.of("volumes", true)));
    assertEquals("remove", out.get("volume:" + anon));
    assertEquals("named volume: its data is never pruned", out.get("volume:pgdata"));
    assertEquals("protected: labelled io.deploysteps.keep=true", out.get("volume:" + "b".repeat(64)));
    assertEquals("remove", out.get("volume:anon-by-label"));
    assertTrue(outcome(plan(Map.of())).keySet().stream().noneMatch(k -> k.startsWith("volume:")));
  }

  @Test
  public void diskPressureCandidatesAreUnprotectedImagesLeastRecentlyCreatedFirst() {
    image("n1", 5, "app:5");
    image("n2", 50, "app:50");
    image("n3", 20, "app:20");
    image("keep", 500, "app:keep");
    container("run", "keep", true, 0, Map.of());
    image("d", 1);
    PrunePlan plan = plan(Map.of("images", "dangling", "until", "72h", "diskThreshold", 80));
    assertEquals(List.of("sha256:n2", "sha256:n3", "sha256:n1", "sha256:d"),
        plan.underPressure().stream().map(Decision::id).toList());
    assertTrue(plan.removals("image").isEmpty());
  }

  @Test
  public void imagesNoneDecidesNoImageButStillReportsProtectedOnes() {
    image("old", 500, "app:1");
    image("live", 500, "app:2");
    container("run", "live", true, 0, Map.of());
    PrunePlan plan = plan(Map.of("images", "none"));
    assertEquals(Map.of("image:app:2", "protected: image of container run (running)", "container:run",
        "protected: running"), outcome(plan));
    assertTrue(plan.underPressure().isEmpty());
  }

  @Test
  public void untaggedImagesAreRemovedByIdAndTaggedOnesByEveryTag() {
    image("u", 100);
    image("t", 100, "a:1", "b:1");
    PrunePlan plan = plan(Map.of("images", "unused"));
    assertEquals(List.of(List.of("a:1", "b:1"), List.of("sha256:u")),
        plan.removals("image").stream().sorted((x, y) -> x.id().compareTo(y.id())).map(Decision::refs).toList());
  }

  @Test
  public void untilIsStrictAsDockersFilter() {
    image("edge", 72, "app:edge");
    image("past", 73, "app:past");
    Map<String, String> out = outcome(plan(Map.of("images", "unused", "until", "72h")));
    assertEquals("created 72h ago, newer than until 72h0m0s", out.get("image:app:edge"));
    assertEquals("remove", out.get("image:app:past"));
  }

  @Test
  public void aRestartingContainerIsInServiceEvenThoughDockerSaysItIsNotRunning() {
    image("r", 100, "r:1");
    containers.add(Inspected.container("flappy", "sha256:r", false, hoursAgo(100), hoursAgo(99), Map.of(), "restarting"));
    Map<String, String> out = outcome(plan(Map.of("images", "unused")));
    assertEquals("protected: restarting (restart policy)", out.get("container:flappy"));
    assertEquals("protected: image of container flappy (restarting (restart policy))", out.get("image:r:1"));
  }
}
