package io.deploysteps.docker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** {@link Docker} put together from one object per role; each call goes to the role it belongs to. */
class RoleDocker implements Docker {
  private final DockerImages images;
  private final DockerContainers containers;
  private final DockerHost host;
  private final DockerBuilds builds;

  RoleDocker(DockerImages images, DockerContainers containers, DockerHost host, DockerBuilds builds) {
    this.images = images;
    this.containers = containers;
    this.host = host;
    this.builds = builds;
  }

  /** Credentials live in the builds role only: the other roles never talk to a registry. */
  @Override
  public Docker withConfigDir(String configDir, Map<String, String> clientEnv) {
    return new RoleDocker(images, containers, host, builds.withConfigDir(configDir, clientEnv));
  }

  // --- images ---
  @Override public Optional<ImageInfo> inspectImage(String image) { return images.inspectImage(image); }
  @Override public Optional<ImageIdentity> imageIdentity(String image) { return images.imageIdentity(image); }
  @Override public boolean hasImage(String image) { return images.hasImage(image); }
  @Override public List<ImageInfo> listImages(List<String> filters) { return images.listImages(filters); }
  @Override public List<ImageInfo> listImagesForPrune() { return images.listImagesForPrune(); }
  @Override public Set<String> imageIds() { return images.imageIds(); }
  @Override public void tag(String source, String target) { images.tag(source, target); }
  @Override public boolean removeImage(String image, boolean force) { return images.removeImage(image, force); }
  @Override public Removal removeImages(List<String> references) { return images.removeImages(references); }

  // --- containers ---
  @Override public String run(RunSpec spec) { return containers.run(spec); }
  @Override public void start(String container) { containers.start(container); }
  @Override public void stop(String container, Duration grace) { containers.stop(container, grace); }
  @Override public void removeContainer(String container, boolean force) { containers.removeContainer(container, force); }
  @Override public Removal removeContainers(List<String> ids) { return containers.removeContainers(ids); }
  @Override public Optional<ContainerInfo> inspectContainer(String container) { return containers.inspectContainer(container); }
  @Override public Optional<ContainerState> containerState(String container) { return containers.containerState(container); }
  @Override public List<ContainerInfo> listContainers(List<String> filters) { return containers.listContainers(filters); }
  @Override public List<ContainerInfo> listContainersBrief(List<String> filters) { return containers.listContainersBrief(filters); }
  @Override public List<String> runningContainersMounting(String hostPath) { return containers.runningContainersMounting(hostPath); }
  @Override public String logs(String container, int lines) { return containers.logs(container, lines); }
  @Override public void setRestartPolicy(String container, String policy) { containers.setRestartPolicy(container, policy); }
  @Override public void rename(String container, String newName) { containers.rename(container, newName); }

  // --- host inventory ---
  @Override public String serverVersion() { return host.serverVersion(); }
  @Override public String dataRoot() { return host.dataRoot(); }
  @Override public DockerDiskUse systemDf() { return host.systemDf(); }
  @Override public List<VolumeInfo> listVolumes(List<String> filters) { return host.listVolumes(filters); }
  @Override public void removeVolume(String name) { host.removeVolume(name); }
  @Override public List<NetworkInfo> listNetworks(List<String> filters) { return host.listNetworks(filters); }
  @Override public List<String> pruneNetworks(List<String> filters) { return host.pruneNetworks(filters); }
  @Override public long pruneBuildCache(String keepStorage, String until) { return host.pruneBuildCache(keepStorage, until); }

  // --- builds ---
  @Override public String build(BuildSpec spec, Consumer<String> progress) { return builds.build(spec, progress); }
  @Override public ImageBuilder availableBuilder() { return builds.availableBuilder(); }
  @Override public PushResult push(String reference, Consumer<String> progress) { return builds.push(reference, progress); }
  @Override public boolean pull(String reference) { return builds.pull(reference); }
  @Override public void login(String registry, String username, String password) { builds.login(registry, username, password); }
}
