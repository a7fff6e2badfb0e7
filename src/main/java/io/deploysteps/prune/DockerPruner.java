package io.deploysteps.prune;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerException;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.prune.PrunePlan.Decision;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
  private static final Pattern HUMAN_SIZE = Pattern.compile("([0-9.]+)\\s*([kMGTP]?)B");

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
    for (List<Decision> batch : batches(containers)) {
      CommandResult r = docker.removeContainers(batch.stream().map(Decision::id).toList());
      Set<String> gone = new HashSet<>(lines(r.stdout()));
      for (Decision d : batch) {
        if (gone.contains(d.id())) {
          removed.add(d);
        } else {
          failed.add(new Failure(d, errorAbout(r.stderr(), List.of(d.id()))));
        }
      }
    }
  }

  /** Removes images by tag (or id when untagged); what is still there afterwards failed. */
  void removeImages(List<Decision> images) {
    for (List<Decision> batch : batches(images)) {
      List<String> refs = new ArrayList<>();
      batch.forEach(d -> refs.addAll(d.refs()));
      CommandResult r = docker.removeImages(refs);
      Set<String> still = r.ok() ? Set.of() : docker.imageIds();
      for (Decision d : batch) {
        if (still.contains(d.id())) {
          List<String> names = new ArrayList<>(d.refs());
          names.add(shortId(d.id()));
          failed.add(new Failure(d, errorAbout(r.stderr(), names)));
        } else {
          removed.add(d);
        }
      }
    }
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
    for (JsonNode n : docker.listNetworks(f)) {
      String name = n.path("Name").asText();
      if (!List.of("bridge", "host", "none").contains(name)) {
        out.add(new Decision("network", n.path("ID").asText(name), name, true, "used by no container", List.of(name), 0,
            null));
      }
    }
    return out;
  }

  /** Runs {@code docker builder prune}; returns the bytes it says it reclaimed. */
  long pruneBuildCache(String keepStorage, String until) {
    String out = docker.pruneBuildCache(keepStorage, until);
    Matcher m = Pattern.compile("Total reclaimed space:\\s*(\\S+)").matcher(out);
    return m.find() ? bytes(m.group(1)) : 0;
  }

  /** Sum of the Size column of {@code docker system df}, per type and in all. */
  Map<String, Long> systemDf() {
    Map<String, Long> sizes = new LinkedHashMap<>();
    long total = 0;
    for (JsonNode row : docker.systemDf()) {
      long b = bytes(row.path("Size").asText("0B"));
      sizes.put(row.path("Type").asText("?"), b);
      total += b;
    }
    sizes.put("total", total);
    return sizes;
  }

  /** Docker's human sizes ({@code 7B}, {@code 1.234kB}, {@code 12.5MB}): powers of 1000. */
  static long bytes(String human) {
    Matcher m = HUMAN_SIZE.matcher(human.strip());
    if (!m.lookingAt()) {
      return 0;
    }
    double v = Double.parseDouble(m.group(1));
    int power = m.group(2).isEmpty() ? 0 : "kMGTP".indexOf(m.group(2)) + 1;
    return Math.round(v * Math.pow(1000, power));
  }

  private static List<List<Decision>> batches(List<Decision> all) {
    List<List<Decision>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += BATCH) {
      out.add(all.subList(i, Math.min(all.size(), i + BATCH)));
    }
    return out;
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
