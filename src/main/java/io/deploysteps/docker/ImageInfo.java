package io.deploysteps.docker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.engine.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What Docker says of an image that we use, the same from either transport: an image inspect bound
 * by Jackson (as jib's {@code CliDockerClient.DockerImageDetails} is), or an Engine API image
 * summary, which carries no healthcheck.
 */
public record ImageInfo(String id, List<String> repoTags, List<String> repoDigests, Instant created, long size,
    Map<String, String> labels, boolean healthcheck, String parent) {

  public ImageInfo {
    repoTags = List.copyOf(repoTags);
    repoDigests = List.copyOf(repoDigests);
    labels = Map.copyOf(labels);
  }

  /** {@code docker image inspect} / {@code GET /images/{name}/json}, the fields we read. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Inspect(@JsonProperty("Id") String id, @JsonProperty("RepoTags") List<String> repoTags,
      @JsonProperty("RepoDigests") List<String> repoDigests, @JsonProperty("Created") String created,
      @JsonProperty("Size") long size, @JsonProperty("Parent") String parent, @JsonProperty("Config") Config config) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Config(@JsonProperty("Labels") Map<String, String> labels, @JsonProperty("Healthcheck") Healthcheck healthcheck) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Healthcheck(@JsonProperty("Test") List<String> test) {}

  /** {@code GET /images/json}: labels and parent at the top, {@code Created} in whole seconds. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Summary(@JsonProperty("Id") String id, @JsonProperty("RepoTags") List<String> repoTags,
      @JsonProperty("RepoDigests") List<String> repoDigests, @JsonProperty("Created") long created,
      @JsonProperty("Size") long size, @JsonProperty("Labels") Map<String, String> labels,
      @JsonProperty("ParentId") String parentId) {}

  static ImageInfo fromInspect(JsonNode node) {
    Inspect n = bind(node, Inspect.class);
    Config config = n.config() == null ? new Config(null, null) : n.config();
    List<String> test = config.healthcheck() == null || config.healthcheck().test() == null ? List.of()
        : config.healthcheck().test();
    return new ImageInfo(ContainerInfo.text(n.id()), list(n.repoTags()), list(n.repoDigests()), DockerTime.parse(n.created()),
        n.size(), ContainerInfo.labels(config.labels()), !test.isEmpty() && !"NONE".equals(test.get(0)),
        ContainerInfo.text(n.parent()));
  }

  /** From a summary, with {@code created} as exact as the caller could make it. */
  static ImageInfo fromSummary(Summary s, Instant created) {
    return new ImageInfo(ContainerInfo.text(s.id()), real(list(s.repoTags())), real(list(s.repoDigests())), created, s.size(),
        ContainerInfo.labels(s.labels()), false, ContainerInfo.text(s.parentId()));
  }

  static <T> T bind(JsonNode node, Class<T> type) {
    try {
      return Json.MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new DockerException("an answer of Docker does not read as " + type.getSimpleName() + ": "
          + e.getOriginalMessage(), "inspect");
    }
  }

  private static List<String> list(List<String> l) {
    return l == null ? List.of() : l;
  }

  /** Older daemons list an untagged image as {@code <none>:<none>} / {@code <none>@<none>}. */
  private static List<String> real(List<String> names) {
    return names.stream().filter(s -> !s.startsWith("<none>")).toList();
  }

  /** Whether the image declares a HEALTHCHECK. */
  public boolean hasHealthcheck() {
    return healthcheck;
  }

  public boolean dangling() {
    return repoTags.isEmpty();
  }
}
