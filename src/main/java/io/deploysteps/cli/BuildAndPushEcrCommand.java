package io.deploysteps.cli;

import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code deploy-steps build-and-push-ecr}: not yet implemented. */
@Command(name = "build-and-push-ecr", mixinStandardHelpOptions = true,
    description = "Build a Docker image, tag it, push every tag to Amazon ECR (or any registry) and write imagedefinitions.json.")
final class BuildAndPushEcrCommand extends StepCommand {
  @Override
  String stepName() {
    return "buildAndPushEcr";
  }

  @Override
  Map<String, Object> optionParams() {
    return Map.of();
  }

  @Override
  StepResult execute(StepContext context, Map<String, Object> params) {
    throw new InvalidParameterException("build-and-push-ecr", "not yet implemented");
  }
}
