package io.deploysteps.ecs;

import static io.deploysteps.catalogue.Parameter.duration;
import static io.deploysteps.catalogue.Parameter.flag;
import static io.deploysteps.catalogue.Parameter.text;
import static io.deploysteps.catalogue.Parameter.wholeNumber;

import io.deploysteps.catalogue.AwsParameters;
import io.deploysteps.catalogue.StepCatalogue;

/** ecsDeploy's parameters: the one place their keys, types, defaults and help are written. */
public final class EcsParameters {
  private EcsParameters() {}

  public static final StepCatalogue CATALOGUE = StepCatalogue.of("ecsDeploy",
      text("cluster", "ECS cluster name or ARN (not needed with continueDeployment or stopDeployment).").label("NAME"),
      text("service", "ECS service name or ARN (not needed with continueDeployment or stopDeployment).").label("NAME"),
      text("region", "AWS region of the cluster.").defaultNote("`AWS_REGION`").libraryDefault("env.AWS_REGION")
          .label("REGION"),
      text("imageDefinitions", "The `imagedefinitions.json` buildAndPushEcr writes (`[{\"name\", \"imageUri\"}]`):"
          + " the containers whose images change.").label("FILE"),
      text("containerName", "The container whose image changes (with image; or pick one of imageDefinitions).")
          .label("NAME"),
      text("image", "The new image of containerName, e.g. `123456789012.dkr.ecr.eu-west-3.amazonaws.com/shop/api:1a2b3c4`.")
          .label("IMAGE"),
      duration("wait", "How long to follow the rollout (and then the rollback); no hidden cap.").byDefault("15m"),
      flag("forceNewDeployment", "Start new tasks even when nothing else changed.").byDefault(false),
      wholeNumber("desiredCount", "Set the service's desired count with the update.").defaultNote("unchanged")
          .label("N"),
      flag("rollbackOnFailure", "When the rollout fails or does not settle and the circuit breaker does not roll back,"
          + " update back to the previous revision and follow that.").byDefault(true),
      text("applicationName", "CodeDeploy application (services whose deployment controller is CODE_DEPLOY).")
          .label("NAME"),
      text("deploymentGroupName", "CodeDeploy deployment group (CODE_DEPLOY services).").label("NAME"),
      flag("approve", "CodeDeploy: stop once the replacement tasks take test traffic (Ready) for a person to decide.")
          .byDefault(false),
      text("continueDeployment", "CodeDeploy: approve this deployment waiting at Ready and follow it to its end.")
          .option("--continue").label("DEPLOYMENT_ID"),
      text("stopDeployment", "CodeDeploy: stop this deployment with rollback and follow it (the step fails).")
          .option("--stop").label("DEPLOYMENT_ID"),
      AwsParameters.CREDENTIALS,
      AwsParameters.CREDENTIALS_ID)
      .and(AwsParameters.ROLE_KEYS);
}
