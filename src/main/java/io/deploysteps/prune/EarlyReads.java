package io.deploysteps.prune;

import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerDiskUse;
import io.deploysteps.docker.EngineApi;
import io.deploysteps.docker.EngineApiDocker;
import io.deploysteps.docker.ImageInfo;
import io.deploysteps.engine.Parallel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The reads every host prune starts with ({@code system df}, all images, all containers) depend on
 * which daemon, not on the parameters: the CLI starts them over the Engine API as soon as it knows
 * the subcommand, so the daemon answers and Jackson's first parse happen while picocli is still
 * reading the arguments (about 100 ms of a cold JVM). {@link PruneRunner} takes them when its
 * Docker is the same socket; otherwise, or when nothing was started, it reads as usual. Reads only:
 * nothing is changed before the parameters are checked.
 */
public final class EarlyReads {
  private static final AtomicReference<EarlyReads> STARTED = new AtomicReference<>();

  private final EngineApi api;
  final CompletableFuture<DockerDiskUse> systemDf;
  final CompletableFuture<List<ImageInfo>> images;
  final CompletableFuture<List<ContainerInfo>> containers;

  private EarlyReads(EngineApi api) {
    this.api = api;
    Docker docker = new EngineApiDocker(api);
    this.systemDf = Parallel.start("pruneDocker-read", docker::systemDf);
    this.images = Parallel.start("pruneDocker-read", docker::listImagesForPrune);
    this.containers = Parallel.start("pruneDocker-read", () -> docker.listContainers(List.of()));
  }

  /** Starts the reads when the daemon of {@code env} is this machine's socket ({@link EngineApi#locate}). */
  public static void start(Map<String, String> env) {
    EngineApi.locate(env).ifPresent(api -> STARTED.set(new EarlyReads(api)));
  }

  /** Forgets reads not taken. */
  public static void discard() {
    STARTED.set(null);
  }

  /** The reads started for the daemon {@code docker} talks to, once; empty for any other. */
  static Optional<EarlyReads> take(Docker docker) {
    EarlyReads early = STARTED.getAndSet(null);
    if (early != null && docker instanceof EngineApiDocker d && d.api().socket().equals(early.api.socket())) {
      return Optional.of(early);
    }
    return Optional.empty();
  }
}
