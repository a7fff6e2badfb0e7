package io.deploysteps.prune;

import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerUnavailableException;
import io.deploysteps.docker.EarlyReads;
import io.deploysteps.docker.ImageInfo;
import io.deploysteps.docker.VolumeInfo;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Parallel;
import io.deploysteps.context.StepContext;
import io.deploysteps.log.StepLog;
import io.deploysteps.prune.PrunePlan.Decision;
import io.deploysteps.engine.GoDuration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** pruneDocker: decides with {@link RetentionPolicy}, removes with {@link DockerPruner} and {@link EcrPruner}. */
public final class PruneRunner {
  private final StepContext ctx;
  private final StepLog log;
  private final DiskUsage diskOverride;

  public PruneRunner(StepContext ctx) {
    this(ctx, null);
  }

  /** @param disk the disk reading to use instead of {@code df} on Docker's data root (tests) */
  public PruneRunner(StepContext ctx, DiskUsage disk) {
    this.ctx = ctx;
    this.log = ctx.log();
    this.diskOverride = disk;
  }

  public PruneResult run(PruneRequest req) {
    String region = req.ecrRepository == null ? null : region(req);
    PruneResult.Builder result = new PruneResult.Builder(req.dryRun);
    Map<String, String> protectedDigests = Map.of();
    if (req.local()) {
      protectedDigests = local(req, result);
    }
    if (req.ecrRepository != null) {
      if (!req.local()) {
        protectedDigests = deployedDigests(req.ecrRepository);
      }
      new EcrStep(ctx.aws(req.credentials).ecr(region), log, ctx.time()).run(req, protectedDigests, result);
    }
    return result.build();
  }

  private String region(PruneRequest req) {
    String r = req.region != null ? req.region
        : ctx.env().getOrDefault("AWS_REGION", ctx.env().get("AWS_DEFAULT_REGION"));
    if (r == null || r.isBlank()) {
      throw new InvalidParameterException("region", "is required with ecrRepository (or set AWS_REGION)");
    }
    return io.deploysteps.aws.SdkAwsClients.checkRegion("region", r);
  }

  /** Prunes this Docker host; returns the ECR digests of protected images ({@code digest -> why}). */
  private Map<String, String> local(PruneRequest req, PruneResult.Builder result) {
    long start = ctx.time().nanoTime();
    Docker docker = ctx.docker();
    // No separate ping: the first call (system df) says DockerUnavailableException when the daemon is down.
    DockerPruner pruner = new DockerPruner(docker);
    // The reads are independent: run them at once (each docker CLI start costs tens of ms, more on a busy agent),
    // or take the ones the door started before it parsed the arguments (the context's own daemon).
    EarlyReads early = ctx.takeEarlyReads().orElse(null);
    CompletableFuture<Map<String, Long>> dfBefore = early != null ? early.systemDf().thenApply(DockerPruner::sizes)
        : Parallel.start("pruneDocker-read", pruner::systemDf);
    DiskUsage disk = null;
    if (req.diskThreshold != null) {
      checkLocalDaemon();
      disk = diskOverride != null ? diskOverride : DiskUsage.df(ctx.runner(), docker.dataRoot());
      DiskUsage.Reading reading = disk.read();
      Map<String, Long> before = Parallel.join(dfBefore);
      result.diskBefore(req.diskThreshold, target(req), reading.usedPercent());
      if (reading.usedPercent() <= req.diskThreshold) {
        log.info("disk %.1f%% used, not above diskThreshold %s%%: nothing to prune on this host",
            reading.usedPercent(), fmt(req.diskThreshold));
        result.plan(List.of(), List.of());
        result.reclaimed(before, before);
        return req.ecrRepository == null ? Map.of() : deployedDigests(req.ecrRepository);
      }
      log.info("disk %.1f%% used, above diskThreshold %s%%: pruning down to %s%%", reading.usedPercent(),
          fmt(req.diskThreshold), fmt(target(req)));
    }
    CompletableFuture<List<ContainerInfo>> listedContainers = early != null ? early.containers()
        : Parallel.start("pruneDocker-read", () -> docker.listContainers(List.of()));
    CompletableFuture<List<ImageInfo>> listedImages = early != null ? early.images()
        : Parallel.start("pruneDocker-read", () -> docker.listImagesForPrune());
    CompletableFuture<List<RetentionPolicy.Volume>> listedVolumes =
        Parallel.start("pruneDocker-read", () -> volumes(req, docker));
    Map<String, Long> before = Parallel.join(dfBefore);
    List<ImageInfo> images = Parallel.join(listedImages);
    PrunePlan plan = new RetentionPolicy(req).plan(Parallel.join(listedContainers), images, Parallel.join(listedVolumes),
        ctx.time().now());
    log.info("plan: remove %d containers, %d images, %d volumes; keep %d (%d protected) after %d ms",
        plan.removals("container").size(), plan.removals("image").size(), plan.removals("volume").size(),
        plan.kept().size(), plan.kept().stream().filter(d -> d.reason().startsWith("protected")).count(),
        ctx.time().millisSince(start));
    List<String> networkFilters = new ArrayList<>(req.labels.dockerFilters());
    if (req.until != null) {
      networkFilters.add("until=" + GoDuration.format(req.until));
    }
    if (req.dryRun) {
      preview(req, plan, pruner, networkFilters, disk, result);
    } else {
      execute(req, plan, pruner, networkFilters, disk, result);
    }
    Map<String, Long> after = pruner.systemDf();
    result.reclaimed(before, after);
    if (req.dryRun) {
      log.info("docker host planned in %d ms (dry run: nothing removed)", ctx.time().millisSince(start));
    } else {
      log.info("docker host pruned in %d ms: %d removed, %d refused, %d bytes reclaimed", ctx.time().millisSince(start),
          pruner.removed().size(), pruner.failed().size(), before.get("total") - after.get("total"));
    }
    return protectedDigests(plan, images, req.ecrRepository);
  }

