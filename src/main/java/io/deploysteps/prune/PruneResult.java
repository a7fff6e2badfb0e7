package io.deploysteps.prune;

import io.deploysteps.engine.ExitCodes;
import io.deploysteps.engine.Json;
import io.deploysteps.engine.StepResult;
import io.deploysteps.prune.DockerPruner.Failure;
import io.deploysteps.prune.PrunePlan.Decision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What pruneDocker did: removed objects by kind, bytes reclaimed (from {@code docker system df}
 * before and after), what was kept and why, what Docker or ECR refused. In a dry run, "removed" is
 * what would be removed.
 */
public final class PruneResult implements StepResult {
  private static final List<String> KINDS = List.of("container", "image", "volume", "network");
  private final Map<String, Object> map;
  private final boolean unstable;

  private PruneResult(Map<String, Object> map, boolean unstable) {
    this.map = map;
    this.unstable = unstable;
  }

  @Override
  public Map<String, Object> toMap() {
    return map;
  }

  @Override
  public int exitCode() {
    return unstable ? ExitCodes.UNSTABLE : ExitCodes.OK;
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<String> summary() {
    List<String> out = new ArrayList<>();
    String verb = Boolean.TRUE.equals(map.get("dryRun")) ? "would remove" : "removed";
    Map<String, Object> counts = (Map<String, Object>) map.get("removedCounts");
    if (counts != null) {
      out.add(verb + " " + counts.get("containers") + " containers, " + counts.get("images") + " images, "
          + counts.get("volumes") + " volumes, " + counts.get("networks") + " networks; reclaimed "
          + map.get("reclaimedBytes") + " bytes; kept " + ((List<?>) map.get("kept")).size() + "; refused "
          + ((List<?>) map.get("failed")).size());
    }
    Map<String, Object> ecr = (Map<String, Object>) map.get("ecr");
    if (ecr != null && ecr.containsKey("lifecyclePolicy")) {
      out.add("ecr " + ecr.get("repository") + ": lifecycle policy " + (Boolean.TRUE.equals(ecr.get("policyApplied"))
          ? "applied" : "not applied (dry run)"));
    } else if (ecr != null) {
      out.add("ecr " + ecr.get("repository") + ": " + verb + " " + ((List<?>) ecr.get("deleted")).size() + " of "
          + ecr.get("listed") + " images; failed " + ((List<?>) ecr.get("failed")).size());
    }
    return out;
  }

  @Override
  public String toString() {
    return Json.write(map);
  }

  /** Collects the parts as the runner finishes them. */
  static final class Builder {
    private final Map<String, Object> map = new LinkedHashMap<>();
    private boolean unstable;

    Builder(boolean dryRun) {
      map.put("dryRun", dryRun);
    }

    void plan(List<Decision> removed, List<Decision> kept) {
      Map<String, Object> byKind = new LinkedHashMap<>();
      Map<String, Object> counts = new LinkedHashMap<>();
      for (String kind : KINDS) {
        List<Map<String, Object>> list = removed.stream().filter(d -> d.kind().equals(kind)).map(Decision::toMap).toList();
        byKind.put(kind + "s", list);
        counts.put(kind + "s", list.size());
      }
      map.put("removed", byKind);
      map.put("removedCounts", counts);
      map.put("kept", kept.stream().map(Decision::toMap).toList());
      map.putIfAbsent("failed", List.of());
    }

    void failed(List<Failure> failures) {
      map.put("failed", failures.stream().map(Failure::toMap).toList());
      unstable |= !failures.isEmpty();
    }

    void buildCache(long reclaimed) {
      map.put("buildCacheReclaimedBytes", reclaimed);
    }

    void reclaimed(Map<String, Long> before, Map<String, Long> after) {
      // docker system df is host-wide: a build running meanwhile can make "after" larger than
      // "before". Never report negative reclaimed space; say how much the host grew instead.
      long delta = before.get("total") - after.get("total");
      map.put("reclaimedBytes", Math.max(0, delta));
      if (delta < 0) {
        map.put("dockerDfGrewDuringPruneBytes", -delta);
      }
      map.put("dockerDfBefore", before);
      map.put("dockerDfAfter", after);
    }

    void diskBefore(double threshold, double target, double used) {
      Map<String, Object> disk = new LinkedHashMap<>();
      disk.put("thresholdPercent", threshold);
      disk.put("targetPercent", target);
      disk.put("usedPercentBefore", round(used));
      disk.put("acted", used > threshold);
      map.put("disk", disk);
    }

    @SuppressWarnings("unchecked")
    void diskAfter(double used) {
      Map<String, Object> disk = (Map<String, Object>) map.get("disk");
      disk.put("usedPercentAfter", round(used));
      boolean reached = used <= ((Number) disk.get("targetPercent")).doubleValue();
      disk.put("targetReached", reached);
      unstable |= !reached;
    }

    void ecr(String repository, int listed, List<Decision> deleted, List<Decision> kept, List<Failure> failed) {
      Map<String, Object> ecr = new LinkedHashMap<>();
      ecr.put("repository", repository);
      ecr.put("listed", listed);
      ecr.put("deleted", deleted.stream().map(Decision::toMap).toList());
      ecr.put("kept", kept.stream().map(Decision::toMap).toList());
      ecr.put("failed", failed.stream().map(Failure::toMap).toList());
      map.put("ecr", ecr);
      unstable |= !failed.isEmpty();
    }

    void ecrPolicy(String repository, String policy, boolean applied) {
      Map<String, Object> ecr = new LinkedHashMap<>();
      ecr.put("repository", repository);
      ecr.put("lifecyclePolicy", Json.read(policy).toString());
      ecr.put("policyApplied", applied);
      map.put("ecr", ecr);
    }

    private static double round(double percent) {
      return Math.round(percent * 10) / 10.0;
    }

    PruneResult build() {
      return new PruneResult(new LinkedHashMap<>(map), unstable);
    }
  }
}
