package io.deploysteps.docker;

import java.util.List;
import java.util.Optional;

/** Which image a reference names on a host: its id and the registry digests it was pulled by. */
public final class ImageIdentity {
  private final String id;
  private final List<String> repoDigests;

  public ImageIdentity(String id, List<String> repoDigests) {
    this.id = id;
    this.repoDigests = List.copyOf(repoDigests);
  }

  /** The image id ({@code sha256:...}), what a container's {@code Image} field holds. */
  public String id() {
    return id;
  }

  /** {@code repository@sha256:...} for each registry it came from; empty for a local build. */
  public List<String> repoDigests() {
    return repoDigests;
  }

  /**
   * The registry digest of {@code reference}'s repository ({@code repo@sha256:...}), else the
   * first one, else the image id: the most exact name of what runs.
   */
  public String digestFor(ImageRef reference) {
    Optional<String> own = repoDigests.stream().filter(d -> d.startsWith(reference.name() + "@")).findFirst();
    return own.or(() -> repoDigests.stream().findFirst()).orElse(id);
  }
}
