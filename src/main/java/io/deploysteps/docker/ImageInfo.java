package io.deploysteps.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What {@code docker image inspect} says of an image that we use. */
public final class ImageInfo {
  private final String id;
  private final List<String> repoTags;
  private final List<String> repoDigests;
  private final Instant created;
  private final long size;
  private final Map<String, String> labels;
  private final boolean healthcheck;
  private final String parent;

  ImageInfo(JsonNode n) {
    this.id = n.path("Id").asText();
    this.repoTags = texts(n.path("RepoTags"));
    this.repoDigests = texts(n.path("RepoDigests"));
    this.created = DockerTime.parse(n.path("Created").asText(null));
    this.size = n.path("Size").asLong();
    this.labels = ContainerInfo.readLabels(n.path("Config").path("Labels"));
    JsonNode test = n.path("Config").path("Healthcheck").path("Test");
    this.healthcheck = test.isArray() && test.size() > 0 && !"NONE".equals(test.get(0).asText());
    this.parent = n.path("Parent").asText("");
  }

  private ImageInfo(String id, List<String> repoTags, List<String> repoDigests, Instant created, long size,
      Map<String, String> labels, String parent) {
    this.id = id;
    this.repoTags = repoTags;
    this.repoDigests = repoDigests;
    this.created = created;
    this.size = size;
    this.labels = labels;
    this.healthcheck = false;
    this.parent = parent;
  }

  /**
   * From an Engine API image summary ({@code GET /images/json}): what {@code docker image ls}
   * reads, which carries labels and parent but no healthcheck, and {@code Created} in whole seconds.
   */
  static ImageInfo fromSummary(JsonNode n, Instant created) {
    return new ImageInfo(n.path("Id").asText(), real(texts(n.path("RepoTags"))), real(texts(n.path("RepoDigests"))),
        created, n.path("Size").asLong(), ContainerInfo.readLabels(n.path("Labels")), n.path("ParentId").asText(""));
  }

  /** Older daemons list an untagged image as {@code <none>:<none>} / {@code <none>@<none>}. */
  private static List<String> real(List<String> names) {
    return names.stream().filter(s -> !s.startsWith("<none>")).toList();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(x -> out.add(x.asText()));
    return List.copyOf(out);
  }

  public String id() {
    return id;
  }

  /** {@code repo:tag} names; empty for a dangling image. */
  public List<String> repoTags() {
    return repoTags;
  }

  /** {@code repo@sha256:...} names the image was pushed or pulled as. */
  public List<String> repoDigests() {
    return repoDigests;
  }

  public Instant created() {
    return created;
  }

  public long size() {
    return size;
  }

  public Map<String, String> labels() {
    return labels;
  }

  /** Whether the image declares a HEALTHCHECK. */
  public boolean hasHealthcheck() {
    return healthcheck;
  }

  /** The image this one was built on by the legacy builder ({@code sha256:...}), or empty. */
  public String parent() {
    return parent;
  }

  public boolean dangling() {
    return repoTags.isEmpty();
  }
}
