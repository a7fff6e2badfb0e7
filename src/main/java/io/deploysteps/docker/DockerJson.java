package io.deploysteps.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields we read from Docker's JSON, read from the tree by hand. Jackson's data binding of
 * records costs a short-lived JVM about 100 ms of reflection on its first use (every deploy's
 * reconcile paid it); the tree, which the answer is parsed into anyway, costs next to nothing.
 * A missing field, or Docker's {@code null}, reads as binding reads it: null, 0, false, empty.
 */
final class DockerJson {
  private DockerJson() {}

  /** A string field, or null when missing or null (a number reads as its text). */
  static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isValueNode() && !v.isNull() ? v.asText() : null;
  }

  static long number(JsonNode node, String field) {
    return node.path(field).asLong(0);
  }

  static boolean flag(JsonNode node, String field) {
    return node.path(field).asBoolean(false);
  }

  /** A list of strings (null entries dropped), empty when missing or null. */
  static List<String> texts(JsonNode node, String field) {
    List<String> out = new ArrayList<>();
    node.path(field).forEach(v -> {
      if (v.isValueNode() && !v.isNull()) {
        out.add(v.asText());
      }
    });
    return out;
  }

  /** Docker sends {@code "Labels": null} for none; a null value reads as empty, as the CLI shows it. */
  static Map<String, String> labels(JsonNode node, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    node.path(field).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
    return out;
  }
}
