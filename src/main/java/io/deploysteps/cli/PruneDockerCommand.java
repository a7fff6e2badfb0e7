package io.deploysteps.cli;

import io.deploysteps.engine.StepContext;
import io.deploysteps.engine.StepResult;
import io.deploysteps.prune.PruneRequest;
import io.deploysteps.prune.PruneRunner;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deploy-steps prune-docker}: the pruneDocker step from the command line. */
@Command(name = "prune-docker", mixinStandardHelpOptions = true,
    description = "Clean up a Docker host and ECR repositories without touching what is live or kept for rollback.")
final class PruneDockerCommand extends StepCommand {
  @Option(names = "--until", paramLabel = "DURATION", description = "Only what is older than this (72h, 1h30m).")
  String until;

  @Option(names = "--keep-per-repository", paramLabel = "N", description = "Keep the newest N images of every repository.")
  Integer keepPerRepository;

  @Option(names = "--containers", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
      description = "Remove stopped containers (default true).")
  Boolean containers;

  @Option(names = "--images", paramLabel = "MODE", description = "dangling (default), unused or none.")
  String images;

  @Option(names = "--build-cache", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
      description = "Prune the build cache.")
  Boolean buildCache;

  @Option(names = "--keep-storage", paramLabel = "SIZE", description = "Build cache to keep (e.g. 2GB).")
  String keepStorage;

  @Option(names = "--volumes", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
      description = "Remove unused anonymous volumes (never named ones).")
  Boolean volumes;

  @Option(names = "--networks", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
      description = "Remove unused networks.")
  Boolean networks;

  @Option(names = "--labels", paramLabel = "FILTER", split = ",",
      description = "Only objects with key or key=value; never those with !key or !key=value.")
  List<String> labels;

  @Option(names = "--disk-threshold", paramLabel = "PERCENT", description = "Act only above this use of Docker's filesystem.")
  String diskThreshold;

  @Option(names = "--disk-target", paramLabel = "PERCENT", description = "Then remove old unused images down to this use.")
  String diskTarget;

  @Option(names = "--dry-run", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
      description = "Print the plan; change nothing.")
  Boolean dryRun;

  @Option(names = "--ecr-repository", paramLabel = "NAME", description = "ECR repository to prune.")
  String ecrRepository;

  @Option(names = "--ecr-keep-tagged", paramLabel = "N", description = "Keep the newest N tagged ECR images.")
  Integer ecrKeepTagged;

  @Option(names = "--ecr-untagged-older-than", paramLabel = "DURATION", description = "Delete untagged ECR images pushed before this.")
  String ecrUntaggedOlderThan;

  @Option(names = "--ecr-apply-lifecycle-policy", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
      description = "Write the ECR rules as a lifecycle policy instead of deleting now.")
  Boolean ecrApplyLifecyclePolicy;

  @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default AWS_REGION).")
  String region;

  @Option(names = "--credentials", paramLabel = "SPEC", description = "default, env or profile:NAME.")
  String credentials;

  @Override
  String stepName() {
    return "pruneDocker";
  }

  @Override
  StepResult execute(StepContext context, Map<String, Object> params) {
    return new PruneRunner(context).run(PruneRequest.fromMap(params));
  }
}
