package io.deploysteps.buildspec;

import io.deploysteps.engine.ExitCodes;
import io.deploysteps.engine.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What runBuildspec did: the build's status, each phase, the exported variables, the staged files. */
public final class RunBuildspecResult implements StepResult {
  private final String status;
  private final List<PhaseResult> phases;
  private final Map<String, String> exported;
  private final String artifactsDir;
  private final List<String> artifacts;
  private final Map<String, String> names;
  private final List<Map<String, Object>> reports;
  private final List<UnsupportedKey> unsupported;
  private final long durationMs;

  RunBuildspecResult(String status, List<PhaseResult> phases, Map<String, String> exported, String artifactsDir,
      List<String> artifacts, Map<String, String> names, List<Map<String, Object>> reports, List<UnsupportedKey> unsupported,
      long durationMs) {
    this.status = status;
    this.phases = List.copyOf(phases);
    this.exported = new LinkedHashMap<>(exported);
    this.artifactsDir = artifactsDir;
    this.artifacts = List.copyOf(artifacts);
    this.names = new LinkedHashMap<>(names);
    this.reports = List.copyOf(reports);
    this.unsupported = List.copyOf(unsupported);
    this.durationMs = durationMs;
  }

  public String status() {
    return status;
  }

  public List<PhaseResult> phases() {
    return phases;
  }

  public Map<String, String> exported() {
    return Map.copyOf(exported);
  }

  public List<String> artifacts() {
    return artifacts;
  }

  /** Each artifact's expanded {@code name}: the primary one under "", secondary ones under their identifier. */
  public Map<String, String> artifactNames() {
    return new LinkedHashMap<>(names);
  }

  @Override
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status);
    m.put("phases", phases.stream().map(PhaseResult::toMap).toList());
    m.put("exported", new LinkedHashMap<>(exported));
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("dir", artifactsDir);
    a.put("files", artifacts);
    if (names.containsKey("")) {
      a.put("name", names.get(""));
    }
    Map<String, String> secondary = new LinkedHashMap<>(names);
    secondary.remove("");
    if (!secondary.isEmpty()) {
      a.put("secondaryNames", secondary);
    }
    m.put("artifacts", a);
    m.put("reports", reports);
    m.put("unsupported", unsupported.stream().map(UnsupportedKey::toMap).toList());
    m.put("durationMs", durationMs);
    return m;
  }

  @Override
  public List<String> summary() {
    List<String> lines = new ArrayList<>();
    lines.add("build " + status + " in " + durationMs + " ms");
    for (PhaseResult p : phases) {
      lines.add("  " + p.name() + ": " + p.status() + " (" + p.durationMs() + " ms"
          + (p.attempts() > 1 ? ", " + p.attempts() + " attempts" : "") + ")");
    }
    if (!artifacts.isEmpty()) {
      lines.add("  artifacts: " + artifacts.size() + " file(s) in " + artifactsDir);
    }
    return lines;
  }

  @Override
  public int exitCode() {
    return status.equals("SUCCEEDED") ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
