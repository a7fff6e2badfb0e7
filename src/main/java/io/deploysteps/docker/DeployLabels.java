package io.deploysteps.docker;

import java.util.Map;
import java.util.Optional;

/**
 * The labels blueGreenDeploy puts on the containers it starts, and the rule pruneDocker reads
 * from them. Every container carrying {@link #SERVICE} is either live or the one kept for
 * rollback (blueGreenDeploy removes older generations), so its image is never pruned.
 */
public final class DeployLabels {
  /** The service name of a blueGreenDeploy container. */
  public static final String SERVICE = "io.deploysteps.service";
  /** The host port (colour) the container serves on. */
  public static final String PORT = "io.deploysteps.port";
  /** The image reference it was deployed from. */
  public static final String IMAGE = "io.deploysteps.image";
  /** The source revision (GIT_COMMIT) when known. */
  public static final String REVISION = "io.deploysteps.revision";
  /** When it was deployed, ISO-8601 UTC. */
  public static final String DEPLOYED_AT = "io.deploysteps.deployed-at";
  /** {@code true} on an image or container: never pruned. */
  public static final String KEEP = "io.deploysteps.keep";

  private DeployLabels() {}

  /** Whether pruning must leave this container and its image alone. */
  public static boolean protects(ContainerInfo container) {
    return protection(container).isPresent();
  }

  /** Why pruning must leave this container and its image alone, or empty when nothing protects it. */
  public static Optional<String> protection(ContainerInfo container) {
    if (container.running()) {
      return Optional.of("running");
    }
    if ("restarting".equals(container.status())) {
      // Between restarts of a restart policy Running is false, yet the container is in service.
      return Optional.of("restarting (restart policy)");
    }
    if (container.labels().containsKey(SERVICE)) {
      return Optional.of("blueGreenDeploy service " + container.labels().get(SERVICE)
          + " (live or kept previous colour)");
    }
    if (isKeep(container.labels())) {
      return Optional.of("labelled " + KEEP + "=true");
    }
    return Optional.empty();
  }

  public static boolean isKeep(Map<String, String> labels) {
    return "true".equalsIgnoreCase(labels.getOrDefault(KEEP, ""));
  }
}