  /** Dry run: logs and returns what would go, changes nothing. */
  private void preview(PruneRequest req, PrunePlan plan, DockerPruner pruner, List<String> networkFilters,
      DiskUsage disk, PruneResult.Builder result) {
    List<Decision> would = new ArrayList<>(plan.decisions().stream().filter(Decision::remove).toList());
    if (req.networks) {
      would.addAll(pruner.networkCandidates(networkFilters));
    }
    long more = disk == null ? 0 : disk.read().bytesAbove(target(req))
        - plan.removals("image").stream().mapToLong(Decision::size).sum();
    if (more > 0) {
      would.addAll(pressureBatch(plan.underPressure(), more));
    }
    Set<String> going = would.stream().map(Decision::id).collect(Collectors.toSet());
    List<Decision> kept = plan.kept().stream().filter(d -> !going.contains(d.id())).toList();
    would.forEach(d -> log.info("dry run: would remove %s %s (%s)", d.kind(), d.name(), d.reason()));
    kept.forEach(d -> log.info("dry run: keep %s %s: %s", d.kind(), d.name(), d.reason()));
    if (req.buildCache) {
      log.info("dry run: would prune the build cache%s", req.keepStorage == null ? "" : " down to " + req.keepStorage);
    }
    result.plan(would, kept);
  }

  private void execute(PruneRequest req, PrunePlan plan, DockerPruner pruner, List<String> networkFilters,
      DiskUsage disk, PruneResult.Builder result) {
    pruner.removeContainers(plan.removals("container"));
    pruner.removeImages(plan.removals("image"));
    pruner.removeVolumes(plan.removals("volume"));
    if (req.networks) {
      pruner.pruneNetworks(networkFilters);
    }
    if (req.buildCache) {
      result.buildCache(pruner.pruneBuildCache(req.keepStorage, req.until == null ? null : GoDuration.format(req.until)));
    }
    if (disk != null) {
      relieve(req, disk, plan, pruner, result);
    }
    Set<String> gone = pruner.removed().stream().map(Decision::id).collect(Collectors.toSet());
    result.plan(pruner.removed(), plan.kept().stream().filter(d -> !gone.contains(d.id())).toList());
    result.failed(pruner.failed());
  }

