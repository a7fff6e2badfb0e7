package io.deploysteps.docker;

import java.util.Map;

/**
 * A Docker host as the steps see it: its images, containers, inventory and builds, each role
 * served by a transport ({@link DockerCli}, or the Engine API where {@link EngineApi#locate} finds
 * this machine's socket). Callers that need one role take that role alone.
 */
public interface Docker extends DockerImages, DockerContainers, DockerHost, DockerBuilds {
  @Override
  Docker withConfigDir(String configDir, Map<String, String> clientEnv);

  default Docker withConfigDir(String configDir) {
    return withConfigDir(configDir, Map.of());
  }

  /** A host whose roles are served by these (e.g. the Engine API's containers beside the CLI's builds). */
  static Docker of(DockerImages images, DockerContainers containers, DockerHost host, DockerBuilds builds) {
    return new RoleDocker(images, containers, host, builds);
  }
}
