package io.deploysteps.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rolling deploy (deployment controller ECS): UpdateService to the new revision, follow the
 * PRIMARY deployment; when it fails or does not settle, list the stopped tasks, then follow the way
 * back to the previous revision (the circuit breaker's own rollback, else ours with
 * rollbackOnFailure) to its end.
 */
final class RollingDeploy {
  private final EcsApi api;
  private final TimeSource time;
  private final StepLog log;
  private final RolloutWatch watch;

  RollingDeploy(EcsApi api, TimeSource time, StepLog log, PollSchedule schedule) {
    this.api = api;
    this.time = time;
    this.log = log;
    this.watch = new RolloutWatch(api, time, log, schedule);
  }

  EcsDeployResult deploy(EcsDeployRequest r, JsonNode before, String registered, String previous,
      Map<String, Long> timings, long start) throws InterruptedException {
    watch.markSeen(before);
    JsonNode updated = api.update(registered, r.forceNewDeployment, r.desiredCount);
    String id = EcsApi.primaryId(updated);
    log.info("updated service " + r.service + " to " + TaskDefinitionCopy.shortArn(registered) + ": deployment " + id
        + ", following it for up to " + RolloutWatch.human(r.wait));
    RolloutWatch.Outcome out = watch.follow(id, r.wait);
    timings.put("rollout", out.millis);
    if (out.end == RolloutWatch.End.COMPLETED) {
      log.info(String.format(Locale.ROOT, "deployment %s COMPLETED: %s runs on %s after %.1f s", id,
          TaskDefinitionCopy.shortArn(registered), r.service, out.millis / 1000.0));
      timings.put("total", time.millisSince(start));
      return EcsDeployResult.of(true, "ECS", r.cluster, r.service, registered, previous, id, "COMPLETED", false)
          .line("deployed " + TaskDefinitionCopy.shortArn(registered) + " to " + r.cluster + "/" + r.service
              + " (deployment " + id + ", was " + TaskDefinitionCopy.shortArn(previous) + ")")
          .timings(timings);
    }
    String state = out.end == RolloutWatch.End.TIMED_OUT ? "TIMED_OUT" : "FAILED";
    log.warn("deployment " + id + " " + state + ": " + out.reason);
    List<Map<String, Object>> stopped = StoppedTasks.report(api.stoppedTasks(id), id, log);
    Back back = rollBack(r, out, id, previous);
    timings.put("total", time.millisSince(start));
    EcsDeployResult result = EcsDeployResult.of(false, "ECS", r.cluster, r.service, registered, previous, id, state,
        back.completed)
        .with("reason", out.reason)
        .with("stoppedTasks", stopped)
        .with("rollbackDeploymentId", back.deploymentId)
        .with("rollbackState", back.state)
        .line("deployment " + id + " of " + TaskDefinitionCopy.shortArn(registered) + " " + state + ": " + out.reason)
        .line(back.summary);
    return result.timings(timings);
  }

  /** Where traffic went after a failure, and whether that was followed to a settled service. */
  private static final class Back {
    String deploymentId;
    String state = "NONE";
    boolean completed;
    String summary;
  }

  private Back rollBack(EcsDeployRequest r, RolloutWatch.Outcome out, String id, String previous)
      throws InterruptedException {
    Back back = new Back();
    JsonNode breaker = out.service.path("deploymentConfiguration").path("deploymentCircuitBreaker");
    boolean breakerRollsBack = out.end == RolloutWatch.End.FAILED && breaker.path("enable").asBoolean(false)
        && breaker.path("rollback").asBoolean(false);
    if (breakerRollsBack) {
      JsonNode rollback = RolloutWatch.otherPrimary(out.service, id);
      if (rollback == null) {
        rollback = RolloutWatch.otherPrimary(api.service(), id);
      }
      if (rollback == null) {
        back.summary = "the circuit breaker was to roll back, but the service shows no rollback deployment: check it";
        log.warn(back.summary);
        return back;
      }
      back.deploymentId = rollback.path("id").asText();
      log.info("the circuit breaker rolls back to " + TaskDefinitionCopy.shortArn(rollback.path("taskDefinition").asText())
          + ": following deployment " + back.deploymentId);
    } else if (r.rollbackOnFailure) {
      JsonNode updated = api.update(previous, false, null);
      back.deploymentId = EcsApi.primaryId(updated);
      log.info("rolling back to " + TaskDefinitionCopy.shortArn(previous) + ": deployment " + back.deploymentId);
    } else {
      back.summary = "rollbackOnFailure is false: the service is left as ECS has it (check it)";
      log.warn(back.summary);
      return back;
    }
    RolloutWatch.Outcome settled = watch.follow(back.deploymentId, r.wait);
    back.state = settled.end == RolloutWatch.End.TIMED_OUT ? "TIMED_OUT" : settled.end.name();
    back.completed = settled.end == RolloutWatch.End.COMPLETED;
    back.summary = back.completed
        ? String.format(Locale.ROOT, "rolled back: %s runs again (deployment %s COMPLETED after %.1f s)",
            TaskDefinitionCopy.shortArn(previous), back.deploymentId, settled.millis / 1000.0)
        : "the rollback deployment " + back.deploymentId + " " + back.state + " too: " + settled.reason
            + "; the service may run neither revision healthily";
    if (back.completed) {
      log.info(back.summary);
    } else {
      log.warn(back.summary);
    }
    return back;
  }

}
