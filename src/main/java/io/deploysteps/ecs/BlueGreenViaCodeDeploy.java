package io.deploysteps.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.aws.AwsJsonService;
import io.deploysteps.engine.Json;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The blue/green deploy of a service whose deployment controller is CODE_DEPLOY: CreateDeployment
 * with an AppSpec naming the new revision and the load balancer's container and port, then follow
 * GetDeployment and the ECS target's lifecycle events. With {@code approve}, the step stops when
 * the replacement tasks take test traffic (status Ready) and answers READY: a person decides, and
 * {@code continueDeployment} (ContinueDeployment) or {@code stopDeployment} (StopDeployment with
 * rollback) carries it on.
 */
final class BlueGreenViaCodeDeploy {
  private final AwsJsonService codeDeploy;
  private final TimeSource time;
  private final StepLog log;
  private final PollSchedule schedule;

  BlueGreenViaCodeDeploy(AwsJsonService codeDeploy, TimeSource time, StepLog log, PollSchedule schedule) {
    this.codeDeploy = codeDeploy;
    this.time = time;
    this.log = log;
    this.schedule = schedule;
  }

  EcsDeployResult deploy(EcsDeployRequest r, JsonNode service, String registered, String previous,
      Map<String, Long> timings, long start) throws InterruptedException {
    JsonNode lb = service.path("loadBalancers").path(0);
    if (lb.isMissingNode() || !lb.hasNonNull("containerName")) {
      throw new StepFailedException("service " + r.service + " has no load balancer: a CodeDeploy blue/green"
          + " deployment needs its container name and port");
    }
    Map<String, Object> loadBalancerInfo = new LinkedHashMap<>();
    loadBalancerInfo.put("ContainerName", lb.path("containerName").asText());
    loadBalancerInfo.put("ContainerPort", lb.path("containerPort").asInt());
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("TaskDefinition", registered);
    properties.put("LoadBalancerInfo", loadBalancerInfo);
    Map<String, Object> appSpec = Map.of("version", 0.0, "Resources", List.of(Map.of("TargetService",
        Map.of("Type", "AWS::ECS::Service", "Properties", properties))));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("applicationName", r.applicationName);
    body.put("deploymentGroupName", r.deploymentGroupName);
    body.put("revision", Map.of("revisionType", "AppSpecContent", "appSpecContent",
        Map.of("content", Json.MAPPER.valueToTree(appSpec).toString())));
    body.put("description", "ecsDeploy " + TaskDefinitionCopy.shortArn(registered));
    String id = codeDeploy.call("CreateDeployment", body).path("deploymentId").asText();
    log.info("CodeDeploy deployment " + id + " of " + TaskDefinitionCopy.shortArn(registered) + " to "
        + r.applicationName + "/" + r.deploymentGroupName + " created");
    String target = EcsDeployRequest.shortName(r.cluster) + ":" + EcsDeployRequest.shortName(r.service);
    JsonNode info = follow(id, target, r.wait, r.approve);
    timings.put("rollout", time.millisSince(start) - timings.getOrDefault("register", 0L));
    return result(r, info, id, registered, previous, timings, start);
  }

  /** {@code continueDeployment} or {@code stopDeployment}: a person's decision on a deployment waiting at Ready. */
  EcsDeployResult decide(EcsDeployRequest r, long start) throws InterruptedException {
    String id = r.continueDeployment != null ? r.continueDeployment : r.stopDeployment;
    if (r.continueDeployment != null) {
      codeDeploy.call("ContinueDeployment", Map.of("deploymentId", id, "deploymentWaitType", "READY_WAIT"));
      log.info("CodeDeploy deployment " + id + " continued: production traffic moves to the replacement tasks");
    } else {
      codeDeploy.call("StopDeployment", Map.of("deploymentId", id, "autoRollbackEnabled", true));
      log.info("CodeDeploy deployment " + id + " stopped with rollback: traffic stays on the original tasks");
    }
    String target = r.cluster == null || r.service == null ? null
        : EcsDeployRequest.shortName(r.cluster) + ":" + EcsDeployRequest.shortName(r.service);
    JsonNode info = follow(id, target, r.wait, false);
    Map<String, Long> timings = new LinkedHashMap<>();
    timings.put("rollout", time.millisSince(start));
    return result(r, info, id, null, null, timings, start);
  }

