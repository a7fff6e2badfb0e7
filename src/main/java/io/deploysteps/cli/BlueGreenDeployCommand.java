package io.deploysteps.cli;

import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code deploy-steps blue-green-deploy}: not yet implemented. */
@Command(name = "blue-green-deploy", mixinStandardHelpOptions = true,
    description = "Zero-downtime deploy on a Docker host: start the idle colour, gate on health, switch nginx, drain, keep the old one for rollback.")
final class BlueGreenDeployCommand extends StepCommand {
  @Override
  String stepName() {
    return "blueGreenDeploy";
  }

  @Override
  Map<String, Object> optionParams() {
    return Map.of();
  }

  @Override
  StepResult execute(StepContext context, Map<String, Object> params) {
    throw new InvalidParameterException("blue-green-deploy", "not yet implemented");
  }
}
