package io.deploysteps.docker;

import java.util.Collection;
import java.util.HashMap;
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
  /** The id ({@code sha256:...}) of the image the container runs, as it was when it started. */
  public static final String IMAGE_ID = "io.deploysteps.image-id";
  /** The registry digest ({@code repo@sha256:...}) of what runs, or the image id for a local build. */
  public static final String DIGEST = "io.deploysteps.digest";
  /** The source revision (GIT_COMMIT) when known. */
  public static final String REVISION = "io.deploysteps.revision";
  /** When it was deployed, ISO-8601 UTC. */
  public static final String DEPLOYED_AT = "io.deploysteps.deployed-at";
  /**
   * On a colour blueGreenDeploy started: the id of the container it replaced and keeps for rollback.
   * That one may carry no labels at all (started by older scripts), so this record is what protects it.
   */
  public static final String PREVIOUS = "io.deploysteps.previous";
  /** {@code true} on an image or container: never pruned. */
  public static final String KEEP = "io.deploysteps.keep";

  private DeployLabels() {}

  /** Whether pruning must leave this container and its image alone. */
  public static boolean protects(ContainerInfo container) {
    return protection(container).isPresent();
  }

  /**
   * The rollback partners the given containers name in {@link #PREVIOUS}: short id (12 hex digits,
   * so a short or a full id in the label both match) to the name of the colour that names it.
   */
  public static Map<String, String> rollbackPartners(Collection<ContainerInfo> containers) {
    Map<String, String> out = new HashMap<>();
    for (ContainerInfo c : containers) {
      String previous = c.labels().getOrDefault(PREVIOUS, "").strip();
      if (!previous.isEmpty()) {
        out.putIfAbsent(shortId(previous), c.name());
      }
    }
    return out;
  }

  /** {@link #protection(ContainerInfo)}, and the container a colour of {@code partners} keeps for rollback. */
  public static Optional<String> protection(ContainerInfo container, Map<String, String> partners) {
    Optional<String> own = protection(container);
    if (own.isPresent()) {
      return own;
    }
    String keptBy = partners.get(shortId(container.id()));
    return keptBy == null ? Optional.empty()
        : Optional.of("kept for rollback by " + keptBy + " (" + PREVIOUS + ")");
  }

  private static String shortId(String id) {
    String hex = id.startsWith("sha256:") ? id.substring(7) : id;
    return hex.substring(0, Math.min(12, hex.length()));
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
