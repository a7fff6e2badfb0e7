package io.deploysteps.prune;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.engine.InvalidParameterException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class PruneRequestTest {
  private static InvalidParameterException rejected(Object... keyValues) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    try {
      PruneRequest.fromMap(m);
    } catch (InvalidParameterException e) {
      return e;
    }
    fail("accepted " + m);
    return null;
  }

  private static void assertNames(String parameter, InvalidParameterException e) {
    assertEquals(e.getMessage(), parameter, e.parameter());
    assertTrue(e.getMessage(), e.getMessage().contains("'" + parameter + "'"));
  }

  @Test
  public void defaultsAreTheSafeOnes() {
    PruneRequest r = PruneRequest.fromMap(Map.of());
    assertTrue(r.containers);
    assertEquals(PruneRequest.ImageMode.DANGLING, r.images);
    assertEquals(false, r.volumes || r.networks || r.buildCache || r.dryRun);
    assertEquals(0, r.keepPerRepository);
    assertEquals(null, r.until);
  }

  @Test
  public void readsEveryParameter() {
    PruneRequest r = PruneRequest.fromMap(Map.ofEntries(Map.entry("until", "72h"), Map.entry("keepPerRepository", "3"),
        Map.entry("images", "unused"), Map.entry("buildCache", true), Map.entry("keepStorage", "2GB"),
        Map.entry("networks", "true"), Map.entry("labels", "team=web,!pin"), Map.entry("diskThreshold", "85%"),
        Map.entry("diskTarget", 70), Map.entry("dryRun", true), Map.entry("ecrRepository", "team/web"),
        Map.entry("ecrKeepTagged", 10), Map.entry("ecrUntaggedOlderThan", "168h"),
        Map.entry("ecrApplyLifecyclePolicy", true), Map.entry("region", "eu-west-1"), Map.entry("credentials", "env")));
    assertEquals(Duration.ofHours(72), r.until);
    assertEquals(3, r.keepPerRepository);
    assertEquals(85.0, r.diskThreshold, 0);
    assertEquals(70.0, r.diskTarget, 0);
    assertEquals("team=web,!pin", r.labels.toString());
    assertEquals(List.of("label=team=web", "label!=pin"), r.labels.dockerFilters());
    assertEquals(Duration.ofDays(7), r.ecrUntaggedOlderThan);
  }

  @Test
  public void badDurationsNameTheParameter() {
    assertNames("until", rejected("until", "3 days"));
    assertNames("until", rejected("until", "-5h"));
    assertNames("until", rejected("until", -5));
    assertNames("ecrUntaggedOlderThan", rejected("ecrRepository", "web", "ecrUntaggedOlderThan", "1w"));
  }

  @Test
  public void negativeCountsAreRefused() {
    assertNames("keepPerRepository", rejected("keepPerRepository", -1));
    assertNames("keepPerRepository", rejected("keepPerRepository", "two"));
    assertNames("ecrKeepTagged", rejected("ecrRepository", "web", "ecrKeepTagged", -3));
  }

  @Test
  public void thresholdsMustBePercentages() {
    assertNames("diskThreshold", rejected("diskThreshold", 101));
    assertNames("diskThreshold", rejected("diskThreshold", "-1%"));
    assertNames("diskThreshold", rejected("diskThreshold", "lots"));
    assertNames("diskTarget", rejected("diskThreshold", 80, "diskTarget", 90));
    assertNames("diskTarget", rejected("diskTarget", 50));
  }

  @Test
  public void volumesWithUntilIsRefusedWithTheReason() {
    InvalidParameterException e = rejected("volumes", true, "until", "24h");
    assertNames("volumes", e);
    assertTrue(e.getMessage(), e.getMessage().contains("no until filter"));
  }

  @Test
  public void otherBadInput() {
    assertNames("images", rejected("images", "everything"));
    assertNames("labels", rejected("labels", List.of("=x")));
    assertNames("keepStorage", rejected("buildCache", true, "keepStorage", "lots"));
    assertNames("keepStorage", rejected("keepStorage", "1GB"));
    assertNames("ecrRepository", rejected("ecrRepository", "Bad Name", "ecrKeepTagged", 1));
    assertNames("ecrRepository", rejected("ecrRepository", "web"));
    assertNames("ecrKeepTagged", rejected("ecrKeepTagged", 5));
    assertNames("ecrUntaggedOlderThan", rejected("ecrRepository", "web", "ecrUntaggedOlderThan", "36h",
        "ecrApplyLifecyclePolicy", true));
    assertNames("region", rejected("ecrRepository", "web", "ecrKeepTagged", 1, "region", "mars"));
    assertNames("volume", rejected("volume", true));
  }
}
