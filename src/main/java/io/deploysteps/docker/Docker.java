package io.deploysteps.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.exec.CommandResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The Docker operations the steps need. {@link DockerCli} does them with the docker CLI. */
public interface Docker {
  /** Checks the daemon answers; throws {@link DockerUnavailableException} within 10 s otherwise. */
  String serverVersion();

  /** Builds and returns the image id. {@code progress} gets the build output line by line. */
  String build(BuildSpec spec, Consumer<String> progress);

  void tag(String source, String target);

  /**
   * The best builder this client has: buildx when {@code docker buildx version} answers, BuildKit
   * built in when the CLI predates 23.0 (it still has it; later ones need buildx), else the legacy one.
   * A default, so fakes elsewhere need not change.
   */
  default ImageBuilder availableBuilder() {
    return ImageBuilder.LEGACY;
  }

  /** Pushes one reference and returns its digest and layer counts. */
  PushResult push(String reference, Consumer<String> progress);

  /** Pulls; false when the image is not there (a miss), an exception for other failures. */
  boolean pull(String reference);

  /** Logs in with the password on stdin (never in argv) into this client's config directory. */
  void login(String registry, String username, String password);

  /** A client that keeps its credentials in {@code configDir} (a throwaway DOCKER_CONFIG). */
  Docker withConfigDir(String configDir);

  /**
   * The same, with variables added to every docker process's environment (PATH and the channel
   * of a credential helper: paths only, never a secret).
   */
  default Docker withConfigDir(String configDir, java.util.Map<String, String> clientEnv) {
    if (!clientEnv.isEmpty()) {
      throw new UnsupportedOperationException("a client environment is not supported by " + getClass().getSimpleName());
    }
    return withConfigDir(configDir);
  }

  /** Starts a detached container and returns its id. */
  String run(RunSpec spec);

  void start(String container);

  /** SIGTERM, then SIGKILL after {@code grace}. */
  void stop(String container, Duration grace);

  /** Removes a container (force kills a running one); no error when it does not exist. */
  void removeContainer(String container, boolean force);

  /** Removes an image; false when Docker refuses (in use) or it does not exist. */
  boolean removeImage(String image, boolean force);

  Optional<ContainerInfo> inspectContainer(String container);

  Optional<ImageInfo> inspectImage(String image);

  /** Containers matching {@code docker ps -a} filters (e.g. {@code label=k=v}, {@code name=x}). */
  List<ContainerInfo> listContainers(List<String> filters);

  /** Images matching {@code docker image ls -a} filters (e.g. {@code dangling=true}). */
  List<ImageInfo> listImages(List<String> filters);

  /** The last {@code lines} of the container's stdout and stderr. */
  String logs(String container, int lines);

  /** Runs argv inside a running container. */
  CommandResult exec(String container, List<String> argv);

  /** {@code docker system df}: one JSON object per type (Images, Containers, Local Volumes, Build Cache). */
  List<JsonNode> systemDf();

  /** Volumes matching filters, as {@code docker volume ls} JSON objects. */
  List<JsonNode> listVolumes(List<String> filters);

  void removeVolume(String name);

  /** {@code docker builder prune -f} with optional keep-storage and until filter; returns its output. */
  String pruneBuildCache(String keepStorage, String until);

  /** The docker data root ({@code docker info .DockerRootDir}). */
  String dataRoot();

  // --- pruneDocker ---

  /**
   * {@code docker rmi} of many references in one call (tags, or ids of untagged images). Docker
   * goes on past the ones it refuses; the result's stderr names them.
   */
  CommandResult removeImages(List<String> references);

  /** {@code docker rm} of many stopped containers in one call; stderr names the refused ones. */
  CommandResult removeContainers(List<String> ids);

  /** The ids ({@code sha256:...}) of every image the daemon holds now, intermediate ones included. */
  java.util.Set<String> imageIds();

  /** Networks matching {@code docker network ls} filters, as its JSON objects. */
  List<JsonNode> listNetworks(List<String> filters);

  /** {@code docker network prune --force} with filters; returns the names it removed. */
  List<String> pruneNetworks(List<String> filters);

  /**
   * Every image (intermediate ones too) with only id, tags, digests, Created, Size, Parent and
   * labels ({@link ImageInfo#hasHealthcheck()} is false): a compact inspect, one call per 1000 images.
   */
  List<ImageInfo> listImagesForPrune();

  // --- blueGreenDeploy ---

  /**
   * Like {@link #listContainers} but from one {@code docker ps} template, no JSON: id, name,
   * image, state and the {@link DeployLabels} only (no times but creation, no health, no exit
   * code). A cold CLI saves the ~300 ms of Jackson's first JSON read.
   */
  default List<ContainerInfo> listContainersBrief(List<String> filters) {
    return listContainers(filters);
  }

  /** The image's id and registry digests, empty when it is not on this host (without reading its JSON). */
  default Optional<ImageIdentity> imageIdentity(String image) {
    return inspectImage(image).map(i -> new ImageIdentity(i.id(), i.repoDigests()));
  }

  /** A container's run state, empty when it does not exist (without reading its JSON). */
  default Optional<ContainerState> containerState(String container) {
    return inspectContainer(container).map(c -> new ContainerState(c.status(), c.running(), c.restartCount(), c.oomKilled(), c.exitCode(),
        c.health()));
  }

  /**
   * Running containers into which {@code hostPath} itself is bind-mounted, as {@code name:destination}
   * (a mount of a directory above it is not one).
   */
  default List<String> runningContainersMounting(String hostPath) {
    List<String> out = new java.util.ArrayList<>();
    for (ContainerInfo c : listContainers(List.of("status=running", "volume=" + hostPath))) {
      c.mounts().stream().filter(m -> m.type().equals("bind") && m.source().equals(hostPath))
          .forEach(m -> out.add(c.name() + ":" + m.destination()));
    }
    return out;
  }

  /** Whether the image is on this host (without reading its JSON). */
  default boolean hasImage(String image) {
    return inspectImage(image).isPresent();
  }

  /** Sets a container's restart policy ({@code docker update --restart}). A default, so fakes elsewhere need not change. */
  default void setRestartPolicy(String container, String policy) {
    throw new UnsupportedOperationException("setRestartPolicy is not supported by " + getClass().getSimpleName());
  }

  /** Renames a container (running or not). A default, so fakes elsewhere need not change. */
  default void rename(String container, String newName) {
    throw new UnsupportedOperationException("rename is not supported by " + getClass().getSimpleName());
  }
}
