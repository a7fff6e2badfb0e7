package io.deploysteps.ecr;

import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Params;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code scanGate: [failOn: 'CRITICAL', unstableOn: 'HIGH', wait: '5m']}: what the ECR scan of the
 * pushed digest must show. A threshold counts its own severity and every one above it.
 */
final class ScanGate {
  /** ECR's severities, lowest first (UNDEFINED findings count below LOW, so no threshold takes them). */
  static final List<String> SEVERITIES = List.of("INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL");

  final Optional<String> failOn;
  final Optional<String> unstableOn;
  final Duration wait;

  private ScanGate(String failOn, String unstableOn, Duration wait) {
    this.failOn = Optional.ofNullable(failOn);
    this.unstableOn = Optional.ofNullable(unstableOn);
    this.wait = wait;
  }

  /** The gate {@code p} asks for, empty without {@code scanGate}. */
  static Optional<ScanGate> from(Params p) {
    if (!p.has("scanGate")) {
      return Optional.empty();
    }
    Params g = p.nested("scanGate").requireOnly(List.of("failOn", "unstableOn", "wait"));
    String failOn = severity(g, "failOn");
    String unstableOn = severity(g, "unstableOn");
    if (failOn == null && unstableOn == null) {
      throw new InvalidParameterException("scanGate", "needs failOn and/or unstableOn (a severity: "
          + String.join(", ", SEVERITIES) + ")");
    }
    Duration wait = g.duration("wait", Duration.ofMinutes(5));
    if (wait.compareTo(Duration.ofHours(1)) > 0) {
      throw new InvalidParameterException("scanGate.wait", "must be at most 1h, got " + g.raw("wait"));
    }
    return Optional.of(new ScanGate(failOn, unstableOn, wait));
  }

  private static String severity(Params g, String key) {
    String v = g.string(key, null);
    if (v == null) {
      return null;
    }
    String s = v.toUpperCase(Locale.ROOT);
    if (!SEVERITIES.contains(s)) {
      throw new InvalidParameterException("scanGate." + key, "'" + v + "' is not one of " + String.join(", ", SEVERITIES));
    }
    return s;
  }

  /** Findings at {@code threshold} or above in {@code counts} (severity to count). */
  static int atOrAbove(String threshold, java.util.Map<String, Integer> counts) {
    int from = SEVERITIES.indexOf(threshold);
    int n = 0;
    for (int i = from; i < SEVERITIES.size(); i++) {
      n += counts.getOrDefault(SEVERITIES.get(i), 0);
    }
    return n;
  }
}
