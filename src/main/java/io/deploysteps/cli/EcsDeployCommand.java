package io.deploysteps.cli;

import io.deploysteps.ecs.EcsDeployRequest;
import io.deploysteps.ecs.EcsDeployRunner;
import io.deploysteps.engine.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deploy-steps ecs-deploy}: a new task definition revision with new images, rolled out and followed. */
@Command(name = "ecs-deploy", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
    description = "Deploy new images to an Amazon ECS service: register a revision that differs only in the images,"
        + " roll it out (ECS rolling or CodeDeploy blue/green) and follow it; a failed rollout goes back to the previous"
        + " revision and exits 1.")
final class EcsDeployCommand extends StepCommand {
  @Option(names = "--cluster", paramLabel = "NAME", description = "ECS cluster name or ARN. Required.")
  String cluster;

  @Option(names = "--service", paramLabel = "NAME", description = "ECS service name or ARN. Required.")
  String service;

  @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: AWS_REGION / AWS_DEFAULT_REGION).")
  String region;

  @Option(names = "--image-definitions", paramLabel = "FILE",
      description = "imagedefinitions.json ([{\"name\",\"imageUri\"}], as build-and-push-ecr writes it).")
  String imageDefinitions;

  @Option(names = "--container-name", paramLabel = "NAME", description = "The container whose image changes (with --image).")
  String containerName;

  @Option(names = "--image", paramLabel = "IMAGE", description = "The new image of --container-name.")
  String image;

  @Option(names = "--wait", paramLabel = "DURATION", description = "How long to follow the rollout (default: 15m; no cap).")
  String waitFor;

  @Option(names = "--force-new-deployment", negatable = true, description = "Start new tasks even if nothing else changed.")
  Boolean forceNewDeployment;

  @Option(names = "--desired-count", paramLabel = "N", description = "Set the service's desired count with the update.")
  Integer desiredCount;

  @Option(names = "--rollback-on-failure", negatable = true,
      description = "Update back to the previous revision when the rollout fails and the circuit breaker does not roll back (default: true).")
  Boolean rollbackOnFailure;

  @Option(names = "--application-name", paramLabel = "NAME", description = "CodeDeploy application (CODE_DEPLOY services).")
  String applicationName;

  @Option(names = "--deployment-group-name", paramLabel = "NAME", description = "CodeDeploy deployment group (CODE_DEPLOY services).")
  String deploymentGroupName;

  @Option(names = "--approve", negatable = true,
      description = "CodeDeploy: stop when the replacement takes test traffic (Ready) and exit 0 with rolloutState READY.")
  Boolean approve;

  @Option(names = "--continue", paramLabel = "DEPLOYMENT_ID", description = "CodeDeploy: approve a deployment waiting at Ready and follow it.")
  String continueDeployment;

  @Option(names = "--stop", paramLabel = "DEPLOYMENT_ID", description = "CodeDeploy: stop a deployment with rollback and follow it (exit 1).")
  String stopDeployment;

  @Option(names = "--credentials", paramLabel = "SPEC", description = "AWS credentials: default (SDK chain), env (AWS_ACCESS_KEY_ID/...), or profile:NAME.")
  String credentials;

  @Override
  String stepName() {
    return "ecsDeploy";
  }

  @Override
  Map<String, String> nestedKeys() {
    return Map.of("--continue", "continueDeployment", "--stop", "stopDeployment");
  }

  @Override
  StepResult execute(StepContext context, Map<String, Object> params) {
    return new EcsDeployRunner(context).run(EcsDeployRequest.fromMap(params));
  }
}
