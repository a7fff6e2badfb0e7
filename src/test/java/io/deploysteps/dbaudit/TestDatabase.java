package io.deploysteps.dbaudit;

import io.deploysteps.dbaudit.DatabaseUrl.Engine;
import io.deploysteps.testing.LocalStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * One of the stack's servers for the audit ITs: an admin connection, throwaway users (prefix
 * {@code it_dba_}) and idle sessions held open as them. {@link #close} ends the sessions and drops the users.
 */
final class TestDatabase implements AutoCloseable {
  final Engine engine;
  final String url;
  final String adminUser;
  final String adminPassword;
  final String auditUser;
  final String auditPassword;
  private final String password = "it-" + UUID.randomUUID();
  private final Connection admin;
  private final Set<String> users = new LinkedHashSet<>();
  private final List<Connection> sessions = new ArrayList<>();

  private TestDatabase(Engine engine, String prefix) throws SQLException {
    this.engine = engine;
    this.url = LocalStack.get(prefix + "_URL");
    this.adminUser = LocalStack.get(prefix + "_ADMIN_USER");
    this.adminPassword = LocalStack.get(prefix + "_ADMIN_PASSWORD");
    this.auditUser = LocalStack.get(prefix + "_AUDIT_USER");
    this.auditPassword = LocalStack.get(prefix + "_AUDIT_PASSWORD");
    this.admin = connect(adminUser, adminPassword);
  }

  static TestDatabase mariadb() throws SQLException {
    return new TestDatabase(Engine.MYSQL, "DEPLOY_STEPS_MARIADB");
  }

  static TestDatabase postgres() throws SQLException {
    return new TestDatabase(Engine.POSTGRESQL, "DEPLOY_STEPS_POSTGRES");
  }

  /** The throwaway users' password (all share one, random per run). */
  String userPassword() {
    return password;
  }

  Connection connect(String user, String pw) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", pw);
    return DriverManager.getConnection(url, p);
  }

  /** Creates a login user with no privileges beyond connecting. */
  void createUser(String name) throws SQLException {
    users.add(name);
    if (engine == Engine.MYSQL) {
      exec("DROP USER IF EXISTS '" + name + "'@'127.0.0.1'");
      exec("CREATE USER '" + name + "'@'127.0.0.1' IDENTIFIED BY '" + password + "'");
    } else {
      exec("DROP ROLE IF EXISTS " + name);
      exec("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
    }
  }

  /** Opens {@code n} sessions as {@code user} and leaves them idle. */
  void openIdle(String user, int n) throws SQLException {
    for (int i = 0; i < n; i++) {
      sessions.add(connect(user, password));
    }
  }

  /** Opens sessions as {@code user} until the server refuses one; returns how many it took. */
  int fill(String user) throws SQLException {
    int opened = 0;
    while (true) {
      try {
        sessions.add(connect(user, password));
        opened++;
      } catch (SQLException e) {
        return opened;
      }
    }
  }

  void closeSessions() {
    for (Connection c : sessions) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // the server may already have dropped it
      }
    }
    sessions.clear();
  }

  void exec(String sql) throws SQLException {
    try (Statement st = admin.createStatement()) {
      st.execute(sql);
    }
  }

  long number(String sql) throws SQLException {
    try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(rs.getMetaData().getColumnCount());
    }
  }

  /** MySQL: a GLOBAL STATUS counter as the admin reads it. */
  long status(String name) throws SQLException {
    return number("SHOW GLOBAL STATUS LIKE '" + name + "'");
  }

  /** Sessions of {@code user} as the admin sees them. */
  long sessionsOf(String user) throws SQLException {
    return engine == Engine.MYSQL
        ? number("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '" + user + "'")
        : number("SELECT COUNT(*) FROM pg_stat_activity WHERE usename = '" + user + "'");
  }

  /** The request Map for an audit of this server as {@code user}. */
  Map<String, Object> params(String user, String apps, Object... more) {
    Map<String, Object> m = new java.util.HashMap<>();
    m.put("url", url);
    m.put("user", user);
    m.put("apps", apps);
    m.put("connectTimeout", "3s");
    m.put("queryTimeout", "5s");
    for (int i = 0; i + 1 < more.length; i += 2) {
      m.put((String) more[i], more[i + 1]);
    }
    return m;
  }

  @Override
  public void close() throws SQLException {
    closeSessions();
    try {
      for (String u : users) {
        exec(engine == Engine.MYSQL ? "DROP USER IF EXISTS '" + u + "'@'127.0.0.1'" : "DROP ROLE IF EXISTS " + u);
      }
    } finally {
      admin.close();
    }
  }
}
