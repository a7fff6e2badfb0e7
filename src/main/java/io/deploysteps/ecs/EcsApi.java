package io.deploysteps.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deploysteps.aws.AwsJsonService;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Json;
import io.deploysteps.engine.StepFailedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ECS calls ecsDeploy makes, in the shapes of the ECS API reference, answered as JSON trees. */
final class EcsApi {
  private final AwsJsonService ecs;
  private final String cluster;
  private final String service;

  EcsApi(AwsJsonService ecs, String cluster, String service) {
    this.ecs = ecs;
    this.cluster = cluster;
    this.service = service;
  }

  /** DescribeServices of the one service; a service that is not there is bad input (nothing changed). */
  JsonNode service() {
    JsonNode answer = ecs.call("DescribeServices", Map.of("cluster", cluster, "services", List.of(service)));
    JsonNode services = answer.path("services");
    if (services.isEmpty()) {
      String reason = answer.path("failures").path(0).path("reason").asText("MISSING");
      throw new InvalidParameterException("service", "no service '" + service + "' in cluster '" + cluster + "' ("
          + reason + ")");
    }
    return services.get(0);
  }

  /** DescribeTaskDefinition with {@code include: [TAGS]}: {@code taskDefinition} and {@code tags}. */
  JsonNode taskDefinition(String arn) {
    return ecs.call("DescribeTaskDefinition", Map.of("taskDefinition", arn, "include", List.of("TAGS")));
  }

  /** RegisterTaskDefinition; the new revision's document. */
  JsonNode register(ObjectNode document) {
    return ecs.call("RegisterTaskDefinition", document).path("taskDefinition");
  }

  /** UpdateService to {@code taskDefinition}; the service as it is after the update. */
  JsonNode update(String taskDefinition, boolean force, Integer desiredCount) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("cluster", cluster);
    body.put("service", service);
    body.put("taskDefinition", taskDefinition);
    body.put("forceNewDeployment", force);
    if (desiredCount != null) {
      body.put("desiredCount", desiredCount);
    }
    return ecs.call("UpdateService", body).path("service");
  }

  /** The tasks a deployment started that have stopped (ListTasks, then DescribeTasks), at most 100. */
  List<JsonNode> stoppedTasks(String deploymentId) {
    JsonNode listed = ecs.call("ListTasks", Map.of("cluster", cluster, "startedBy", deploymentId,
        "desiredStatus", "STOPPED", "maxResults", 100));
    List<String> arns = new ArrayList<>();
    listed.path("taskArns").forEach(a -> arns.add(a.asText()));
    if (arns.isEmpty()) {
      return List.of();
    }
    List<JsonNode> tasks = new ArrayList<>();
    ecs.call("DescribeTasks", Map.of("cluster", cluster, "tasks", arns)).path("tasks").forEach(tasks::add);
    return tasks;
  }

  /** The id of the service's PRIMARY deployment. */
  static String primaryId(JsonNode service) {
    for (JsonNode d : service.path("deployments")) {
      if ("PRIMARY".equals(d.path("status").asText())) {
        return d.path("id").asText();
      }
    }
    throw new StepFailedException("ECS UpdateService answered no PRIMARY deployment: " + Json.write(service.path("deployments")));
  }
}
