package io.deploysteps.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Follows one ECS deployment of the service until its rolloutState is COMPLETED or FAILED, or the
 * wait is over: one progress line whenever its counts change, and each new service event printed
 * once, oldest first, as it arrives.
 */
final class RolloutWatch {
  /** How a followed deployment ended. */
  enum End { COMPLETED, FAILED, TIMED_OUT }

  /** The end, the reason ECS gave, the deployment and service as last seen. */
  static final class Outcome {
    final End end;
    final String reason;
    final JsonNode deployment;
    final JsonNode service;
    final long millis;

    Outcome(End end, String reason, JsonNode deployment, JsonNode service, long millis) {
      this.end = end;
      this.reason = reason;
      this.deployment = deployment;
      this.service = service;
      this.millis = millis;
    }
  }

  private static final Duration HEARTBEAT = Duration.ofSeconds(60);

  private final EcsApi api;
  private final TimeSource time;
  private final StepLog log;
  private final PollSchedule schedule;
  private final Set<String> seenEvents = new HashSet<>();

  RolloutWatch(EcsApi api, TimeSource time, StepLog log, PollSchedule schedule) {
    this.api = api;
    this.time = time;
    this.log = log;
    this.schedule = schedule;
  }

  /** Events already there before the deploy are history, not progress. */
  void markSeen(JsonNode service) {
    service.path("events").forEach(e -> seenEvents.add(e.path("id").asText()));
  }

  Outcome follow(String deploymentId, Duration wait) throws InterruptedException {
    long start = time.nanoTime();
    String lastProgress = null;
    long lastLine = start;
    while (true) {
      JsonNode service = api.service();
      printNewEvents(service);
      JsonNode d = find(service, deploymentId);
      long ms = time.millisSince(start);
      if (d == null) {
        return new Outcome(End.FAILED, "the deployment is no longer listed (replaced by another)", null, service, ms);
      }
      String state = rolloutState(service, d);
      String progress = String.format(Locale.ROOT, "deployment %s %s: %d running, %d pending, %d desired, %d failed tasks",
          deploymentId, state, d.path("runningCount").asInt(), d.path("pendingCount").asInt(),
          d.path("desiredCount").asInt(), d.path("failedTasks").asInt());
      if (!progress.equals(lastProgress) || time.nanoTime() - lastLine >= HEARTBEAT.toNanos()) {
        log.info(progress + String.format(Locale.ROOT, " (%.1f s)", ms / 1000.0));
        lastProgress = progress;
        lastLine = time.nanoTime();
      }
      if (state.equals("COMPLETED")) {
        return new Outcome(End.COMPLETED, d.path("rolloutStateReason").asText(null), d, service, ms);
      }
      if (state.equals("FAILED")) {
        return new Outcome(End.FAILED, d.path("rolloutStateReason").asText("rolloutState FAILED"), d, service, ms);
      }
      Duration left = wait.minusNanos(time.nanoTime() - start);
      if (left.isNegative() || left.isZero()) {
        return new Outcome(End.TIMED_OUT, "not settled within wait " + human(wait), d, service, ms);
      }
      Duration next = schedule.next(Duration.ofNanos(time.nanoTime() - start), service, d);
      time.sleep(next.compareTo(left) < 0 ? next : left);
    }
  }

  /** The PRIMARY deployment other than {@code excluded} (the one a circuit-breaker rollback starts). */
  static JsonNode otherPrimary(JsonNode service, String excluded) {
    for (JsonNode d : service.path("deployments")) {
      if ("PRIMARY".equals(d.path("status").asText()) && !d.path("id").asText().equals(excluded)) {
        return d;
      }
    }
    return null;
  }

  private void printNewEvents(JsonNode service) {
    List<JsonNode> fresh = new ArrayList<>();
    for (JsonNode e : service.path("events")) { // newest first
      if (seenEvents.add(e.path("id").asText())) {
        fresh.add(0, e);
      }
    }
    fresh.forEach(e -> log.info("event: " + e.path("message").asText()));
  }

  private static JsonNode find(JsonNode service, String id) {
    for (JsonNode d : service.path("deployments")) {
      if (d.path("id").asText().equals(id)) {
        return d;
      }
    }
    return null;
  }

  /**
   * The deployment's rolloutState; a service that reports none (older accounts) counts as COMPLETED
   * when it is the only deployment and runs the desired count, as {@code aws ecs wait services-stable} decides.
   */
  private static String rolloutState(JsonNode service, JsonNode d) {
    String state = d.path("rolloutState").asText("");
    if (!state.isEmpty()) {
      return state;
    }
    boolean alone = service.path("deployments").size() == 1;
    return alone && d.path("runningCount").asInt() == d.path("desiredCount").asInt() ? "COMPLETED" : "IN_PROGRESS";
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    return s % 60 == 0 && s >= 60 ? (s / 60) + "m" : d.toMillis() % 1000 == 0 ? s + "s" : d.toMillis() + "ms";
  }
}
