package io.deploysteps.dbaudit;

import io.deploysteps.aws.AssumeRole;
import io.deploysteps.aws.AwsCredentialsSpec;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.ParameterCheck;
import io.deploysteps.engine.Params;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** What to audit and against which pools; validated on creation, before any connection is opened. */
public final class AuditRequest {
  /** The Map's keys (from {@link AuditParameters#CATALOGUE}). */
  public static final List<String> KEYS = AuditParameters.CATALOGUE.keys();
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern USER = Pattern.compile("[^\\s'\"\\\\]{1,128}");

  /** What makes the step fail (exit 1): budget-class failures, any warning, or nothing. */
  public enum FailOn { BUDGET, WARNING, NEVER }

  private final DatabaseUrl url;
  private final String user;
  private final String passwordEnv;
  private final Map<String, AppPool> apps;
  private final String deploying;
  private final double headroom;
  private final double maxUtilization;
  private final Duration sleepingAfter;
  private final double maxSleepingShare;
  private final Duration maxWaitTimeout;
  private final FailOn failOn;
  private final String reportDir;
  private final Duration connectTimeout;
  private final Duration queryTimeout;
  private final List<EcsPool> ecs;
  private final String region;
  private final AwsCredentialsSpec credentials;

  private AuditRequest(Params p) {
    url = DatabaseUrl.parse("url", p.string("url"));
    user = p.string("user");
    if (!USER.matcher(user).matches()) {
      throw new InvalidParameterException("user", "'" + user + "' is not a database user name");
    }
    passwordEnv = p.string("passwordEnv", "DB_PASSWORD");
    if (!ENV_NAME.matcher(passwordEnv).matches()) {
      throw new InvalidParameterException("passwordEnv", "'" + passwordEnv + "' is not an environment variable name");
    }
    ecs = List.copyOf(EcsPool.parse(p));
    apps = ecs.isEmpty() || p.has("apps") ? appPools(p) : Map.of();
    for (EcsPool e : ecs) {
      if (apps.containsKey(e.name())) {
        throw new InvalidParameterException("ecs", "app '" + e.name() + "' is in apps too; give each app once");
      }
    }
    deploying = p.has("deploying") ? p.string("deploying") : null;
    if (deploying != null && !apps.containsKey(deploying) && ecs.stream().noneMatch(e -> e.name().equals(deploying))) {
      throw new InvalidParameterException("deploying", "'" + deploying + "' is not one of the apps " + appNames());
    }
    region = p.has("region") ? SdkAwsClients.checkRegion("region", p.string("region")) : null;
    credentials = AwsCredentialsSpec.parse("credentials", p.string("credentials", null)).assuming(AssumeRole.from(p));
    headroom = fraction(p, "headroom", 0.10, 0, 0.9);
    maxUtilization = fraction(p, "maxUtilization", 0.85, 0.01, 1);
    maxSleepingShare = fraction(p, "maxSleepingShare", 0.5, 0, 1);
    sleepingAfter = duration(p, "sleepingAfter", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofDays(365));
    maxWaitTimeout = duration(p, "maxWaitTimeout", Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofDays(365));
    connectTimeout = duration(p, "connectTimeout", Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(2));
    queryTimeout = duration(p, "queryTimeout", Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(2));
    String f = p.string("failOn", "budget").toUpperCase(Locale.ROOT);
    try {
      failOn = FailOn.valueOf(f);
    } catch (IllegalArgumentException e) {
      throw new InvalidParameterException("failOn",
          "'" + p.string("failOn") + "' is not one of budget, warning, never");
    }
    reportDir = p.string("reportDir", "db-connection-audit");
  }

  /** This request with the ecs entries' pools (as {@link EcsTaskCounts} read them) among the apps. */
  private AuditRequest(AuditRequest r, Map<String, AppPool> ecsPools) {
    url = r.url;
    user = r.user;
    passwordEnv = r.passwordEnv;
    Map<String, AppPool> all = new LinkedHashMap<>(r.apps);
    all.putAll(ecsPools);
    apps = Collections.unmodifiableMap(all);
    // An ecs app is counted at its deploy's peak already: counting it twice again would be wrong.
    deploying = r.deploying != null && r.apps.containsKey(r.deploying) ? r.deploying : null;
    headroom = r.headroom;
    maxUtilization = r.maxUtilization;
    sleepingAfter = r.sleepingAfter;
    maxSleepingShare = r.maxSleepingShare;
    maxWaitTimeout = r.maxWaitTimeout;
    failOn = r.failOn;
    reportDir = r.reportDir;
    connectTimeout = r.connectTimeout;
    queryTimeout = r.queryTimeout;
    ecs = List.of();
    region = r.region;
    credentials = r.credentials;
  }

  AuditRequest withEcsPools(Map<String, AppPool> ecsPools) {
    return new AuditRequest(this, ecsPools);
  }

