package io.deploysteps.dbaudit;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.aws.AwsJsonService;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.log.StepLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many tasks of each ECS service may hold connections at once: during a rolling deploy ECS runs
 * up to {@code desiredCount x maximumPercent / 100} tasks (rounded down, as ECS does; 200 % when the
 * service says none: old and new tasks both up), the ECS counterpart of "the deploying app counted
 * twice"; a CODE_DEPLOY service runs its original and replacement task sets in full, twice the desired
 * count. Read with DescribeServices, up to 10 services of a cluster per call (the API's limit).
 */
final class EcsTaskCounts {
  private static final int PER_CALL = 10;
  static final int DEFAULT_MAXIMUM_PERCENT = 200;

  private EcsTaskCounts() {}

  /** The entries as app pools (pool x tasks during a deploy); a service with desiredCount 0 opens none and is left out. */
  static Map<String, AppPool> pools(List<EcsPool> entries, AwsJsonService ecs, StepLog log) {
    Map<String, List<EcsPool>> byCluster = new LinkedHashMap<>();
    entries.forEach(e -> byCluster.computeIfAbsent(e.cluster(), c -> new ArrayList<>()).add(e));
    Map<String, AppPool> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<EcsPool>> c : byCluster.entrySet()) {
      List<EcsPool> all = c.getValue();
      for (int from = 0; from < all.size(); from += PER_CALL) {
        List<EcsPool> batch = all.subList(from, Math.min(all.size(), from + PER_CALL));
        List<String> services = batch.stream().map(EcsPool::service).toList();
        JsonNode answer = ecs.call("DescribeServices", Map.of("cluster", c.getKey(), "services", services));
        for (EcsPool e : batch) {
          JsonNode s = find(answer, e);
          int tasks = tasksDuringDeploy(s);
          String why = s.path("deploymentController").path("type").asText("ECS").equals("CODE_DEPLOY")
              ? "x 2 (CODE_DEPLOY: both task sets)"
              : "x maximumPercent " + maximumPercent(s) + "%";
          log.info("ecs %s: %s/%s desiredCount %d %s = %d task(s) during a deploy, pool %d each: %d connections",
              e.name(), e.cluster(), e.service(), s.path("desiredCount").asInt(), why, tasks, e.pool(), tasks * e.pool());
          if (tasks > 0) {
            out.put(e.name(), AppPool.of(e.name(), e.pool(), tasks));
          }
        }
      }
    }
    return out;
  }

  static int tasksDuringDeploy(JsonNode service) {
    int desired = service.path("desiredCount").asInt(0);
    if (service.path("deploymentController").path("type").asText("ECS").equals("CODE_DEPLOY")) {
      return desired * 2;
    }
    return desired * maximumPercent(service) / 100;
  }

  private static int maximumPercent(JsonNode service) {
    JsonNode max = service.path("deploymentConfiguration").path("maximumPercent");
    return max.isInt() ? max.asInt() : DEFAULT_MAXIMUM_PERCENT;
  }

  private static JsonNode find(JsonNode answer, EcsPool e) {
    String wanted = EcsPool.shortName(e.service());
    for (JsonNode s : answer.path("services")) {
      if (s.path("serviceName").asText().equals(wanted) || s.path("serviceArn").asText().equals(e.service())) {
        return s;
      }
    }
    String reason = "MISSING";
    for (JsonNode f : answer.path("failures")) {
      if (f.path("arn").asText().endsWith("/" + wanted) || f.path("arn").asText().equals(e.service())) {
        reason = f.path("reason").asText(reason);
      }
    }
    throw new InvalidParameterException("ecs." + e.name(), "no service '" + e.service() + "' in cluster '"
        + e.cluster() + "' (" + reason + ")");
  }
}
