package io.deploysteps.dbaudit;

import io.deploysteps.dbaudit.DatabaseUrl.Engine;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the audit read from the server, in one connection.
 *
 * @param reserved connections of max_connections that apps cannot use (PostgreSQL superuser and
 *     reserved slots)
 * @param superSlots connections the server keeps above max_connections for admins (MySQL's SUPER slot)
 * @param currentConnections client connections now, as the server counts them (the audit's included)
 * @param peakConnections the high-water mark since start or FLUSH STATUS (MySQL), or -1
 * @param canSeeAllSessions false when the audit user only sees its own sessions' details
 * @param visibilityFix the grant that would let it see them
 * @param maxUserConnections the server-wide per-user limit (MySQL max_user_connections), 0 for none
 * @param userLimits per-account limits (MySQL MAX_USER_CONNECTIONS, PostgreSQL rolconnlimit)
 * @param databaseLimits per-database limits (PostgreSQL datconnlimit)
 * @param timeouts idle timeouts in seconds by variable name; 0 means disabled
 * @param counters MySQL status counters (Aborted_connects, Connections, Connection_errors_*)
 */
public record ServerSnapshot(Engine engine, String version, String auditUser, int maxConnections, int reserved,
    int superSlots, int currentConnections, long peakConnections, List<Session> sessions,
    boolean canSeeAllSessions, String visibilityFix, int maxUserConnections, Map<String, Integer> userLimits,
    Map<String, Integer> databaseLimits, Map<String, Long> timeouts, Map<String, Long> counters) {

  public ServerSnapshot {
    sessions = List.copyOf(sessions);
    userLimits = sorted(userLimits);
    databaseLimits = sorted(databaseLimits);
    timeouts = sorted(timeouts);
    counters = sorted(counters);
  }

  private static <V> Map<String, V> sorted(Map<String, V> m) {
    return Collections.unmodifiableMap(new TreeMap<>(m));
  }

  public long counter(String name) {
    return counters.getOrDefault(name, -1L);
  }
}
