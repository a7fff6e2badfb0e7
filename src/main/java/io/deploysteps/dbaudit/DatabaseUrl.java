package io.deploysteps.dbaudit;

import io.deploysteps.engine.InvalidParameterException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JDBC URL of a supported engine: which engine, which host, and the URL the driver gets. */
public final class DatabaseUrl {
  private static final Pattern JDBC = Pattern.compile("jdbc:([a-zA-Z0-9]+):.*", Pattern.DOTALL);
  private static final Pattern SHAPE = Pattern.compile(
      "jdbc:(mysql|mariadb|postgresql)://([A-Za-z0-9._\\-]+|\\[[0-9A-Fa-f:.]+\\])(?::(\\d{1,5}))?"
          + "(/[^?#\\s]*)?(\\?[^#\\s]*)?");
  private static final Pattern SECRET_PARAM = Pattern.compile("(?i)[?&](password|pwd|sslpassword)=");

  /** The two families the audit knows. */
  public enum Engine {
    MYSQL("MySQL/MariaDB"), POSTGRESQL("PostgreSQL");

    private final String label;

    Engine(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final Engine engine;
  private final String host;
  private final int port;
  private final String database;
  private final String driverUrl;

  private DatabaseUrl(Engine engine, String host, int port, String database, String driverUrl) {
    this.engine = engine;
    this.host = host;
    this.port = port;
    this.database = database;
    this.driverUrl = driverUrl;
  }

  /** Parses {@code text}; errors name {@code parameter}. */
  public static DatabaseUrl parse(String parameter, String text) {
    String t = text == null ? "" : text.strip();
    Matcher scheme = JDBC.matcher(t);
    if (!scheme.matches()) {
      throw new InvalidParameterException(parameter, "'" + t + "' is not a JDBC URL; expected e.g."
          + " jdbc:mariadb://db.example:3306/ or jdbc:postgresql://db.example:5432/app");
    }
    String kind = scheme.group(1).toLowerCase(Locale.ROOT);
    if (!kind.equals("mysql") && !kind.equals("mariadb") && !kind.equals("postgresql")) {
      throw new InvalidParameterException(parameter, "engine '" + kind + "' is not supported; use jdbc:mysql:,"
          + " jdbc:mariadb: (MySQL, MariaDB, RDS, Aurora MySQL) or jdbc:postgresql:");
    }
    Matcher m = SHAPE.matcher(t);
    if (!m.matches()) {
      throw new InvalidParameterException(parameter, "'" + t + "' is malformed; expected jdbc:" + kind
          + "://HOST[:PORT]/[DATABASE][?OPTIONS] with a single host");
    }
    if (SECRET_PARAM.matcher(t).find()) {
      throw new InvalidParameterException(parameter, "must not carry a password; give it through the environment"
          + " variable named by passwordEnv");
    }
    Engine engine = kind.equals("postgresql") ? Engine.POSTGRESQL : Engine.MYSQL;
    int port = engine == Engine.POSTGRESQL ? 5432 : 3306;
    if (m.group(3) != null) {
      port = Integer.parseInt(m.group(3));
      if (port < 1 || port > 65535) {
        throw new InvalidParameterException(parameter, "port " + port + " is out of range");
      }
    }
    String path = m.group(4) == null ? "" : m.group(4).substring(1);
    String driverUrl = t;
    if (kind.equals("mysql")) {
      // MariaDB Connector/J takes jdbc:mysql: only when the URL itself says permitMysqlScheme.
      driverUrl = t + (m.group(5) == null ? "?" : "&") + "permitMysqlScheme";
    }
    return new DatabaseUrl(engine, m.group(2), port, path, driverUrl);
  }

  public Engine engine() {
    return engine;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** The database in the URL's path; empty when none. */
  public String database() {
    return database;
  }

  /** The URL handed to the driver. */
  public String driverUrl() {
    return driverUrl;
  }

  /** host:port, for log lines and errors. */
  public String address() {
    return host + ":" + port;
  }
}
