package io.deploysteps.docker;

import io.deploysteps.engine.Parallel;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The reads every host prune starts with ({@code system df}, all images, all containers) depend on
 * which daemon, not on the parameters: the CLI door starts them over the Engine API as soon as it
 * knows the subcommand, so the daemon answers and Jackson's first parse happen while picocli is
 * still reading the arguments (about 100 ms of a cold JVM). They arrive through the step's context,
 * whose Docker the door built over the same daemon. Reads only: nothing is changed before the
 * parameters are checked.
 */
public final class EarlyReads {
  private final CompletableFuture<DockerDiskUse> systemDf;
  private final CompletableFuture<List<ImageInfo>> images;
  private final CompletableFuture<List<ContainerInfo>> containers;

  private EarlyReads(Docker docker) {
    this.systemDf = Parallel.start("pruneDocker-read", docker::systemDf);
    this.images = Parallel.start("pruneDocker-read", docker::listImagesForPrune);
    this.containers = Parallel.start("pruneDocker-read", () -> docker.listContainers(List.of()));
  }

  /** Starts the three reads on {@code docker}, each on a thread of its own. */
  public static EarlyReads start(Docker docker) {
    return new EarlyReads(docker);
  }

  public CompletableFuture<DockerDiskUse> systemDf() {
    return systemDf;
  }

  /** As {@link DockerImages#listImagesForPrune}. */
  public CompletableFuture<List<ImageInfo>> images() {
    return images;
  }

  /** Every container, running or not. */
  public CompletableFuture<List<ContainerInfo>> containers() {
    return containers;
  }
}
