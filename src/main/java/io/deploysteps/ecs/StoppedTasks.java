package io.deploysteps.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.log.StepLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Why a deployment's tasks stopped: each task's stoppedReason and its containers' exit codes and reasons. */
final class StoppedTasks {
  private static final int SHOWN = 10;

  private StoppedTasks() {}

  /** Logs the tasks (at most {@value #SHOWN} lines of them) and returns them as plain maps for the result. */
  static List<Map<String, Object>> report(List<JsonNode> tasks, String deploymentId, StepLog log) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (tasks.isEmpty()) {
      log.info("deployment " + deploymentId + ": no stopped tasks listed");
      return out;
    }
    log.info("deployment " + deploymentId + ": " + tasks.size() + " stopped task(s)");
    for (JsonNode t : tasks) {
      Map<String, Object> task = new LinkedHashMap<>();
      String id = t.path("taskArn").asText().replaceAll(".*/", "");
      task.put("taskId", id);
      task.put("stoppedReason", t.path("stoppedReason").asText(""));
      task.put("stopCode", t.path("stopCode").asText(""));
      List<Map<String, Object>> containers = new ArrayList<>();
      StringBuilder line = new StringBuilder("task " + id + " stopped: " + t.path("stoppedReason").asText("(no reason)"));
      for (JsonNode c : t.path("containers")) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", c.path("name").asText());
        if (c.has("exitCode")) {
          container.put("exitCode", c.path("exitCode").asInt());
        }
        container.put("reason", c.path("reason").asText(""));
        containers.add(container);
        line.append("; container ").append(c.path("name").asText())
            .append(c.has("exitCode") ? " exit " + c.path("exitCode").asInt() : " no exit code");
        if (c.hasNonNull("reason")) {
          line.append(" (").append(c.path("reason").asText()).append(')');
        }
      }
      task.put("containers", containers);
      out.add(task);
      if (out.size() <= SHOWN) {
        log.info(line.toString());
      }
    }
    if (out.size() > SHOWN) {
      log.info("... and " + (out.size() - SHOWN) + " more stopped tasks (in the result)");
    }
    return out;
  }
}
