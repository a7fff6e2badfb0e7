package io.deploysteps.prune;

import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerDiskUse;
import io.deploysteps.docker.DockerException;
import io.deploysteps.docker.HumanSize;
import io.deploysteps.docker.NetworkInfo;
import io.deploysteps.docker.Removal;
import io.deploysteps.engine.Parallel;
import io.deploysteps.prune.PrunePlan.Decision;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Carries out a {@link PrunePlan} through {@link Docker}, many objects per docker call, and tells
 * what was removed and what Docker refused (with its reason). It never decides anything itself.
 */
final class DockerPruner {
  /**
   * Objects per {@code docker rmi}/{@code docker rm} call: few processes (each docker CLI start costs
   * tens of ms), argv still far below ARG_MAX (500 references of ~100 bytes: 50 kB of 2 MB).
   */
  static final int BATCH = 500;
  /**
   * docker rmi calls at once: the daemon deletes the images of different calls in parallel
   * (bench/prune, 196 images on a 2-core host: 800 ms in one call, 570 ms in 4, 560 ms in 8).
   */
  static final int PARALLEL = 4;

  /** A removal Docker refused. */
  record Failure(Decision decision, String error) {
    Map<String, Object> toMap() {
      Map<String, Object> m = decision.toMap();
      m.put("error", error);
      return m;
    }
  }

  private final Docker docker;
  private final List<Decision> removed = new ArrayList<>();
  private final List<Failure> failed = new ArrayList<>();

  DockerPruner(Docker docker) {
    this.docker = docker;
  }

  List<Decision> removed() {
    return removed;
  }

  List<Failure> failed() {
    return failed;
  }

  void removeContainers(List<Decision> containers) {
    for (List<Decision> batch : Parallel.chunks(containers, BATCH)) {
      Removal r = docker.removeContainers(batch.stream().map(Decision::id).toList());
      Set<String> gone = new HashSet<>(r.removed());
      for (Decision d : batch) {
        if (gone.contains(d.id())) {
          removed.add(d);
        } else {
          failed.add(new Failure(d, errorAbout(r.errors(), List.of(d.id()))));
        }
      }
    }
  }

  /**
   * Removes images by tag (or id when untagged) with {@link #PARALLEL} docker rmi calls at once;
   * what is still there afterwards gets one more, lone call (a parent refused because its child
   * was being removed by another call goes then), and what stays after that failed.
   */
  void removeImages(List<Decision> images) {
    if (images.isEmpty()) {
      return;
    }
    List<List<Decision>> chunks = Parallel.chunks(images, Math.min(BATCH, (images.size() + PARALLEL - 1) / PARALLEL));
    List<Removal> results = Parallel.map("pruneDocker-rmi", PARALLEL, chunks, chunk -> docker.removeImages(refs(chunk)));
    StringBuilder stderr = new StringBuilder();
    results.forEach(r -> stderr.append(r.errors()));
    Set<String> still = new HashSet<>(results.stream().allMatch(Removal::ok) ? Set.of() : docker.imageIds());
    List<Decision> stayed = images.stream().filter(d -> still.contains(d.id())).toList();
    if (!stayed.isEmpty()) {
      StringBuilder retryErr = new StringBuilder();
      for (List<Decision> chunk : Parallel.chunks(stayed, BATCH)) {
        retryErr.append(docker.removeImages(refs(chunk)).errors());
      }
      still.retainAll(docker.imageIds());
      if (retryErr.length() > 0) {
        // The lone call's reason is the one that stands (no longer a race with another call).
        stderr.setLength(0);
        stderr.append(retryErr);
      }
    }
    for (Decision d : images) {
      if (still.contains(d.id())) {
        List<String> names = new ArrayList<>(d.refs());
        names.add(shortId(d.id()));
        failed.add(new Failure(d, errorAbout(stderr.toString(), names)));
      } else {
        removed.add(d);
      }
    }
  }

  private static List<String> refs(List<Decision> decisions) {
    List<String> refs = new ArrayList<>();
    decisions.forEach(d -> refs.addAll(d.refs()));
    return refs;
  }

  void removeVolumes(List<Decision> volumes) {
    for (Decision d : volumes) {
      try {
        docker.removeVolume(d.id());
        removed.add(d);
      } catch (DockerException e) {
        failed.add(new Failure(d, e.getMessage()));
      }
    }
  }

  /** Unused networks (never bridge, host or none); Docker's own prune applies until and labels. */
  void pruneNetworks(List<String> filters) {
    for (String name : docker.pruneNetworks(filters)) {
      removed.add(new Decision("network", name, name, true, "used by no container", List.of(name), 0, null));
    }
  }

  /** Networks a prune would remove (for a dry run): Docker's dangling ones minus the predefined. */
  List<Decision> networkCandidates(List<String> filters) {
    List<String> f = new ArrayList<>(filters);
    f.add("dangling=true");
    List<Decision> out = new ArrayList<>();
    for (NetworkInfo n : docker.listNetworks(f)) {
      String name = n.name();
      if (!List.of("bridge", "host", "none").contains(name)) {
        out.add(new Decision("network", n.id(), name, true, "used by no container", List.of(name), 0, null));
      }
    }
    return out;
  }

  /** Runs {@code docker builder prune}; returns the bytes it says it reclaimed. */
  long pruneBuildCache(String keepStorage, String until) {
    return docker.pruneBuildCache(keepStorage, until);
  }

  /** Sum of the Size column of {@code docker system df}, per type and in all. */
  Map<String, Long> systemDf() {
    return sizes(docker.systemDf());
  }

  /** {@code docker system df} per type and in all. */
  static Map<String, Long> sizes(DockerDiskUse usage) {
    return usage.byType();
  }

  /** Docker's human sizes ({@code 7B}, {@code 1.234kB}, {@code 12.5MB}): powers of 1000. */
  static long bytes(String human) {
    return HumanSize.bytes(human);
  }

  private static List<String> lines(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static String shortId(String id) {
    String hex = id.startsWith("sha256:") ? id.substring(7) : id;
    return hex.substring(0, Math.min(12, hex.length()));
  }

  /** The stderr line that names one of {@code names}, or the last line when none does. */
  static String errorAbout(String stderr, List<String> names) {
    List<String> all = lines(stderr);
    for (String line : all) {
      String l = line.toLowerCase(Locale.ROOT);
      for (String n : names) {
        if (l.contains(n.toLowerCase(Locale.ROOT))) {
          return line;
        }
      }
    }
    return all.isEmpty() ? "still present after docker rmi/rm" : all.get(all.size() - 1);
  }
}
