package io.deploysteps.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.docker.ImageRef;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Json;
import io.deploysteps.fs.HostFiles;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The images to deploy, container name to image URI: from the {@code imagedefinitions.json}
 * buildAndPushEcr writes ({@code [{"name":"app","imageUri":"...:tag"}]}, the file CodePipeline's
 * ECS deploy action reads), or from one {@code containerName} and {@code image}.
 */
final class ContainerImages {
  private ContainerImages() {}

  static Map<String, String> of(EcsDeployRequest r, HostFiles files, String workspace) {
    Map<String, String> images = new LinkedHashMap<>();
    if (r.image != null) {
      images.put(r.containerName, r.image);
      return images;
    }
    String path = java.nio.file.Paths.get(workspace).resolve(r.imageDefinitions).normalize().toString();
    if (!files.exists(path) || files.isDirectory(path)) {
      throw new InvalidParameterException("imageDefinitions", "no file at " + path);
    }
    JsonNode doc;
    try {
      doc = Json.read(files.readString(path));
    } catch (IllegalStateException e) {
      throw new InvalidParameterException("imageDefinitions", path + " is not JSON: " + e.getMessage());
    }
    if (!doc.isArray() || doc.isEmpty()) {
      throw new InvalidParameterException("imageDefinitions", path + " must be a non-empty list of"
          + " {\"name\": CONTAINER, \"imageUri\": IMAGE}");
    }
    for (JsonNode entry : doc) {
      String name = entry.path("name").asText("");
      String uri = entry.path("imageUri").asText("");
      if (name.isEmpty() || uri.isEmpty()) {
        throw new InvalidParameterException("imageDefinitions", path + ": every entry needs \"name\" and \"imageUri\","
            + " got " + entry);
      }
      ImageRef.parse("imageDefinitions", uri);
      if (images.put(name, uri) != null) {
        throw new InvalidParameterException("imageDefinitions", path + " names container '" + name + "' twice");
      }
    }
    if (r.containerName != null) {
      String uri = images.get(r.containerName);
      if (uri == null) {
        throw new InvalidParameterException("containerName", "'" + r.containerName + "' is not in " + path
            + " (it names " + String.join(", ", images.keySet()) + ")");
      }
      return new LinkedHashMap<>(Map.of(r.containerName, uri));
    }
    return images;
  }
}
