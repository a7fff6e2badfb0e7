package io.deploysteps.dbaudit;

import io.deploysteps.dbaudit.DatabaseUrl.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** PostgreSQL (and RDS/Aurora PostgreSQL) through the PostgreSQL JDBC driver. */
final class PostgresProbe implements DatabaseProbe {
  @Override
  public Connection open(AuditRequest request, String password) throws SQLException {
    Properties p = ReadOnlyQueries.credentials(request, password);
    String connect = Long.toString(Math.max(1, request.connectTimeout().toSeconds()));
    p.setProperty("connectTimeout", connect);
    p.setProperty("loginTimeout", connect);
    p.setProperty("socketTimeout", Long.toString(request.queryTimeout().toSeconds() + 2));
    p.setProperty("ApplicationName", "deploy-steps-db-audit");
    p.setProperty("readOnly", "true");
    p.setProperty("prepareThreshold", "0");
    return DatabaseProbe.readOnly(new org.postgresql.Driver().connect(request.url().driverUrl(), p), "the PostgreSQL driver",
        request.url().address());
  }

  @Override
  public ServerSnapshot read(Connection connection, AuditRequest request) throws SQLException {
    ReadOnlyQueries q = new ReadOnlyQueries(connection, request.queryTimeout());
    Object[] head = q.one("SELECT version(), current_user, pg_backend_pid(),"
        + " pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER')"
        + " OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)",
        rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4)});
    int ownPid = (Integer) head[2];
    Map<String, Long> settings = new HashMap<>();
    q.rows("SELECT name, setting::bigint FROM pg_settings WHERE name IN ('max_connections',"
        + " 'superuser_reserved_connections', 'reserved_connections', 'idle_session_timeout',"
        + " 'idle_in_transaction_session_timeout')", rs -> settings.put(rs.getString(1), rs.getLong(2)));
    // Client backends only: autovacuum and other workers have slots of their own. Without
    // pg_read_all_stats, other users' backend_type is NULL too; a database marks them as clients.
    List<Session> sessions = q.rows("SELECT usename, host(client_addr), datname, application_name, state,"
        + " floor(extract(epoch FROM (now() - state_change)))::bigint, pid FROM pg_stat_activity"
        + " WHERE backend_type = 'client backend' OR (backend_type IS NULL AND datid IS NOT NULL)",
        rs -> {
          String state = rs.getString(5);
          long idle = rs.getObject(6) == null ? -1 : rs.getLong(6);
          return new Session(nz(rs.getString(1)), nz(rs.getString(2)), nz(rs.getString(3)), nz(rs.getString(4)),
              state == null ? "hidden" : state, state == null ? -1 : idle, rs.getInt(7) == ownPid);
        });
    Map<String, Integer> roleLimits = new HashMap<>();
    q.rows("SELECT rolname, rolconnlimit FROM pg_roles WHERE rolcanlogin AND rolconnlimit >= 0",
        rs -> roleLimits.put(rs.getString(1), rs.getInt(2)));
    Map<String, Integer> databaseLimits = new HashMap<>();
    q.rows("SELECT datname, datconnlimit FROM pg_database WHERE datallowconn AND datconnlimit >= 0",
        rs -> databaseLimits.put(rs.getString(1), rs.getInt(2)));
    Map<String, Long> timeouts = new HashMap<>();
    for (String t : List.of("idle_session_timeout", "idle_in_transaction_session_timeout")) {
      if (settings.containsKey(t)) {
        timeouts.put(t, settings.get(t) / 1000); // pg_settings gives milliseconds
      }
    }
    int reserved = settings.getOrDefault("superuser_reserved_connections", 0L).intValue()
        + settings.getOrDefault("reserved_connections", 0L).intValue();
    String user = (String) head[1];
    return new ServerSnapshot(Engine.POSTGRESQL, (String) head[0], user,
        settings.getOrDefault("max_connections", 0L).intValue(), reserved, 0, sessions.size(), -1, sessions,
        (Boolean) head[3], "GRANT pg_monitor TO \"" + user.replace("\"", "\"\"") + "\"", 0, roleLimits,
        databaseLimits, timeouts, Map.of());
  }

  @Override
  public boolean isSaturated(SQLException e) {
    // 53300 too_many_connections: "sorry, too many clients already" or the reserved-slots message.
    return "53300".equals(e.getSQLState());
  }

  @Override
  public boolean isAuthentication(SQLException e) {
    return "28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState());
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
