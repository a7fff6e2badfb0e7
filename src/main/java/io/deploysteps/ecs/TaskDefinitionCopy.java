package io.deploysteps.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deploysteps.engine.InvalidParameterException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The RegisterTaskDefinition document of a new revision that differs from the running one only in
 * the images of the named containers. The described document is copied whole and only the fields
 * AWS sets itself are dropped, so secrets, environment entries with empty values, volumes,
 * runtimePlatform, ephemeralStorage, proxy and log configuration, and any field AWS adds later all
 * survive; the tags DescribeTaskDefinition returned (include TAGS) go along.
 */
final class TaskDefinitionCopy {
  /** What DescribeTaskDefinition returns that RegisterTaskDefinition does not take. */
  static final Set<String> READ_ONLY = Set.of("taskDefinitionArn", "revision", "status", "requiresAttributes",
      "compatibilities", "registeredAt", "registeredBy", "deregisteredAt");

  private TaskDefinitionCopy() {}

  /** {@code parameter}: which parameter named the containers, for the error when one is missing. */
  static ObjectNode withImages(JsonNode described, JsonNode tags, Map<String, String> images, String parameter) {
    ObjectNode doc = described.deepCopy();
    READ_ONLY.forEach(doc::remove);
    List<String> names = new ArrayList<>();
    doc.path("containerDefinitions").forEach(c -> names.add(c.path("name").asText()));
    for (Map.Entry<String, String> e : images.entrySet()) {
      if (!names.contains(e.getKey())) {
        throw new InvalidParameterException(parameter, "container '" + e.getKey() + "' is not in task definition "
            + described.path("family").asText() + ":" + described.path("revision").asText() + "; its containers are "
            + String.join(", ", names));
      }
    }
    for (JsonNode c : doc.path("containerDefinitions")) {
      String image = images.get(c.path("name").asText());
      if (image != null) {
        ((ObjectNode) c).put("image", image);
      }
    }
    if (tags != null && tags.isArray() && !tags.isEmpty()) {
      doc.set("tags", (ArrayNode) tags.deepCopy());
    }
    return doc;
  }

  /** {@code family:revision} of a task definition ARN, as people and the console name it. */
  static String shortArn(String arn) {
    return arn == null ? null : arn.substring(arn.lastIndexOf('/') + 1);
  }
}
