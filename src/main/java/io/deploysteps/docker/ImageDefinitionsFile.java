package io.deploysteps.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Json;
import io.deploysteps.fs.HostFiles;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an {@code imagedefinitions.json} ({@code [{"name":"app","imageUri":"...:tag"}]}, the file
 * buildAndPushEcr writes and CodePipeline's ECS deploy action reads): container name to image URI.
 * Every fault is an {@link InvalidParameterException} naming the parameter that gave the file.
 */
public final class ImageDefinitionsFile {
  private ImageDefinitionsFile() {}

  /** All entries, in file order; {@code parameter} names the file's key in errors. */
  public static Map<String, String> read(HostFiles files, String path, String parameter) {
    if (!files.exists(path) || files.isDirectory(path)) {
      throw new InvalidParameterException(parameter, "no file at " + path);
    }
    JsonNode doc;
    try {
      doc = Json.read(files.readString(path));
    } catch (IllegalStateException e) {
      throw new InvalidParameterException(parameter, path + " is not JSON: " + e.getMessage());
    }
    if (!doc.isArray() || doc.isEmpty()) {
      throw new InvalidParameterException(parameter, path + " must be a non-empty list of"
          + " {\"name\": CONTAINER, \"imageUri\": IMAGE}");
    }
    Map<String, String> images = new LinkedHashMap<>();
    for (JsonNode entry : doc) {
      String name = entry.path("name").asText("");
      String uri = entry.path("imageUri").asText("");
      if (name.isEmpty() || uri.isEmpty()) {
        throw new InvalidParameterException(parameter, path + ": every entry needs \"name\" and \"imageUri\","
            + " got " + entry);
      }
      ImageRef.parse(parameter, uri);
      if (images.put(name, uri) != null) {
        throw new InvalidParameterException(parameter, path + " names container '" + name + "' twice");
      }
    }
    return images;
  }

  /** The one image of {@code containerName}, or of the only entry when it is null. */
  public static String imageOf(Map<String, String> images, String path, String containerName) {
    if (containerName == null) {
      if (images.size() != 1) {
        throw new InvalidParameterException("containerName", "is required: " + path + " lists " + images.size()
            + " containers (" + String.join(", ", images.keySet()) + ")");
      }
      return images.values().iterator().next();
    }
    String uri = images.get(containerName);
    if (uri == null) {
      throw new InvalidParameterException("containerName", "'" + containerName + "' is not in " + path
          + " (it names " + String.join(", ", images.keySet()) + ")");
    }
    return uri;
  }
}
