package io.deploysteps.docker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The containers of a Docker host: start them, watch them, stop, rename and remove them. */
public interface DockerContainers {
  /** Creates and starts a detached container and returns its id (a missing image is pulled, as {@code docker run} does). */
  String run(RunSpec spec);

  void start(String container);

  /** SIGTERM, then SIGKILL after {@code grace}. */
  void stop(String container, Duration grace);

  /** Removes a container (force kills a running one); no error when it does not exist. */
  void removeContainer(String container, boolean force);

  /** Removes many stopped containers, going on past the refused ones; {@link Removal#removed()} holds the ids that went. */
  Removal removeContainers(List<String> ids);

  Optional<ContainerInfo> inspectContainer(String container);

  /** A container's run state, empty when it does not exist. */
  default Optional<ContainerState> containerState(String container) {
    return inspectContainer(container).map(ContainerInfo::state);
  }

  /** Containers matching {@code docker ps -a} filters (e.g. {@code label=k=v}, {@code name=x}), fully inspected. */
  List<ContainerInfo> listContainers(List<String> filters);

  /**
   * Like {@link #listContainers} from the listing alone: id, name, image, state, creation and the
   * {@link DeployLabels} (no health, exit code, finish time, restart policy or mounts).
   */
  default List<ContainerInfo> listContainersBrief(List<String> filters) {
    return listContainers(filters);
  }

  /**
   * Running containers into which {@code hostPath} itself is bind-mounted, as {@code name:destination}
   * (a mount of a directory above it is not one).
   */
  default List<String> runningContainersMounting(String hostPath) {
    List<String> out = new ArrayList<>();
    for (ContainerInfo c : listContainers(List.of("status=running", "volume=" + hostPath))) {
      c.mounts().stream().filter(m -> m.type().equals("bind") && m.source().equals(hostPath))
          .forEach(m -> out.add(c.name() + ":" + m.destination()));
    }
    return out;
  }

  /** The last {@code lines} of the container's stdout, then of its stderr. */
  String logs(String container, int lines);

  /** Sets a container's restart policy ({@code docker update --restart}). */
  void setRestartPolicy(String container, String policy);

  /** Renames a container (running or not). */
  void rename(String container, String newName);
}