  private EcsDeployResult result(EcsDeployRequest r, JsonNode info, String id, String registered, String previous,
      Map<String, Long> timings, long start) {
    String status = info.path("status").asText();
    timings.put("total", time.millisSince(start));
    String state = status.toUpperCase(Locale.ROOT);
    boolean ok = status.equals("Succeeded") || status.equals("Ready");
    boolean rolledBack = info.path("rollbackInfo").hasNonNull("rollbackDeploymentId") || status.equals("Stopped");
    EcsDeployResult result = EcsDeployResult.of(ok, "CODE_DEPLOY", r.cluster, r.service, registered, previous, id,
        status.equals("Succeeded") ? "COMPLETED" : state, !ok && rolledBack);
    if (status.equals("Ready")) {
      result.line("CodeDeploy deployment " + id + " is Ready: the replacement tasks take test traffic; approve with"
          + " continueDeployment: '" + id + "' or reject with stopDeployment: '" + id + "'");
    } else if (ok) {
      result.line("deployed " + TaskDefinitionCopy.shortArn(registered) + " to " + r.service + " by CodeDeploy"
          + " (deployment " + id + ")");
    } else {
      String why = info.path("errorInformation").path("message").asText(status);
      result.with("reason", why).line("CodeDeploy deployment " + id + " " + status + ": " + why
          + (rolledBack ? "; traffic is on the original tasks" : ""));
    }
    return result.timings(timings);
  }

  /** Until Succeeded, Failed or Stopped (or Ready, with {@code stopAtReady}); Ready without it is continued. */
  private JsonNode follow(String id, String target, Duration wait, boolean stopAtReady) throws InterruptedException {
    long start = time.nanoTime();
    String lastStatus = null;
    Map<String, String> events = new HashMap<>();
    boolean continued = false;
    boolean timedOut = false;
    Duration deadline = wait;
    while (true) {
      JsonNode info = codeDeploy.call("GetDeployment", Map.of("deploymentId", id)).path("deploymentInfo");
      String status = info.path("status").asText();
      if (!status.equals(lastStatus)) {
        log.info(String.format(Locale.ROOT, "CodeDeploy deployment %s %s (%.1f s)", id, status,
            time.millisSince(start) / 1000.0));
        lastStatus = status;
      }
      if (target != null && !status.equals("Created") && !status.equals("Queued")) {
        printLifecycle(id, target, events);
      }
      switch (status) {
        case "Succeeded":
        case "Failed":
        case "Stopped":
          return info;
        case "Ready":
          if (stopAtReady) {
            return info;
          }
          if (!continued) {
            codeDeploy.call("ContinueDeployment", Map.of("deploymentId", id, "deploymentWaitType", "READY_WAIT"));
            log.info("CodeDeploy deployment " + id + " Ready and approve is false: continued");
            continued = true;
          }
          break;
        default:
          break;
      }
      if (time.nanoTime() - start >= deadline.toNanos() && !timedOut) {
        codeDeploy.call("StopDeployment", Map.of("deploymentId", id, "autoRollbackEnabled", true));
        log.warn("CodeDeploy deployment " + id + " not done within wait " + RolloutWatch.human(wait)
            + ": stopped with rollback, following the stop");
        timedOut = true;
        deadline = deadline.plus(wait);
      } else if (time.nanoTime() - start >= deadline.toNanos()) {
        throw new StepFailedException("CodeDeploy deployment " + id + " neither finished nor stopped within twice"
            + " wait " + RolloutWatch.human(wait) + " (last status " + status + "): check it in CodeDeploy");
      }
      time.sleep(schedule.next(Duration.ofNanos(time.nanoTime() - start)));
    }
  }

  private void printLifecycle(String id, String target, Map<String, String> seen) {
    JsonNode t = codeDeploy.call("GetDeploymentTarget", Map.of("deploymentId", id, "targetId", target))
        .path("deploymentTarget").path("ecsTarget");
    for (JsonNode e : t.path("lifecycleEvents")) {
      String name = e.path("lifecycleEventName").asText();
      String status = e.path("status").asText();
      if (!status.equals(seen.put(name, status)) && !status.equals("Pending")) {
        log.info("lifecycle " + name + " " + status);
      }
    }
  }
}
