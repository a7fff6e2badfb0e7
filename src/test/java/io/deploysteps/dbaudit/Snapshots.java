package io.deploysteps.dbaudit;

import io.deploysteps.dbaudit.DatabaseUrl.Engine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Hand-made server snapshots for the rule tests. */
final class Snapshots {
  private Snapshots() {}

  static List<Session> idle(String user, int n, long idleSeconds) {
    List<Session> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Session(user, "10.0.0.1", "app", "", "idle", idleSeconds, false));
    }
    return out;
  }

  static Session self(String user) {
    return new Session(user, "127.0.0.1", "", "", "active", 0, true);
  }

  static ServerSnapshot mysql(int max, List<Session> sessions, long peak, long waitTimeout, boolean canSee,
      Map<String, Long> counters) {
    Map<String, Long> c = new HashMap<>(counters);
    return new ServerSnapshot(Engine.MYSQL, "10.11.19-MariaDB", "audit@%", max, 0, 1, sessions.size(), peak,
        sessions, canSee, "GRANT PROCESS ON *.* TO 'audit'@'%'", 0, Map.of(), Map.of(),
        Map.of("wait_timeout", waitTimeout, "interactive_timeout", 28800L), c);
  }

  static ServerSnapshot postgres(int max, int reserved, List<Session> sessions, boolean canSee,
      Map<String, Integer> roleLimits, Map<String, Integer> dbLimits) {
    return new ServerSnapshot(Engine.POSTGRESQL, "PostgreSQL 15", "audit", max, reserved, 0, sessions.size(), -1,
        sessions, canSee, "GRANT pg_monitor TO \"audit\"", 0, roleLimits, dbLimits,
        Map.of("idle_session_timeout", 0L, "idle_in_transaction_session_timeout", 0L), Map.of());
  }
}
