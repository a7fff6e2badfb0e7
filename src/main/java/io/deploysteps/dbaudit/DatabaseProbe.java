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

  static DatabaseProbe forEngine(Engine engine) {
    return engine == Engine.POSTGRESQL ? new PostgresProbe() : new MysqlProbe();
  }
}
