package io.deploysteps.docker;

import java.util.Map;

/**
 * The Engine API transport: a daemon on this machine's socket, whose images, containers and
 * inventory are served over {@link EngineApi} (one request each, no docker process), while builds,
 * pushes, pulls and logins stay with the docker CLI, which holds the registry credentials. Each
 * role answers in the same records as {@link DockerCli}'s; neither imitates the other's text.
 */
public final class EngineApiDocker extends RoleDocker {
  private final EngineApi api;

  public EngineApiDocker(Docker cli, EngineApi api) {
    this(cli, api, new EngineApiImages(api));
  }

  private EngineApiDocker(Docker cli, EngineApi api, EngineApiImages images) {
    super(images, new EngineApiContainers(api, builds(cli), cli == null ? new NoCli() : cli),
        new EngineApiHost(api), builds(cli, images));
    this.api = api;
  }

  /** A build's id comes over the socket too: one docker process fewer per build. */
  private static DockerBuilds builds(Docker cli, EngineApiImages images) {
    return cli instanceof DockerCli c ? c.withIdLookup(images) : builds(cli);
  }

  /** The Engine API roles alone; builds, pulls and the CLI-only run forms throw. */
  public EngineApiDocker(EngineApi api) {
    this(null, api);
  }

  private static DockerBuilds builds(Docker cli) {
    return cli == null ? new NoCli() : cli;
  }

  public EngineApi api() {
    return api;
  }

  /** What a client without a docker CLI answers to what only the CLI does. */
  private static final class NoCli implements DockerBuilds, DockerContainers {
    private static IllegalStateException none() {
      return new IllegalStateException("this Docker client has the Engine API only, no docker CLI");
    }

    @Override public String build(BuildSpec spec, java.util.function.Consumer<String> progress) { throw none(); }
    @Override public PushResult push(String reference, java.util.function.Consumer<String> progress) { throw none(); }
    @Override public boolean pull(String reference) { throw none(); }
    @Override public void login(String registry, String username, String password) { throw none(); }
    @Override public DockerBuilds withConfigDir(String configDir, Map<String, String> clientEnv) { throw none(); }
    @Override public String run(RunSpec spec) { throw none(); }
    @Override public void start(String container) { throw none(); }
    @Override public void stop(String container, java.time.Duration grace) { throw none(); }
    @Override public void removeContainer(String container, boolean force) { throw none(); }
    @Override public Removal removeContainers(java.util.List<String> ids) { throw none(); }
    @Override public java.util.Optional<ContainerInfo> inspectContainer(String container) { throw none(); }
    @Override public java.util.List<ContainerInfo> listContainers(java.util.List<String> filters) { throw none(); }
    @Override public String logs(String container, int lines) { throw none(); }
    @Override public void setRestartPolicy(String container, String policy) { throw none(); }
    @Override public void rename(String container, String newName) { throw none(); }
  }
}
