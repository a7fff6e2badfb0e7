package io.deploysteps.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code docker inspect} says of a container that we use. */
public final class ContainerInfo {
  private final String id;
  private final String name;
  private final String image;
  private final String imageId;
  private final String status;
  private final boolean running;
  private final String health;
  private final int exitCode;
  private final Map<String, String> labels;
  private final Instant created;
  private final Instant startedAt;
  private final Instant finishedAt;
  private final String restartPolicy;
  private final int restartCount;
  private final boolean oomKilled;
  private final java.util.List<Mount> mounts;

  ContainerInfo(JsonNode n) {
    this.id = n.path("Id").asText();
    this.name = n.path("Name").asText().replaceFirst("^/", "");
    this.image = n.path("Config").path("Image").asText();
    this.imageId = n.path("Image").asText();
    JsonNode state = n.path("State");
    this.status = state.path("Status").asText();
    this.running = state.path("Running").asBoolean();
    this.health = state.path("Health").isMissingNode() ? null : state.path("Health").path("Status").asText(null);
    this.exitCode = state.path("ExitCode").asInt();
    this.labels = readLabels(n.path("Config").path("Labels"));
    this.created = DockerTime.parse(n.path("Created").asText(null));
    this.startedAt = DockerTime.parse(state.path("StartedAt").asText(null));
    this.finishedAt = DockerTime.parse(state.path("FinishedAt").asText(null));
    this.restartPolicy = n.path("HostConfig").path("RestartPolicy").path("Name").asText("");
    this.restartCount = n.path("RestartCount").asInt();
    this.oomKilled = state.path("OOMKilled").asBoolean();
    java.util.List<Mount> m = new java.util.ArrayList<>();
    n.path("Mounts").forEach(x -> m.add(new Mount(x.path("Type").asText(), x.path("Source").asText(), x.path("Destination").asText())));
    this.mounts = java.util.List.copyOf(m);
  }

  /** One entry of {@code Mounts}: type (bind, volume, tmpfs), source on the host, destination inside. */
  public record Mount(String type, String source, String destination) {}

  /** How often the restart policy has restarted it since it was last started; 0 from a brief listing. */
  public int restartCount() {
    return restartCount;
  }

  /** Whether the kernel's OOM killer ended its last run. */
  public boolean oomKilled() {
    return oomKilled;
  }

  /** What is mounted into it; empty from a brief listing. */
  public java.util.List<Mount> mounts() {
    return mounts;
  }

  /** {@code HostConfig.RestartPolicy.Name} ({@code no}, {@code unless-stopped}, ...); empty from a brief listing. */
  public String restartPolicy() {
    return restartPolicy;
  }

  static Map<String, String> readLabels(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return Map.copyOf(out);
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  /** The image as given to {@code docker run}. */
  public String image() {
    return image;
  }

  /** The image id ({@code sha256:...}). */
  public String imageId() {
    return imageId;
  }

  /** created, running, paused, restarting, removing, exited or dead. */
  public String status() {
    return status;
  }

  public boolean running() {
    return running;
  }

  /** The HEALTHCHECK status (starting, healthy, unhealthy), or null when the image has none. */
  public String health() {
    return health;
  }

  public int exitCode() {
    return exitCode;
  }

  public Map<String, String> labels() {
    return labels;
  }

  public Instant created() {
    return created;
  }

  /** Null when never started. */
  public Instant startedAt() {
    return startedAt;
  }

  /** Null when never stopped. */
  public Instant finishedAt() {
    return finishedAt;
  }
}
