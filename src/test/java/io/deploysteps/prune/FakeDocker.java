package io.deploysteps.prune;

import io.deploysteps.docker.BuildSpec;
import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerDiskUse;
import io.deploysteps.docker.ImageInfo;
import io.deploysteps.docker.NetworkInfo;
import io.deploysteps.docker.PushResult;
import io.deploysteps.docker.Removal;
import io.deploysteps.docker.RunSpec;
import io.deploysteps.docker.VolumeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** An in-memory daemon for runner tests: images and containers that rmi/rm really take away. */
final class FakeDocker implements Docker {
  final Map<String, ImageInfo> images = new LinkedHashMap<>();
  final Map<String, ContainerInfo> containers = new LinkedHashMap<>();
  final List<List<String>> rmiCalls = new ArrayList<>();
  /** References rmi refuses, with the daemon's message. */
  final Map<String, String> refuse = new LinkedHashMap<>();
  /** References rmi refuses the first time only (a parent whose child another call is removing). */
  final Map<String, String> refuseOnce = new LinkedHashMap<>();
  final List<List<String>> networkPrunes = new ArrayList<>();
  final List<String> buildCachePrunes = new ArrayList<>();

  void add(ImageInfo i) {
    images.put(i.id(), i);
  }

  @Override
  public synchronized Removal removeImages(List<String> references) {
    rmiCalls.add(List.copyOf(references));
    List<String> out = new ArrayList<>();
    List<String> err = new ArrayList<>();
    for (String ref : references) {
      String refusal = refuse.containsKey(ref) ? refuse.get(ref) : refuseOnce.remove(ref);
      if (refusal != null) {
        err.add("Error response from daemon: " + refusal);
        continue;
      }
      images.values().removeIf(i -> i.id().equals(ref) || i.repoTags().contains(ref));
      out.add("Deleted: " + ref);
    }
    return new Removal(out, err);
  }

  @Override
  public Removal removeContainers(List<String> ids) {
    ids.forEach(containers::remove);
    return new Removal(ids, List.of());
  }

  @Override
  public synchronized Set<String> imageIds() {
    return new LinkedHashSet<>(images.keySet());
  }

  @Override
  public List<ImageInfo> listImages(List<String> filters) {
    return new ArrayList<>(images.values());
  }

  @Override
  public List<ImageInfo> listImagesForPrune() {
    return listImages(List.of());
  }

  @Override
  public List<ContainerInfo> listContainers(List<String> filters) {
    return new ArrayList<>(containers.values());
  }

  @Override
  public DockerDiskUse systemDf() {
    long size = images.values().stream().mapToLong(ImageInfo::size).sum();
    return new DockerDiskUse(size, 0, 0, 0);
  }

  @Override
  public String serverVersion() {
    return "20.10.24";
  }

  @Override
  public String dataRoot() {
    return "/var/lib/docker";
  }

  @Override
  public List<VolumeInfo> listVolumes(List<String> filters) {
    return List.of();
  }

  @Override
  public List<NetworkInfo> listNetworks(List<String> filters) {
    return List.of();
  }

  @Override
  public List<String> pruneNetworks(List<String> filters) {
    networkPrunes.add(List.copyOf(filters));
    return List.of("it-prune-net");
  }

  @Override
  public void removeVolume(String name) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long pruneBuildCache(String keepStorage, String until) {
    buildCachePrunes.add(keepStorage + " " + until);
    return 1500;
  }

  // Not used by pruneDocker.
  @Override public String build(BuildSpec spec, Consumer<String> progress) { throw new UnsupportedOperationException(); }
  @Override public void tag(String source, String target) { throw new UnsupportedOperationException(); }
  @Override public PushResult push(String reference, Consumer<String> progress) { throw new UnsupportedOperationException(); }
  @Override public boolean pull(String reference) { throw new UnsupportedOperationException(); }
  @Override public void login(String registry, String username, String password) { throw new UnsupportedOperationException(); }
  @Override public Docker withConfigDir(String configDir, Map<String, String> env) { throw new UnsupportedOperationException(); }
  @Override public String run(RunSpec spec) { throw new UnsupportedOperationException(); }
  @Override public void start(String container) { throw new UnsupportedOperationException(); }
  @Override public void stop(String container, Duration grace) { throw new UnsupportedOperationException(); }
  @Override public void removeContainer(String container, boolean force) { throw new UnsupportedOperationException(); }
  @Override public boolean removeImage(String image, boolean force) { throw new UnsupportedOperationException(); }
  @Override public Optional<ContainerInfo> inspectContainer(String container) { throw new UnsupportedOperationException(); }
  @Override public Optional<ImageInfo> inspectImage(String image) { throw new UnsupportedOperationException(); }
  @Override public String logs(String container, int lines) { throw new UnsupportedOperationException(); }
  @Override public void setRestartPolicy(String container, String policy) { throw new UnsupportedOperationException(); }
  @Override public void rename(String container, String newName) { throw new UnsupportedOperationException(); }
}
