package io.deploysteps.docker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What Docker says of a container that we use, the same from either transport: a {@code docker
 * inspect} (or {@code GET /containers/{id}/json}) bound by Jackson, or a brief listing, which
 * leaves out what it does not carry (health, exit code, finish time, restart policy and count, mounts).
 */
public record ContainerInfo(String id, String name, String image, String imageId, String status, boolean running,
    String health, int exitCode, Map<String, String> labels, Instant created, Instant startedAt, Instant finishedAt,
    String restartPolicy, int restartCount, boolean oomKilled, List<Mount> mounts) {

  public ContainerInfo {
    labels = Map.copyOf(labels);
    mounts = List.copyOf(mounts);
  }

  /** One entry of {@code Mounts}: type (bind, volume, tmpfs), source on the host, destination inside. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Mount(@JsonProperty("Type") String type, @JsonProperty("Source") String source,
      @JsonProperty("Destination") String destination) {}

  /** The inspect document's shape, as Jackson binds it (only the fields we read). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Inspect(@JsonProperty("Id") String id, @JsonProperty("Name") String name, @JsonProperty("Image") String imageId,
      @JsonProperty("Created") String created, @JsonProperty("RestartCount") int restartCount,
      @JsonProperty("Config") Config config, @JsonProperty("State") State state,
      @JsonProperty("HostConfig") HostConfig hostConfig, @JsonProperty("Mounts") List<Mount> mounts) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Config(@JsonProperty("Image") String image, @JsonProperty("Labels") Map<String, String> labels) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record State(@JsonProperty("Status") String status, @JsonProperty("Running") boolean running,
      @JsonProperty("ExitCode") int exitCode, @JsonProperty("OOMKilled") boolean oomKilled,
      @JsonProperty("StartedAt") String startedAt, @JsonProperty("FinishedAt") String finishedAt,
      @JsonProperty("Health") Health health) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Health(@JsonProperty("Status") String status) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record HostConfig(@JsonProperty("RestartPolicy") RestartPolicy restartPolicy) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record RestartPolicy(@JsonProperty("Name") String name) {}

  /** One entry of {@code GET /containers/json}: what {@code docker ps} lists. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Summary(@JsonProperty("Id") String id, @JsonProperty("Names") List<String> names, @JsonProperty("Image") String image,
      @JsonProperty("State") String state, @JsonProperty("Created") long created,
      @JsonProperty("Labels") Map<String, String> labels, @JsonProperty("Mounts") List<Mount> mounts) {}

  /** A listing entry as a brief read (the first name, as {@code docker ps} shows it). */
  static ContainerInfo fromSummary(Summary s) {
    String name = s.names() == null || s.names().isEmpty() ? "" : text(s.names().get(0)).replaceFirst("^/", "");
    return brief(text(s.id()), name, text(s.image()), text(s.state()), Instant.ofEpochSecond(s.created()), labels(s.labels()));
  }

  /** From one object of {@code docker inspect} / {@code GET /containers/{id}/json}. */
  static ContainerInfo fromInspect(JsonNode node) {
    return of(ImageInfo.bind(node, Inspect.class));
  }

  private static ContainerInfo of(Inspect n) {
    Config config = n.config() == null ? new Config("", Map.of()) : n.config();
    State st = n.state() == null ? new State("", false, 0, false, null, null, null) : n.state();
    String policy = n.hostConfig() == null || n.hostConfig().restartPolicy() == null ? ""
        : text(n.hostConfig().restartPolicy().name());
    return new ContainerInfo(text(n.id()), text(n.name()).replaceFirst("^/", ""), text(config.image()), text(n.imageId()),
        text(st.status()), st.running(), st.health() == null ? null : st.health().status(), st.exitCode(),
        labels(config.labels()), DockerTime.parse(n.created()), DockerTime.parse(st.startedAt()),
        DockerTime.parse(st.finishedAt()), policy, n.restartCount(), st.oomKilled(),
        n.mounts() == null ? List.of() : n.mounts());
  }

  /** What a brief listing carries: no health, exit code, finish time, restart policy or mounts. */
  static ContainerInfo brief(String id, String name, String image, String status, Instant created,
      Map<String, String> labels) {
    boolean running = status.equals("running") || status.equals("paused") || status.equals("restarting");
    return new ContainerInfo(id, name, image, "", status, running, null, 0, labels, created, null, null, "", 0, false,
        List.of());
  }

  static String text(String s) {
    return s == null ? "" : s;
  }

  /** Docker sends {@code "Labels": null} for none; a null value reads as empty, as the CLI shows it. */
  static Map<String, String> labels(Map<String, String> labels) {
    if (labels == null) {
      return Map.of();
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    labels.forEach((k, v) -> out.put(k, v == null ? "" : v));
    return out;
  }

  /** Its run state alone. */
  public ContainerState state() {
    return new ContainerState(status, running, restartCount, oomKilled, exitCode, health);
  }
}
