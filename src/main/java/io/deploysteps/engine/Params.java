package io.deploysteps.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads from the parameter Map a Jenkinsfile passes (Groovy gives Strings, GStrings,
 * Integers, Booleans, Lists and Maps). Every error names the parameter.
 *
 * <p>The rules every step shares: a value holding NUL is refused without being shown (it cannot
 * reach argv, an environment or a file intact, and may be a secret); a blank string is refused,
 * never read as "absent" (a cleared build parameter must not turn a limit into "no limit": leave
 * the key out, or pass null, for the default); numbers and durations out of range are refused
 * before anything is touched ({@link #MAX_DURATION} bounds every duration).
 */
public final class Params {
  /** The longest duration any parameter takes (ten years): beyond it, time arithmetic overflows. */
  public static final Duration MAX_DURATION = Duration.ofDays(3650);

  private final Map<String, ?> values;

  private Params(Map<String, ?> values) {
    this.values = values == null ? Map.of() : values;
  }

  public static Params of(Map<String, ?> values) {
    if (values != null) {
      values.forEach((k, v) -> refuseNul(String.valueOf(k), k, v));
    }
    return new Params(values);
  }

  /** Anywhere in the value (map keys, list elements, nested maps): the error names the top-level key. */
  private static void refuseNul(String name, Object key, Object value) {
    if (holdsNul(key) || holdsNul(value)) {
      throw new InvalidParameterException(name.replace("\0", "\\0"), "holds a NUL character (the value is not shown)");
    }
  }

  private static boolean holdsNul(Object v) {
    if (v instanceof CharSequence) {
      return v.toString().indexOf('\0') >= 0;
    }
    if (v instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (holdsNul(e.getKey()) || holdsNul(e.getValue())) {
          return true;
        }
      }
    } else if (v instanceof Collection) {
      for (Object o : (Collection<?>) v) {
        if (holdsNul(o)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Rejects keys that are not in {@code known}, so a typo is an error, not a silent default. */
  public Params requireOnly(Collection<String> known) {
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      String name = unknown.iterator().next();
      throw new InvalidParameterException(name, "unknown parameter; known ones are " + new TreeSet<>(known));
    }
    return this;
  }

  /** Whether the parameter is given; a blank string is an error, not "absent" (see the class comment). */
  public boolean has(String name) {
    Object v = values.get(name);
    if (v instanceof CharSequence && v.toString().isBlank()) {
      throw new InvalidParameterException(name, "is blank; give a value, or leave the parameter out for its default");
    }
    return v != null;
  }

  public Object raw(String name) {
    return values.get(name);
  }

  public String string(String name) {
    if (!has(name)) {
      throw new InvalidParameterException(name, "is required");
    }
    return values.get(name).toString().strip();
  }

  public String string(String name, String fallback) {
    return has(name) ? values.get(name).toString().strip() : fallback;
  }

  public int integer(String name, int fallback) {
    if (!has(name)) {
      return fallback;
    }
    Object v = values.get(name);
    java.math.BigDecimal n;
    try {
      n = v instanceof Number ? new java.math.BigDecimal(v.toString()) : new java.math.BigDecimal(v.toString().strip());
    } catch (NumberFormatException e) {
      throw new InvalidParameterException(name, "must be a whole number, got '" + v + "'");
    }
    if (n.signum() != 0 && n.stripTrailingZeros().scale() > 0) {
      throw new InvalidParameterException(name, "must be a whole number, got " + v);
    }
    if (n.compareTo(java.math.BigDecimal.valueOf(Integer.MAX_VALUE)) > 0
        || n.compareTo(java.math.BigDecimal.valueOf(Integer.MIN_VALUE)) < 0) {
      throw new InvalidParameterException(name, "is out of range (at most " + Integer.MAX_VALUE + "), got " + v);
    }
    return n.intValueExact();
  }

  public double decimal(String name, double fallback) {
    if (!has(name)) {
      return fallback;
    }
    Object v = values.get(name);
    double d;
    if (v instanceof Number) {
      d = ((Number) v).doubleValue();
    } else {
      try {
        d = Double.parseDouble(v.toString().strip());
      } catch (NumberFormatException e) {
        throw new InvalidParameterException(name, "must be a number, got '" + v + "'");
      }
    }
    if (!Double.isFinite(d)) {
      throw new InvalidParameterException(name, "must be a finite number, got '" + v + "'");
    }
    return d;
  }

  public boolean bool(String name, boolean fallback) {
    if (!has(name)) {
      return fallback;
    }
    Object v = values.get(name);
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    String s = v.toString().strip().toLowerCase(java.util.Locale.ROOT);
    if (s.equals("true") || s.equals("yes") || s.equals("1")) {
      return true;
    }
    if (s.equals("false") || s.equals("no") || s.equals("0")) {
      return false;
    }
    throw new InvalidParameterException(name, "must be true or false, got '" + v + "'");
  }

  /** A duration: a number is seconds, a string is Go-style ({@code 30s}, {@code 72h}); at most {@link #MAX_DURATION}. */
  public Duration duration(String name, Duration fallback) {
    if (!has(name)) {
      return fallback;
    }
    Object v = values.get(name);
    if (v instanceof Number) {
      double seconds = ((Number) v).doubleValue();
      if (!Double.isFinite(seconds) || seconds < 0) {
        throw new InvalidParameterException(name, "must be a number of seconds, 0 or more, got " + v);
      }
      if (seconds > MAX_DURATION.toSeconds()) {
        throw GoDuration.outOfRange(name, v.toString());
      }
      return Duration.ofMillis(Math.round(seconds * 1000));
    }
    return GoDuration.parse(name, v.toString());
  }

  /** A list; a single value or a comma-separated string counts as a list too. */
  public List<String> strings(String name, List<String> fallback) {
    if (!has(name)) {
      return fallback;
    }
    Object v = values.get(name);
    List<String> out = new ArrayList<>();
    if (v instanceof Collection) {
      for (Object o : (Collection<?>) v) {
        if (o != null && !o.toString().isBlank()) {
          out.add(o.toString().strip());
        }
      }
    } else {
      for (String part : v.toString().split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * A map of strings; also accepts {@code "K=V,K2=V2"} or a list of {@code "K=V"} (as the CLI and
   * Jenkins UI string parameters give it).
   */
  public Map<String, String> stringMap(String name) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!has(name)) {
      return out;
    }
    Object v = values.get(name);
    if (v instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        out.put(String.valueOf(e.getKey()), e.getValue() == null ? "" : e.getValue().toString());
      }
      return out;
    }
    for (String pair : strings(name, List.of())) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new InvalidParameterException(name, "expected KEY=VALUE, got '" + pair + "'");
      }
      out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1));
    }
    return out;
  }

  /** A nested map (e.g. {@code health: [path: '/health']}), empty when absent. */
  @SuppressWarnings("unchecked")
  public Params nested(String name) {
    if (!has(name)) {
      return new Params(Map.of());
    }
    Object v = values.get(name);
    if (!(v instanceof Map)) {
      throw new InvalidParameterException(name, "must be a map, got '" + v + "'");
    }
    return new Params((Map<String, ?>) v);
  }
}
