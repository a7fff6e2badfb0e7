package io.deploysteps.ecr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the ECR scan of the pushed digest showed: the count per severity and the gate's verdict. */
record ScanOutcome(String status, String verdict, Map<String, Integer> counts, long millis, String reason) {
  static ScanOutcome unsupported(String reason, long millis) {
    return new ScanOutcome("UNSUPPORTED_IMAGE", "unsupported", Map.of(), millis, reason);
  }

  /** Every severity, highest first, zeros included: {@code CRITICAL 0, HIGH 2, ...}. */
  String countsLine() {
    StringBuilder b = new StringBuilder();
    List<String> order = new java.util.ArrayList<>(ScanGate.SEVERITIES);
    java.util.Collections.reverse(order);
    order.add("UNDEFINED");
    for (String s : order) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(s).append(' ').append(counts.getOrDefault(s, 0));
    }
    return b.toString();
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status);
    m.put("verdict", verdict);
    m.put("counts", new LinkedHashMap<>(counts));
    m.put("waitedMs", millis);
    if (reason != null) {
      m.put("reason", reason);
    }
    return m;
  }
}
