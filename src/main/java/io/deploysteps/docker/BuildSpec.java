package io.deploysteps.docker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What {@code docker build} is asked to build. */
public final class BuildSpec {
  /**
   * Names the docker client reads from its environment ({@code DOCKER_*}, {@code BUILDKIT_*},
   * PATH and HOME that find its config and credential helpers, proxies, the Go runtime's, ours):
   * a build arg goes as {@code --build-arg KEY} with the value in docker's environment, so such a
   * key would change which daemon, config or helper our own docker call uses.
   */
  public static boolean steersTheClient(String key) {
    String k = key.toUpperCase(java.util.Locale.ROOT);
    return k.startsWith("DOCKER_") || k.startsWith("BUILDKIT_") || k.startsWith("BUILDX_") || k.startsWith("DEPLOY_STEPS_")
        || k.startsWith("XDG_") || k.startsWith("LD_") || k.startsWith("SSL_CERT_")
        || java.util.Set.of("PATH", "HOME", "TMPDIR", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY",
            "SSH_AUTH_SOCK", "GODEBUG", "GOTRACEBACK", "GOMAXPROCS", "GOGC", "GOMEMLIMIT").contains(k);
  }

  final String context;
  final String dockerfile;
  final List<String> tags;
  final Map<String, String> buildArgs;
  final Map<String, String> labels;
  final String target;
  final String platform;
  final List<String> cacheFrom;
  final boolean pull;
  final boolean noCache;
  final ImageBuilder builder;
  final List<String> cacheTo;

  private BuildSpec(Builder b) {
    this.context = Objects.requireNonNull(b.context, "context");
    this.dockerfile = b.dockerfile;
    this.tags = List.copyOf(b.tags);
    this.buildArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.buildArgs));
    this.labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
    this.target = b.target;
    this.platform = b.platform;
    this.cacheFrom = List.copyOf(b.cacheFrom);
    this.pull = b.pull;
    this.noCache = b.noCache;
    this.builder = b.builder;
    this.cacheTo = List.copyOf(b.cacheTo);
  }

  public static Builder context(String dir) {
    Builder b = new Builder();
    b.context = dir;
    return b;
  }

  /** Builds a {@link BuildSpec}. */
  public static final class Builder {
    private String context;
    private String dockerfile;
    private final List<String> tags = new ArrayList<>();
    private final Map<String, String> buildArgs = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String target;
    private String platform;
    private final List<String> cacheFrom = new ArrayList<>();
    private boolean pull;
    private boolean noCache;
    private ImageBuilder builder = ImageBuilder.LEGACY;
    private final List<String> cacheTo = new ArrayList<>();

    /** The builder to run (default the legacy one). */
    public Builder builder(ImageBuilder v) {
      builder = Objects.requireNonNull(v, "builder");
      return this;
    }

    /** A BuildKit cache export: {@code inline}, or a registry reference to export the cache to. */
    public Builder cacheTo(String v) {
      cacheTo.add(v);
      return this;
    }

    public Builder dockerfile(String v) {
      dockerfile = v;
      return this;
    }

    public Builder tag(String v) {
      tags.add(v);
      return this;
    }

    public Builder buildArg(String k, String v) {
      buildArgs.put(k, v);
      return this;
    }

    public Builder label(String k, String v) {
      labels.put(k, v);
      return this;
    }

    public Builder target(String v) {
      target = v;
      return this;
    }

    public Builder platform(String v) {
      platform = v;
      return this;
    }

    public Builder cacheFrom(String v) {
      cacheFrom.add(v);
      return this;
    }

    public Builder pull(boolean v) {
      pull = v;
      return this;
    }

    public Builder noCache(boolean v) {
      noCache = v;
      return this;
    }

    public BuildSpec build() {
      return new BuildSpec(this);
    }
  }
}
