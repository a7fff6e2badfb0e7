package io.deploysteps.dbaudit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Sessions grouped the way a person looks for a leak: by user, host, database, application and state. */
final class SessionGroups {
  private SessionGroups() {}

  /** One map per group: the five keys, {@code sessions}, {@code sleeping} and {@code maxIdleSeconds}. */
  static List<Map<String, Object>> of(List<Session> sessions, long sleepingAfterSeconds) {
    Map<String, Map<String, Object>> groups = new TreeMap<>();
    for (Session s : sessions) {
      String key = String.join("\u0000", s.user(), s.host(), s.database(), s.application(), s.state());
      Map<String, Object> g = groups.computeIfAbsent(key, k -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", s.user());
        m.put("host", s.host());
        m.put("database", s.database());
        m.put("application", s.application());
        m.put("state", s.state());
        m.put("sessions", 0);
        m.put("sleeping", 0);
        m.put("maxIdleSeconds", -1L);
        return m;
      });
      g.put("sessions", (Integer) g.get("sessions") + 1);
      if (!s.self() && s.sleepingLongerThan(sleepingAfterSeconds)) {
        g.put("sleeping", (Integer) g.get("sleeping") + 1);
      }
      if (s.idle()) {
        g.put("maxIdleSeconds", Math.max((Long) g.get("maxIdleSeconds"), s.idleSeconds()));
      }
    }
    return new ArrayList<>(groups.values());
  }

  /** Session counts by user, largest first (the chart's stack). */
  static Map<String, Integer> byUser(List<Session> sessions) {
    Map<String, Integer> counts = new TreeMap<>();
    sessions.forEach(s -> counts.merge(s.user().isEmpty() ? "(unknown)" : s.user(), 1, Integer::sum));
    Map<String, Integer> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
