package io.deploysteps.cli;

import io.deploysteps.catalogue.StepCatalogue;
import io.deploysteps.ecs.EcsDeployRequest;
import io.deploysteps.ecs.EcsParameters;
import io.deploysteps.ecs.EcsDeployRunner;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code deploy-steps ecs-deploy}: a new task definition revision with new images, rolled out and followed. */
@Command(name = "ecs-deploy", mixinStandardHelpOptions = true,
    description = "Deploy new images to an Amazon ECS service: register a revision that differs only in the images,"
        + " roll it out (ECS rolling or CodeDeploy blue/green) and follow it; a failed rollout goes back to the previous"
        + " revision and exits 1.")
final class EcsDeployCommand extends StepCommand {
  @Override
  String stepName() {
    return "ecsDeploy";
  }

  @Override
  StepCatalogue catalogue() {
    return EcsParameters.CATALOGUE;
  }

  @Override
  StepResult execute(StepContext context, Map<String, Object> params) {
    return new EcsDeployRunner(context).run(EcsDeployRequest.fromMap(params));
  }
}
