package io.deploysteps.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deploysteps.aws.AwsClients;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.log.StepLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ecsDeploy: register a revision of the service's task definition that differs only in the images,
 * then roll it out (deployment controller ECS: UpdateService and follow the PRIMARY deployment;
 * CODE_DEPLOY: a CodeDeploy blue/green deployment) and prove where traffic ends: a rollout that
 * fails or does not settle in time is followed back to the previous revision (by the circuit
 * breaker's own rollback, or by ours with rollbackOnFailure) and the step fails either way.
 */
public final class EcsDeployRunner {
  private final StepContext ctx;
  private final StepLog log;
  private final PollSchedule schedule;

  public EcsDeployRunner(StepContext context) {
    this(context, PollSchedule.DEFAULT);
  }

  EcsDeployRunner(StepContext context, PollSchedule schedule) {
    this.ctx = context;
    this.log = context.log();
    this.schedule = schedule;
  }

  public EcsDeployResult run(EcsDeployRequest r) {
    long start = ctx.time().nanoTime();
    String region = region(r);
    Map<String, String> images = r.continueDeployment != null || r.stopDeployment != null
        ? Map.of() : ContainerImages.of(r, ctx.files(), ctx.workspace());
    AwsClients aws = ctx.aws(r.credentials);
    try {
      if (r.continueDeployment != null || r.stopDeployment != null) {
        return new BlueGreenViaCodeDeploy(aws.codeDeploy(region), ctx.time(), log, schedule)
            .decide(r, start);
      }
      EcsApi api = new EcsApi(aws.ecs(region), r.cluster, r.service);
      JsonNode service = api.service();
      String controller = service.path("deploymentController").path("type").asText("ECS");
      if (controller.equals("CODE_DEPLOY") && (r.applicationName == null || r.deploymentGroupName == null)) {
        throw new InvalidParameterException(r.applicationName == null ? "applicationName" : "deploymentGroupName",
            "is required: service " + r.service + " is deployed by CodeDeploy (deployment controller CODE_DEPLOY)");
      }
      if (!controller.equals("ECS") && !controller.equals("CODE_DEPLOY")) {
        throw new InvalidParameterException("service", "service " + r.service + " has deployment controller "
            + controller + "; ecsDeploy drives ECS and CODE_DEPLOY");
      }
      String previous = service.path("taskDefinition").asText();
      long t = ctx.time().nanoTime();
      JsonNode described = api.taskDefinition(previous);
      ObjectNode doc = TaskDefinitionCopy.withImages(described.path("taskDefinition"), described.path("tags"), images,
          r.image != null ? "containerName" : "imageDefinitions");
      String registered = api.register(doc).path("taskDefinitionArn").asText();
      Map<String, Long> timings = new LinkedHashMap<>();
      timings.put("register", ctx.time().millisSince(t));
      log.info(String.format(Locale.ROOT, "registered %s (from %s, images: %s) in %.1f s",
          TaskDefinitionCopy.shortArn(registered), TaskDefinitionCopy.shortArn(previous), images,
          timings.get("register") / 1000.0));
      if (controller.equals("CODE_DEPLOY")) {
        return new BlueGreenViaCodeDeploy(aws.codeDeploy(region), ctx.time(), log, schedule)
            .deploy(r, service, registered, previous, timings, start);
      }
      return new RollingDeploy(api, ctx.time(), log, schedule).deploy(r, service, registered, previous, timings, start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailedException("ecsDeploy was interrupted; the service keeps the deployment ECS was making", e);
    }
  }

  private String region(EcsDeployRequest r) {
    if (r.region != null) {
      return r.region;
    }
    String env = ctx.env().getOrDefault("AWS_REGION", ctx.env().get("AWS_DEFAULT_REGION"));
    if (env == null || env.isBlank()) {
      throw new InvalidParameterException("region", "is required (or set AWS_REGION)");
    }
    return SdkAwsClients.checkRegion("region", env.strip());
  }

}
