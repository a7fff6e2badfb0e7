package io.deploysteps.prune;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a prune will remove and what it keeps, each with the reason, decided before anything is
 * changed. Removals are in the order they must happen (containers before their images, an image
 * before the base it was built on).
 */
final class PrunePlan {
  /** One object and what happens to it. {@code refs} are the names Docker removes it by. */
  record Decision(String kind, String id, String name, boolean remove, String reason, List<String> refs, long size,
      Instant created) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", kind);
      m.put("id", id);
      m.put("name", name);
      m.put("reason", reason);
      if (size > 0) {
        m.put("sizeBytes", size);
      }
      return m;
    }
  }

  private final List<Decision> decisions;
  private final List<Decision> underPressure;

  /**
   * @param underPressure images kept only by {@code until} or the {@code images} mode, least
   *     recently created first: what disk-threshold mode may remove next
   */
  PrunePlan(List<Decision> decisions, List<Decision> underPressure) {
    this.decisions = List.copyOf(decisions);
    this.underPressure = List.copyOf(underPressure);
  }

  List<Decision> decisions() {
    return decisions;
  }

  List<Decision> removals(String kind) {
    List<Decision> out = new ArrayList<>();
    decisions.stream().filter(d -> d.remove() && d.kind().equals(kind)).forEach(out::add);
    return out;
  }

  List<Decision> kept() {
    return decisions.stream().filter(d -> !d.remove()).toList();
  }

  List<Decision> underPressure() {
    return underPressure;
  }
}