  /** df runs where the commands run: it only sees Docker's filesystem when the daemon is on this host. */
  private void checkLocalDaemon() {
    String host = ctx.env().getOrDefault("DOCKER_HOST", "");
    if (diskOverride == null && (host.startsWith("tcp://") || host.startsWith("ssh://"))) {
      throw new InvalidParameterException("diskThreshold", "reads the disk of Docker's data root with df on this"
          + " machine, but DOCKER_HOST=" + host + " is another host; run the step on the Docker host itself");
    }
  }

  /** Disk mode: removes the least recently created unused images until use is at or under the target. */
  private void relieve(PruneRequest req, DiskUsage disk, PrunePlan plan, DockerPruner pruner,
      PruneResult.Builder result) {
    Deque<Decision> queue = new ArrayDeque<>(plan.underPressure());
    DiskUsage.Reading reading = disk.read();
    while (reading.usedPercent() > target(req) && !queue.isEmpty()) {
      List<Decision> batch = pressureBatch(queue, reading.bytesAbove(target(req)));
      queue.removeAll(batch);
      pruner.removeImages(batch);
      reading = disk.read();
      log.info("disk %.1f%% used after removing %d more images", reading.usedPercent(), batch.size());
    }
    result.diskAfter(reading.usedPercent());
    if (reading.usedPercent() > target(req)) {
      log.warn(String.format("disk still %.1f%% used, above diskTarget %s%%: nothing unprotected is left to remove",
          reading.usedPercent(), fmt(target(req))));
    }
  }

  /** The oldest candidates whose sizes add up to {@code bytes} (at least one). */
  private static List<Decision> pressureBatch(Iterable<Decision> candidates, long bytes) {
    List<Decision> batch = new ArrayList<>();
    long sum = 0;
    for (Decision d : candidates) {
      if (!batch.isEmpty() && sum >= bytes) {
        break;
      }
      batch.add(d);
      sum += d.size();
    }
    return batch;
  }

  private static double target(PruneRequest req) {
    return req.diskTarget != null ? req.diskTarget : req.diskThreshold;
  }

  private static String fmt(double percent) {
    return percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent);
  }

  private static List<RetentionPolicy.Volume> volumes(PruneRequest req, Docker docker) {
    List<RetentionPolicy.Volume> out = new ArrayList<>();
    if (!req.volumes) {
      return out;
    }
    for (VolumeInfo v : docker.listVolumes(List.of("dangling=true"))) {
      out.add(new RetentionPolicy.Volume(v.name(), v.labels()));
    }
    return out;
  }

  /** For an ECR-only run: the digests of images this host protects, when Docker answers. */
  private Map<String, String> deployedDigests(String repository) {
    try {
      Docker docker = ctx.docker();
      List<ImageInfo> images = docker.listImagesForPrune();
      PruneRequest keepAll = PruneRequest.fromMap(Map.of("containers", false, "images", "none"));
      PrunePlan plan = new RetentionPolicy(keepAll).plan(docker.listContainers(List.of()), images, List.of(),
          ctx.time().now());
      return protectedDigests(plan, images, repository);
    } catch (DockerUnavailableException e) {
      log.info("Docker not reachable (%s): no local deployment to protect in ECR", e.getMessage());
      return Map.of();
    }
  }

  private static Map<String, String> protectedDigests(PrunePlan plan, List<ImageInfo> images, String repository) {
    Map<String, String> out = new LinkedHashMap<>();
    if (repository == null) {
      return out;
    }
    Map<String, ImageInfo> byId = images.stream().collect(Collectors.toMap(ImageInfo::id, i -> i, (a, b) -> a));
    for (Decision d : plan.kept()) {
      ImageInfo i = byId.get(d.id());
      if (i == null || !d.reason().startsWith("protected")) {
        continue;
      }
      for (String rd : i.repoDigests()) {
        int at = rd.indexOf('@');
        String repo = at < 0 ? "" : rd.substring(0, at);
        if (repo.equals(repository) || repo.endsWith("/" + repository)) {
          out.put(rd.substring(at + 1), d.reason().replaceFirst("^protected: ", "") + " on this host");
        }
      }
    }
    return out;
  }
}
