package io.deploysteps.cli;

import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code deploy-steps prune-docker}: not yet implemented. */
@Command(name = "prune-docker", mixinStandardHelpOptions = true,
    description = "Clean up a Docker host and ECR repositories without touching what is live or kept for rollback.")
final class PruneDockerCommand extends StepCommand {
  @Override
  String stepName() {
    return "pruneDocker";
  }

  @Override
  Map<String, Object> optionParams() {
    return Map.of();
  }

  @Override
  StepResult execute(StepContext context, Map<String, Object> params) {
    throw new InvalidParameterException("prune-docker", "not yet implemented");
  }
}
