package io.deploysteps.dbaudit;

import io.deploysteps.engine.InvalidParameterException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One app's connection pool: {@code pool} connections in each of {@code instances} processes. */
public final class AppPool {
  private static final Pattern SPEC = Pattern.compile("\\s*(-?\\d+)\\s*(?:[xX*]\\s*(-?\\d+)\\s*)?");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

  private final String name;
  private final int pool;
  private final int instances;

  private AppPool(String name, int pool, int instances) {
    this.name = name;
    this.pool = pool;
    this.instances = instances;
  }

  public static AppPool of(String name, int pool, int instances) {
    return parse("apps", name, pool + "x" + instances);
  }

  /**
   * Parses {@code 10x2} (pool 10, 2 instances) or {@code 5} (one instance). Errors name
   * {@code parameter} and the app.
   */
  public static AppPool parse(String parameter, String name, Object spec) {
    String where = parameter + "." + name;
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidParameterException(parameter,
          "app name '" + name + "' must be 1-64 letters, digits, _ . @ or -");
    }
    if (spec == null || spec.toString().isBlank()) {
      throw new InvalidParameterException(where, "needs a pool size, e.g. 10 or 10x2 (pool x instances)");
    }
    Matcher m = SPEC.matcher(spec.toString());
    if (!m.matches()) {
      throw new InvalidParameterException(where,
          "'" + spec + "' is not a pool size; use a positive whole number, or POOLxINSTANCES like 10x2");
    }
    int pool = positive(where, "pool size", m.group(1));
    int instances = m.group(2) == null ? 1 : positive(where, "instances", m.group(2));
    return new AppPool(name, pool, instances);
  }

  private static int positive(String where, String what, String digits) {
    long v;
    try {
      v = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new InvalidParameterException(where, what + " '" + digits + "' is too large");
    }
    if (v <= 0 || v > 100_000) {
      throw new InvalidParameterException(where, what + " must be a positive whole number up to 100000, got " + digits);
    }
    return (int) v;
  }

  public String name() {
    return name;
  }

  public int pool() {
    return pool;
  }

  public int instances() {
    return instances;
  }

  /** Connections the app can open in steady state. */
  public int connections() {
    return pool * instances;
  }

  @Override
  public String toString() {
    return name + "=" + pool + "x" + instances;
  }
}
