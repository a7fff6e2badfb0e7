package io.deploysteps.dbaudit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Runs the probes' SELECT/SHOW statements on the audit's one connection, each under a timeout. */
final class ReadOnlyQueries {
  // Strong references: JUL forgets loggers nobody holds, and with them the level we set.
  private static final List<Logger> QUIET = new ArrayList<>();

  /** One row of a result, read by column position. */
  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private final Connection connection;
  private final int timeoutSeconds;

  ReadOnlyQueries(Connection connection, Duration timeout) {
    this.connection = connection;
    this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
  }

  <T> List<T> rows(String sql, Row<T> row) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.setQueryTimeout(timeoutSeconds);
      st.setFetchSize(0);
      try (ResultSet rs = st.executeQuery(sql)) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(row.read(rs));
        }
        return out;
      }
    }
  }

  <T> T one(String sql, Row<T> row) throws SQLException {
    List<T> all = rows(sql, row);
    if (all.isEmpty()) {
      throw new SQLException("no row from: " + sql);
    }
    return all.get(0);
  }

  /**
   * Keeps the JDBC drivers from logging: at debug levels they may print connection properties,
   * which hold the password.
   */
  static synchronized void silenceDrivers() {
    if (QUIET.isEmpty()) {
      // MariaDB Connector/J logs through its own console fallback (or SLF4J) unless told not to.
      System.setProperty("mariadb.logging.disable", "true");
      org.mariadb.jdbc.util.log.Loggers.init();
      for (String name : List.of("org.mariadb.jdbc", "org.postgresql")) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.OFF);
        QUIET.add(logger);
      }
      java.sql.DriverManager.setLogWriter(null);
    }
  }

  /**
   * The connection properties both probes start from: the user and, when there is one, the
   * password (which only ever travels in these properties), with the drivers silenced first.
   */
  static java.util.Properties credentials(AuditRequest request, String password) {
    silenceDrivers();
    java.util.Properties p = new java.util.Properties();
    p.setProperty("user", request.user());
    if (password != null) {
      p.setProperty("password", password);
    }
    return p;
  }
}