  private List<String> appNames() {
    List<String> names = new java.util.ArrayList<>(apps.keySet());
    ecs.forEach(e -> names.add(e.name()));
    return names;
  }

  /** Validates the step's Map; a {@code password} key is refused: secrets never travel in parameters. */
  /** Checks one parameter as a form field (the plugin's doCheck methods), with this request's messages. */
  public static ParameterCheck check() {
    return new ParameterCheck(AuditRequest::fromMap, Map.of("url", "jdbc:mariadb://127.0.0.1:3306/", "user", "audit", "apps", "api=10"));
  }

  public static AuditRequest fromMap(Map<String, ?> map) {
    if (map != null && map.containsKey("password")) {
      throw new InvalidParameterException("password", "is never accepted as a parameter (it would sit in a file or"
          + " argv); put it in an environment variable named by passwordEnv (default DB_PASSWORD), or use"
          + " --password-stdin in the CLI");
    }
    return new AuditRequest(AuditParameters.CATALOGUE.read(map));
  }

  private static Map<String, AppPool> appPools(Params p) {
    if (!p.has("apps")) {
      throw new InvalidParameterException("apps", "is required: the pools that share this database, e.g."
          + " [api: '10x2', batch: 5] or 'api=10x2,batch=5'");
    }
    Object raw = p.raw("apps");
    Map<String, Object> specs = new LinkedHashMap<>();
    if (raw instanceof Map) {
      ((Map<?, ?>) raw).forEach((k, v) -> specs.put(String.valueOf(k).strip(), v));
    } else {
      for (String pair : p.strings("apps", List.of())) {
        int eq = pair.indexOf('=') >= 0 ? pair.indexOf('=') : pair.indexOf(':');
        if (eq <= 0) {
          throw new InvalidParameterException("apps", "expected NAME=POOL or NAME=POOLxINSTANCES, got '" + pair + "'");
        }
        String name = pair.substring(0, eq).strip();
        if (specs.containsKey(name)) {
          throw new InvalidParameterException("apps", "app '" + name + "' is given twice");
        }
        specs.put(name, pair.substring(eq + 1).strip());
      }
    }
    if (specs.isEmpty()) {
      throw new InvalidParameterException("apps", "names no app");
    }
    Map<String, AppPool> out = new LinkedHashMap<>();
    specs.forEach((name, spec) -> out.put(name, AppPool.parse("apps", name, spec)));
    return Collections.unmodifiableMap(out);
  }

  /** A fraction {@code 0.1}, or a percentage string {@code '10%'}. */
  private static double fraction(Params p, String name, double fallback, double min, double max) {
    if (!p.has(name)) {
      return fallback;
    }
    String s = p.raw(name).toString().strip();
    double v;
    if (s.endsWith("%")) {
      try {
        v = Double.parseDouble(s.substring(0, s.length() - 1).strip()) / 100d;
      } catch (NumberFormatException e) {
        throw new InvalidParameterException(name, "'" + s + "' is not a percentage");
      }
    } else {
      v = p.decimal(name, fallback);
    }
    if (!(v >= min && v <= max)) {
      throw new InvalidParameterException(name, String.format(Locale.ROOT,
          "must be a fraction between %s and %s (or a percentage like '%s%%'), got '%s'",
          trim(min), trim(max), trim(fallback * 100), s));
    }
    return v;
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static Duration duration(Params p, String name, Duration fallback, Duration min, Duration max) {
    Duration d = p.duration(name, fallback);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new InvalidParameterException(name, "must be between " + min.toSeconds() + " s and "
          + max.toSeconds() + " s, got " + d.toMillis() + " ms");
    }
    return d;
  }

  public DatabaseUrl url() {
    return url;
  }

  public String user() {
    return user;
  }

  public String passwordEnv() {
    return passwordEnv;
  }

  /** The ecs entries still to be read from ECS (none once {@link #withEcsPools} made them apps). */
  public List<EcsPool> ecs() {
    return ecs;
  }

  /** The region of the ecs entries' clusters, or null (then AWS_REGION). */
  public String region() {
    return region;
  }

  public AwsCredentialsSpec credentials() {
    return credentials;
  }

  public Map<String, AppPool> apps() {
    return apps;
  }

  /** The app about to be blue-green deployed, or null. */
  public String deploying() {
    return deploying;
  }

  public double headroom() {
    return headroom;
  }

  public double maxUtilization() {
    return maxUtilization;
  }

  public Duration sleepingAfter() {
    return sleepingAfter;
  }

  public double maxSleepingShare() {
    return maxSleepingShare;
  }

  public Duration maxWaitTimeout() {
    return maxWaitTimeout;
  }

  public FailOn failOn() {
    return failOn;
  }

  public String reportDir() {
    return reportDir;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration queryTimeout() {
    return queryTimeout;
  }
}
