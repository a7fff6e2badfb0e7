package io.deploysteps.prune;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.docker.BuildSpec;
import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.ImageInfo;
import io.deploysteps.docker.PushResult;
import io.deploysteps.docker.RunSpec;
import io.deploysteps.engine.Json;
import io.deploysteps.exec.CommandResult;
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
  public synchronized CommandResult removeImages(List<String> references) {
    rmiCalls.add(List.copyOf(references));
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    for (String ref : references) {
      String refusal = refuse.containsKey(ref) ? refuse.get(ref) : refuseOnce.remove(ref);
      if (refusal != null) {
        err.append("Error response from daemon: ").append(refusal).append('\n');
        continue;
      }
      images.values().removeIf(i -> i.id().equals(ref) || i.repoTags().contains(ref));
      out.append("Deleted: ").append(ref).append('\n');
    }
    return new CommandResult(err.length() == 0 ? 0 : 1, out.toString(), err.toString(), Duration.ZERO);
  }

  @Override
  public CommandResult removeContainers(List<String> ids) {
    ids.forEach(containers::remove);
    return new CommandResult(0, String.join("\n", ids), "", Duration.ZERO);
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
  public List<JsonNode> systemDf() {
    long size = images.values().stream().mapToLong(ImageInfo::size).sum();
    return List.of(Json.read("{\"Type\":\"Images\",\"Size\":\"" + size + "B\"}"));
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
  public List<JsonNode> listVolumes(List<String> filters) {
    return List.of();
  }

  @Override
  public List<JsonNode> listNetworks(List<String> filters) {
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
  public String pruneBuildCache(String keepStorage, String until) {
    buildCachePrunes.add(keepStorage + " " + until);
    return "Total reclaimed space: 1.5kB";
  }

  // Not used by pruneDocker.
  @Override public String build(BuildSpec spec, Consumer<String> progress) { throw new UnsupportedOperationException(); }
  @Override public void tag(String source, String target) { throw new UnsupportedOperationException(); }
  @Override public PushResult push(String reference, Consumer<String> progress) { throw new UnsupportedOperationException(); }
  @Override public boolean pull(String reference) { throw new UnsupportedOperationException(); }
  @Override public void login(String registry, String username, String password) { throw new UnsupportedOperationException(); }
  @Override public Docker withConfigDir(String configDir) { throw new UnsupportedOperationException(); }
  @Override public String run(RunSpec spec) { throw new UnsupportedOperationException(); }
  @Override public void start(String container) { throw new UnsupportedOperationException(); }
  @Override public void stop(String container, Duration grace) { throw new UnsupportedOperationException(); }
  @Override public void removeContainer(String container, boolean force) { throw new UnsupportedOperationException(); }
  @Override public boolean removeImage(String image, boolean force) { throw new UnsupportedOperationException(); }
  @Override public Optional<ContainerInfo> inspectContainer(String container) { throw new UnsupportedOperationException(); }
  @Override public Optional<ImageInfo> inspectImage(String image) { throw new UnsupportedOperationException(); }
  @Override public String logs(String container, int lines) { throw new UnsupportedOperationException(); }
  @Override public CommandResult exec(String container, List<String> argv) { throw new UnsupportedOperationException(); }
}
