package io.deploysteps.docker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * An in-memory Docker host's containers for fast runner tests: run, stop, rename and remove change
 * what inspect and the listings say, as the daemon's would. {@link #beforeEach} runs before every
 * call and may throw, which is how a test kills a deploy at any point. Thread-safe: a deploy
 * promotes its new colour beside the stop of the old one.
 */
public final class InMemoryContainers implements DockerContainers {
  private final Map<String, ContainerInfo> byName = new LinkedHashMap<>();
  private final List<String> calls = new ArrayList<>();
  private int ids;
  private Instant clock = Instant.parse("2026-11-23T00:00:00Z");
  /** Gets (operation, container) before every call; a test throws from it to kill the caller there. */
  public BiConsumer<String, String> beforeEach = (op, c) -> { };

  /** Each call as {@code op container}, in order. */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /** A container already there, as another deploy (or a person) left it. */
  public synchronized ContainerInfo add(String name, String image, boolean running, Map<String, String> labels) {
    clock = clock.plusSeconds(1);
    ContainerInfo c = new ContainerInfo("id-" + (++ids), name, image, "sha256:" + image.hashCode(), running ? "running" : "exited",
        running, null, running ? 0 : 143, labels, clock, clock, running ? null : clock, "no", 0, false, List.of());
    byName.put(name, c);
    return c;
  }

  private void call(String op, String container) {
    calls.add(op + " " + container);
    beforeEach.accept(op, container);
  }

  private Optional<ContainerInfo> find(String ref) {
    return byName.values().stream().filter(c -> c.name().equals(ref) || c.id().equals(ref)).findFirst();
  }

  private ContainerInfo existing(String op, String ref) {
    return find(ref).orElseThrow(() -> new DockerException(op + " " + ref + ": No such container: " + ref, op));
  }

  private void put(ContainerInfo c) {
    byName.values().removeIf(x -> x.id().equals(c.id()));
    byName.put(c.name(), c);
  }

  private static ContainerInfo withState(ContainerInfo c, String status, boolean running, String name, String policy) {
    return new ContainerInfo(c.id(), name, c.image(), c.imageId(), status, running, c.health(), running ? 0 : 143, c.labels(),
        c.created(), c.startedAt(), running ? null : Instant.now(), policy, c.restartCount(), false, c.mounts());
  }

  @Override
  public synchronized String run(RunSpec spec) {
    call("run", spec.name);
    if (spec.name != null && byName.containsKey(spec.name)) {
      throw new DockerException("Conflict. The container name \"/" + spec.name + "\" is already in use", "run");
    }
    return add(spec.name == null ? "c" + (ids + 1) : spec.name, spec.image, true, spec.labels).id();
  }

  @Override
  public synchronized void start(String container) {
    call("start", container);
    ContainerInfo c = existing("start", container);
    put(withState(c, "running", true, c.name(), c.restartPolicy()));
  }

  @Override
  public synchronized void stop(String container, Duration grace) {
    call("stop", container);
    ContainerInfo c = existing("stop", container);
    put(withState(c, "exited", false, c.name(), c.restartPolicy()));
  }

  @Override
  public synchronized void removeContainer(String container, boolean force) {
    call("rm", container);
    find(container).ifPresent(c -> {
      if (c.running() && !force) {
        throw new DockerException("You cannot remove a running container " + c.id(), "rm");
      }
      byName.remove(c.name());
    });
  }

  @Override
  public synchronized Removal removeContainers(List<String> ids) {
    List<String> removed = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (String id : ids) {
      try {
        removeContainer(id, false);
        removed.add(id);
      } catch (DockerException e) {
        refused.add("Error response from daemon: " + e.getMessage());
      }
    }
    return new Removal(removed, refused);
  }

  @Override
  public synchronized Optional<ContainerInfo> inspectContainer(String container) {
    call("inspect", container);
    return find(container);
  }

  /**
   * The filters the steps use: {@code name=<regex>} (on {@code /name}), {@code label=k[=v]}, {@code status=s},
   * {@code volume=<host path>} (a mount's source).
   */
  @Override
  public synchronized List<ContainerInfo> listContainers(List<String> filters) {
    call("ps", String.join(",", filters));
    return byName.values().stream().filter(c -> filters.stream().allMatch(f -> matches(c, f))).toList();
  }

  private static boolean matches(ContainerInfo c, String filter) {
    int eq = filter.indexOf('=');
    String key = filter.substring(0, eq);
    String value = filter.substring(eq + 1);
    switch (key) {
      case "name":
        return Pattern.compile(value).matcher("/" + c.name()).find();
      case "status":
        return c.status().equals(value);
      case "volume":
        return c.mounts().stream().anyMatch(m -> m.source().equals(value));
      case "label":
        int e = value.indexOf('=');
        return e < 0 ? c.labels().containsKey(value) : value.substring(e + 1).equals(c.labels().get(value.substring(0, e)));
      default:
        throw new IllegalArgumentException("InMemoryContainers has no filter " + key);
    }
  }

  @Override
  public synchronized String logs(String container, int lines) {
    call("logs", container);
    return "";
  }

  @Override
  public synchronized void setRestartPolicy(String container, String policy) {
    call("update", container);
    ContainerInfo c = existing("update", container);
    put(withState(c, c.status(), c.running(), c.name(), policy));
  }

  @Override
  public synchronized void rename(String container, String newName) {
    call("rename", container);
    ContainerInfo c = existing("rename", container);
    if (byName.containsKey(newName)) {
      throw new DockerException("Conflict. The name \"/" + newName + "\" is already in use", "rename");
    }
    put(withState(c, c.status(), c.running(), newName, c.restartPolicy()));
  }

  /** Running containers of this fake, by name. */
  public synchronized Map<String, ContainerInfo> all() {
    return Map.copyOf(byName);
  }
}
