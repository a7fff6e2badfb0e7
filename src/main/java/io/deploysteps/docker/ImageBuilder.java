package io.deploysteps.docker;

/** Which builder {@code docker build} runs: the legacy one, or BuildKit through the CLI or buildx. */
public enum ImageBuilder {
  /** The classic builder ({@code DOCKER_BUILDKIT=0}). */
  LEGACY("legacy builder"),
  /** BuildKit built into a docker CLI before 23.0 ({@code DOCKER_BUILDKIT=1 docker build}). */
  BUILDKIT("BuildKit (DOCKER_BUILDKIT=1 docker build)"),
  /** BuildKit through the buildx plugin ({@code docker buildx build --load}). */
  BUILDX("BuildKit (docker buildx build --load)");

  private final String description;

  ImageBuilder(String description) {
    this.description = description;
  }

  /** For the log line saying which builder runs. */
  public String description() {
    return description;
  }

  public boolean buildKit() {
    return this != LEGACY;
  }
}
