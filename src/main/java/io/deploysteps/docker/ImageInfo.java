package io.deploysteps.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What Docker says of an image that we use, the same from either transport: an image inspect, or an
 * Engine API image summary, which carries no healthcheck.
 */
public record ImageInfo(String id, List<String> repoTags, List<String> repoDigests, Instant created, long size,
    Map<String, String> labels, boolean healthcheck, String parent) {

  public ImageInfo {
    repoTags = List.copyOf(repoTags);
    repoDigests = List.copyOf(repoDigests);
    labels = Map.copyOf(labels);
  }

  /** {@code GET /images/json}: labels and parent at the top, {@code Created} in whole seconds. */
  record Summary(String id, List<String> repoTags, List<String> repoDigests, long created, long size, Map<String, String> labels,
      String parentId) {
    static Summary of(JsonNode n) {
      return new Summary(DockerJson.text(n, "Id"), DockerJson.texts(n, "RepoTags"), DockerJson.texts(n, "RepoDigests"),
          DockerJson.number(n, "Created"), DockerJson.number(n, "Size"), DockerJson.labels(n, "Labels"), DockerJson.text(n, "ParentId"));
    }
  }

  /** {@code docker image inspect} / {@code GET /images/{name}/json}, the fields we read. */
  static ImageInfo fromInspect(JsonNode n) {
    JsonNode config = n.path("Config");
    List<String> test = DockerJson.texts(config.path("Healthcheck"), "Test");
    return new ImageInfo(ContainerInfo.text(DockerJson.text(n, "Id")), DockerJson.texts(n, "RepoTags"), DockerJson.texts(n, "RepoDigests"),
        DockerTime.parse(DockerJson.text(n, "Created")), DockerJson.number(n, "Size"), DockerJson.labels(config, "Labels"),
        !test.isEmpty() && !"NONE".equals(test.get(0)), ContainerInfo.text(DockerJson.text(n, "Parent")));
  }

  /** From a summary, with {@code created} as exact as the caller could make it. */
  static ImageInfo fromSummary(Summary s, Instant created) {
    return new ImageInfo(ContainerInfo.text(s.id()), real(s.repoTags()), real(s.repoDigests()), created, s.size(),
        s.labels(), false, ContainerInfo.text(s.parentId()));
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
