package io.deploysteps.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deploysteps.engine.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds ImageInfo and ContainerInfo as {@code docker inspect} would describe them, for tests without Docker. */
public final class Inspected {
  private Inspected() {}

  public static ImageInfo image(String id, Instant created, long size, List<String> tags, Map<String, String> labels,
      String parent) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("Id", id);
    tags.forEach(n.putArray("RepoTags")::add);
    n.putArray("RepoDigests");
    n.put("Created", created.toString());
    n.put("Size", size);
    n.put("Parent", parent == null ? "" : parent);
    ObjectNode l = n.putObject("Config").putObject("Labels");
    labels.forEach(l::put);
    return ImageInfo.fromInspect(n);
  }

  public static ImageInfo image(String id, Instant created, List<String> tags, List<String> repoDigests) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("Id", id);
    tags.forEach(n.putArray("RepoTags")::add);
    repoDigests.forEach(n.putArray("RepoDigests")::add);
    n.put("Created", created.toString());
    n.put("Size", 10);
    return ImageInfo.fromInspect(n);
  }

  /** A container; {@code finished} null means it never stopped (or never started). */
  public static ContainerInfo container(String name, String imageId, boolean running, Instant created,
      Instant finished, Map<String, String> labels) {
    return container(name, imageId, running, created, finished, labels,
        running ? "running" : finished == null ? "created" : "exited");
  }

  public static ContainerInfo container(String name, String imageId, boolean running, Instant created,
      Instant finished, Map<String, String> labels, String status) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("Id", "c-" + name);
    n.put("Name", "/" + name);
    n.put("Image", imageId);
    n.put("Created", created.toString());
    ObjectNode state = n.putObject("State");
    state.put("Status", status);
    state.put("Running", running);
    state.put("FinishedAt", finished == null ? "0001-01-01T00:00:00Z" : finished.toString());
    ObjectNode config = n.putObject("Config");
    config.put("Image", imageId);
    ObjectNode l = config.putObject("Labels");
    labels.forEach(l::put);
    return ContainerInfo.fromInspect(n);
  }
}
