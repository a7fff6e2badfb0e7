package io.deploysteps.cli;

import io.deploysteps.catalogue.StepCatalogue;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepResult;
import io.deploysteps.prune.PruneParameters;
import io.deploysteps.prune.PruneRequest;
import io.deploysteps.prune.PruneRunner;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code deploy-steps prune-docker}: the pruneDocker step from the command line; its options come from the catalogue. */
@Command(name = "prune-docker", mixinStandardHelpOptions = true,
    description = "Clean up a Docker host and ECR repositories without touching what is live or kept for rollback.")
final class PruneDockerCommand extends StepCommand {
  @Override
  String stepName() {
    return "pruneDocker";
  }

  @Override
  StepCatalogue catalogue() {
    return PruneParameters.CATALOGUE;
  }

  @Override
  StepResult execute(StepContext context, Map<String, Object> params) {
    return new PruneRunner(context).run(PruneRequest.fromMap(params));
  }
}
