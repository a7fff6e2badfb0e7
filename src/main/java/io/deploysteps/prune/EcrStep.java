package io.deploysteps.prune;

import io.deploysteps.log.StepLog;
import io.deploysteps.prune.PrunePlan.Decision;
import io.deploysteps.time.TimeSource;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;

/** The ECR half of pruneDocker: delete now, or write the same rules as a lifecycle policy. */
final class EcrStep {
  private final EcrClient ecr;
  private final StepLog log;
  private final TimeSource time;

  EcrStep(EcrClient ecr, StepLog log, TimeSource time) {
    this.ecr = ecr;
    this.log = log;
    this.time = time;
  }

  void run(PruneRequest req, Map<String, String> protectedDigests, PruneResult.Builder result) {
    long start = time.nanoTime();
    String repo = req.ecrRepository;
    EcrPruner pruner = new EcrPruner(ecr);
    if (req.ecrApplyLifecyclePolicy) {
      String policy = EcrLifecyclePolicy.json(req.ecrKeepTagged, req.ecrUntaggedOlderThan);
      if (!protectedDigests.isEmpty()) {
        log.warn("a lifecycle policy cannot exempt the " + protectedDigests.size()
            + " image(s) deployed on this host; keep ecrKeepTagged above the number of images you roll back to");
      }
      if (req.dryRun) {
        log.info("dry run: would put this lifecycle policy on ECR repository %s:%n%s", repo, policy);
      } else {
        pruner.applyPolicy(repo, policy);
        log.info("ecr lifecycle policy put on %s in %d ms (ECR expires matching images within 24 h)", repo,
            time.millisSince(start));
      }
      result.ecrPolicy(repo, policy, !req.dryRun);
      return;
    }
    List<ImageDetail> images = pruner.list(repo);
    List<Decision> plan = EcrPruner.plan(images, req.ecrKeepTagged, req.ecrUntaggedOlderThan, protectedDigests,
        time.now());
    List<Decision> removals = plan.stream().filter(Decision::remove).toList();
    List<Decision> kept = plan.stream().filter(d -> !d.remove()).toList();
    if (req.dryRun) {
      removals.forEach(d -> log.info("dry run: would delete ecr image %s %s (%s)", d.id(), d.name(), d.reason()));
      result.ecr(repo, images.size(), removals, kept, List.of());
      return;
    }
    pruner.delete(repo, removals);
    pruner.failed().forEach(f -> log.warn("ecr image " + f.decision().id() + " stayed: " + f.error()));
    log.info("ecr %s pruned in %d ms: %d images listed, %d deleted, %d failed", repo, time.millisSince(start),
        images.size(), pruner.removed().size(), pruner.failed().size());
    result.ecr(repo, images.size(), pruner.removed(), kept, pruner.failed());
  }
}
