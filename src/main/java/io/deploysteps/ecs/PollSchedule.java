package io.deploysteps.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * How long to wait before the next DescribeServices while a rollout is followed. Fast at first (a
 * small service often settles in seconds) and whenever the end looks near: every new task running
 * with none pending and the old deployments drained (COMPLETED is next), or tasks failing (the
 * circuit breaker is about to decide). Slow in between, while tasks start and old ones drain, which
 * is most of a rollout. That keeps the step's exit within about a fast interval of the outcome and a
 * 5-minute rollout near 100 calls, far inside ECS's describe rate limits (the AWS CLI waiter polls
 * every 15 s).
 */
final class PollSchedule {
  static final PollSchedule DEFAULT = new PollSchedule(Duration.ofMillis(1000), Duration.ofMillis(3000),
      Duration.ofSeconds(15));

  private final Duration fast;
  private final Duration slow;
  private final Duration fastAtFirst;

  PollSchedule(Duration fast, Duration slow, Duration fastAtFirst) {
    this.fast = fast;
    this.slow = slow;
    this.fastAtFirst = fastAtFirst;
  }

  Duration next(Duration elapsed, JsonNode service, JsonNode deployment) {
    if (elapsed.compareTo(fastAtFirst) < 0 || endLooksNear(service, deployment)) {
      return fast;
    }
    return slow;
  }

  /** For a deployment whose counts say nothing of its end (CodeDeploy's): fast at first, then slow. */
  Duration next(Duration elapsed) {
    return elapsed.compareTo(fastAtFirst) < 0 ? fast : slow;
  }

  private static boolean endLooksNear(JsonNode service, JsonNode deployment) {
    if (deployment == null) {
      return true;
    }
    if (deployment.path("failedTasks").asInt(0) > 0) {
      return true;
    }
    boolean allUp = deployment.path("runningCount").asInt(0) >= deployment.path("desiredCount").asInt(0)
        && deployment.path("pendingCount").asInt(0) == 0;
    if (!allUp) {
      return false;
    }
    for (JsonNode other : service.path("deployments")) {
      if (!other.path("id").asText().equals(deployment.path("id").asText()) && other.path("runningCount").asInt(0) > 0) {
        return false;
      }
    }
    return true;
  }
}
