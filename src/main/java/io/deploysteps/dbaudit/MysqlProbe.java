package io.deploysteps.dbaudit;

import io.deploysteps.dbaudit.DatabaseUrl.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/** MySQL, MariaDB, RDS and Aurora MySQL through MariaDB Connector/J. */
final class MysqlProbe implements DatabaseProbe {
  private static final Pattern GLOBAL_PROCESS = Pattern.compile(
      "(?i)^GRANT\\s+(.*\\bPROCESS\\b.*|ALL PRIVILEGES|.*\\bSUPER\\b.*)\\s+ON\\s+\\*\\.\\*\\s+TO\\b.*");
  private static final List<String> COUNTERS = List.of("Threads_connected", "Max_used_connections",
      "Aborted_connects", "Aborted_clients", "Connections", "Connection_errors_max_connections",
      "Connection_errors_internal", "Connection_errors_accept", "Connection_errors_select",
      "Connection_errors_tcpwrap", "Connection_errors_peer_address");

  @Override
  public Connection open(AuditRequest request, String password) throws SQLException {
    Properties p = ReadOnlyQueries.credentials(request, password);
    p.setProperty("connectTimeout", Long.toString(request.connectTimeout().toMillis()));
    p.setProperty("socketTimeout", Long.toString(request.queryTimeout().toMillis() + 2000));
    // One connection, nothing cached or pooled behind our back, nothing local read.
    p.setProperty("pool", "false");
    p.setProperty("allowLocalInfile", "false");
    p.setProperty("connectionAttributes", "program_name:deploy-steps-db-audit");
    return DatabaseProbe.readOnly(new org.mariadb.jdbc.Driver().connect(request.url().driverUrl(), p), "MariaDB Connector/J",
        request.url().address());
  }

  @Override
  public ServerSnapshot read(Connection connection, AuditRequest request) throws SQLException {
    ReadOnlyQueries q = new ReadOnlyQueries(connection, request.queryTimeout());
    Object[] vars = q.one("SELECT VERSION(), CURRENT_USER(), CONNECTION_ID(), @@GLOBAL.max_connections,"
        + " @@GLOBAL.max_user_connections, @@GLOBAL.wait_timeout, @@GLOBAL.interactive_timeout",
        rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getInt(5),
            rs.getLong(6), rs.getLong(7)});
    long ownId = (Long) vars[2];
    Map<String, Long> counters = new HashMap<>();
    q.rows("SHOW GLOBAL STATUS WHERE Variable_name IN ('" + String.join("','", COUNTERS) + "')",
        rs -> counters.put(rs.getString(1), rs.getLong(2)));
    boolean granted = q.rows("SHOW GRANTS", rs -> rs.getString(1)).stream()
        .anyMatch(g -> GLOBAL_PROCESS.matcher(g).matches());
    List<Session> sessions = q.rows("SELECT USER, HOST, DB, COMMAND, TIME, ID FROM information_schema.PROCESSLIST"
        + " WHERE COMMAND NOT IN ('Daemon', 'Binlog Dump', 'Binlog Dump GTID') AND USER <> 'system user'",
        rs -> new Session(rs.getString(1), stripPort(rs.getString(2)), nullToEmpty(rs.getString(3)), "",
            "Sleep".equals(rs.getString(4)) ? "idle" : "active", rs.getLong(5), rs.getLong(6) == ownId));
    Map<String, Integer> userLimits = new HashMap<>();
    try {
      q.rows("SELECT User, Host, max_user_connections FROM mysql.user WHERE max_user_connections > 0",
          rs -> userLimits.put(rs.getString(1), rs.getInt(3)));
    } catch (SQLException e) {
      // Without SELECT on mysql.user the per-account limits stay unknown; the server-wide one still counts.
    }
    String user = (String) vars[1];
    // PROCESS may come through a role (MySQL 8), which SHOW GRANTS names without its privileges:
    // seeing another account's session proves it too.
    String account = user.contains("@") ? user.substring(0, user.lastIndexOf('@')) : user;
    boolean canSee = granted || sessions.stream().anyMatch(x -> !x.user().equals(account));
    Map<String, Long> timeouts = Map.of("wait_timeout", (Long) vars[5], "interactive_timeout", (Long) vars[6]);
    int current = counters.getOrDefault("Threads_connected", (long) sessions.size()).intValue();
    return new ServerSnapshot(Engine.MYSQL, (String) vars[0], user, (Integer) vars[3], 0, 1, current,
        counters.getOrDefault("Max_used_connections", -1L), sessions, canSee,
        "GRANT PROCESS ON *.* TO " + quoteAccount(user), (Integer) vars[4], userLimits, Map.of(), timeouts,
        counters);
  }

  @Override
  public boolean isSaturated(SQLException e) {
    return e.getErrorCode() == 1040 || String.valueOf(e.getMessage()).contains("Too many connections");
  }

  @Override
  public boolean isAuthentication(SQLException e) {
    return e.getErrorCode() == 1045 || "28000".equals(e.getSQLState());
  }

  /** {@code 127.0.0.1:53412} to {@code 127.0.0.1}: the port changes per connection and would split groups. */
  static String stripPort(String host) {
    if (host == null) {
      return "";
    }
    int colon = host.lastIndexOf(':');
    return colon > 0 && host.substring(colon + 1).matches("\\d+") ? host.substring(0, colon) : host;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** {@code audit@127.0.0.1} as a grantee: {@code 'audit'@'127.0.0.1'}. */
  static String quoteAccount(String currentUser) {
    int at = currentUser.lastIndexOf('@');
    if (at < 0) {
      return "'" + currentUser + "'";
    }
    return "'" + currentUser.substring(0, at) + "'@'" + currentUser.substring(at + 1) + "'";
  }
}
