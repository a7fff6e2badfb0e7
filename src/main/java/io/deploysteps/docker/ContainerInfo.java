package io.deploysteps.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Docker says of a container that we use, the same from either transport: a {@code docker
 * inspect} (or {@code GET /containers/{id}/json}), or a brief listing, which
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
  public record Mount(String type, String source, String destination) {
    static List<Mount> of(JsonNode mounts) {
      List<Mount> out = new ArrayList<>();
      mounts.forEach(m -> out.add(new Mount(DockerJson.text(m, "Type"), DockerJson.text(m, "Source"), DockerJson.text(m, "Destination"))));
      return out;
    }
  }

  /** One entry of {@code GET /containers/json}: what {@code docker ps} lists. */
  record Summary(String id, List<String> names, String image, String state, long created, Map<String, String> labels,
      List<Mount> mounts) {
    static Summary of(JsonNode n) {
      return new Summary(DockerJson.text(n, "Id"), DockerJson.texts(n, "Names"), DockerJson.text(n, "Image"),
          DockerJson.text(n, "State"), DockerJson.number(n, "Created"), DockerJson.labels(n, "Labels"), Mount.of(n.path("Mounts")));
    }
  }

  /** A listing entry as a brief read (the first name, as {@code docker ps} shows it). */
  static ContainerInfo fromSummary(Summary s) {
    String name = s.names().isEmpty() ? "" : text(s.names().get(0)).replaceFirst("^/", "");
    return brief(text(s.id()), name, text(s.image()), text(s.state()), Instant.ofEpochSecond(s.created()), s.labels());
  }

  /** From one object of {@code docker inspect} / {@code GET /containers/{id}/json} (only the fields we read). */
  static ContainerInfo fromInspect(JsonNode n) {
    JsonNode config = n.path("Config");
    JsonNode st = n.path("State");
    String health = DockerJson.text(st.path("Health"), "Status");
    return new ContainerInfo(text(DockerJson.text(n, "Id")), text(DockerJson.text(n, "Name")).replaceFirst("^/", ""),
        text(DockerJson.text(config, "Image")), text(DockerJson.text(n, "Image")), text(DockerJson.text(st, "Status")),
        DockerJson.flag(st, "Running"), health, (int) DockerJson.number(st, "ExitCode"), DockerJson.labels(config, "Labels"),
        DockerTime.parse(DockerJson.text(n, "Created")), DockerTime.parse(DockerJson.text(st, "StartedAt")),
        DockerTime.parse(DockerJson.text(st, "FinishedAt")), text(DockerJson.text(n.path("HostConfig").path("RestartPolicy"), "Name")),
        (int) DockerJson.number(n, "RestartCount"), DockerJson.flag(st, "OOMKilled"), Mount.of(n.path("Mounts")));
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

  /** Its run state alone. */
  public ContainerState state() {
    return new ContainerState(status, running, restartCount, oomKilled, exitCode, health);
  }
}
