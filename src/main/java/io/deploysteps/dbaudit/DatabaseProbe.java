package io.deploysteps.dbaudit;

import io.deploysteps.dbaudit.DatabaseUrl.Engine;
import java.sql.Connection;
import java.sql.SQLException;

/** Reads one engine's connection facts through a single read-only JDBC connection. */
public interface DatabaseProbe {
  /** Opens the audit's one connection, with short connect and socket timeouts, read-only. */
  Connection open(AuditRequest request, String password) throws SQLException;

  /** Reads everything with read-only queries, each under the request's query timeout. */
  ServerSnapshot read(Connection connection, AuditRequest request) throws SQLException;

  /** True when the server refused the connection because every slot is taken. */
  boolean isSaturated(SQLException e);

  /** True when the server refused the user or password. */
  boolean isAuthentication(SQLException e);

  /**
   * The connection a driver gave back, switched to read-only; closed again if that fails. A driver
   * answers null for a URL it does not take, which is an error naming {@code driverName}.
   */
  static Connection readOnly(Connection c, String driverName, String address) throws SQLException {
    if (c == null) {
      throw new SQLException(driverName + " did not accept " + address);
    }
    try {
      c.setReadOnly(true);
      return c;
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  static DatabaseProbe forEngine(Engine engine) {
    return engine == Engine.POSTGRESQL ? new PostgresProbe() : new MysqlProbe();
  }
}
