package io.deploysteps.buildspec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How one phase went: SUCCEEDED, FAILED or SKIPPED, its duration, its commands (of the last attempt). */
public record PhaseResult(String name, String status, long durationMs, int attempts, List<CommandRun> commands) {
  /** One command's exit code and duration. */
  public record CommandRun(String command, int exitCode, long durationMs) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("command", command);
      m.put("exitCode", exitCode);
      m.put("durationMs", durationMs);
      return m;
    }
  }

  public PhaseResult {
    commands = List.copyOf(commands);
  }

  static PhaseResult skipped(String name) {
    return new PhaseResult(name, "SKIPPED", 0, 0, List.of());
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("status", status);
    m.put("durationMs", durationMs);
    m.put("attempts", attempts);
    m.put("commands", commands.stream().map(CommandRun::toMap).toList());
    return m;
  }
}
