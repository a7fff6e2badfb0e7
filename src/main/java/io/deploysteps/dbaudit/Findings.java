package io.deploysteps.dbaudit;

import io.deploysteps.dbaudit.AuditFinding.Severity;
import io.deploysteps.dbaudit.DatabaseUrl.Engine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The rules: from what was read and what the pools need to findings with numbers and fixes. */
public final class Findings {
  /** MySQLTuner's line for aborted connection attempts. */
  static final double MAX_ABORTED_SHARE = 0.03;

  private Findings() {}

  public static List<AuditFinding> evaluate(AuditRequest request, ServerSnapshot s, ConnectionBudget b) {
    List<AuditFinding> out = new ArrayList<>();
    out.add(budget(request, b));
    userLimits(request, s, b, out);
    databaseLimit(request, s, b, out);
    out.add(utilization(request, s));
    if (s.peakConnections() >= 0) {
      out.add(peak(request, s));
    }
    out.add(sleeping(request, s));
    timeouts(request, s, b, out);
    out.add(visibility(s));
    if (s.engine() == Engine.MYSQL) {
      aborted(s, out);
    }
    return List.copyOf(out);
  }

  /** The server refused the audit's own connection: every slot is taken. */
  public static AuditFinding saturated(String address, String user, String serverMessage) {
    return new AuditFinding(Severity.FAILURE, "saturated", "the server at " + address + " refused " + user
        + " a connection: " + serverMessage + "; it is at max_connections now",
        "find the pool or leak holding the connections (as an admin: SHOW PROCESSLIST / pg_stat_activity),"
            + " stop it, then lower pools or raise max_connections", nums());
  }

  static AuditFinding budget(AuditRequest r, ConnectionBudget b) {
    Map<String, Object> n = nums("demand", b.demand(), "deployingExtra", b.deployingExtra(),
        "maxConnections", b.maxConnections(), "reserved", b.reserved(), "headroom", b.headroom(),
        "available", b.available(), "spare", b.spare());
    String pools = describePools(r, b);
    if (b.fits()) {
      return AuditFinding.ok("budget", String.format(Locale.ROOT, "pools need %d of %d usable connections"
          + " (%s; max_connections %d - reserved %d - headroom %d), %d spare", b.demand(), b.available(), pools,
          b.maxConnections(), b.reserved(), b.headroom(), b.spare()), n);
    }
    String how = b.exceedsServer() ? "more than the server allows ordinary users" : "eating the headroom";
    return new AuditFinding(Severity.FAILURE, "budget", String.format(Locale.ROOT,
        "pools can open %d connections but only %d fit (%s; max_connections %d - reserved %d - headroom %d):"
            + " %d over, %s", b.demand(), b.available(), pools, b.maxConnections(), b.reserved(), b.headroom(),
        -b.spare(), how),
        String.format(Locale.ROOT, "lower pool sizes or instances by %d connections in all, or raise"
            + " max_connections to at least %d", -b.spare(), b.maxConnectionsNeeded(r.headroom())), n);
  }

  private static String describePools(AuditRequest r, ConnectionBudget b) {
    List<String> parts = new ArrayList<>();
    for (AppPool app : r.apps().values()) {
      String p = app.name() + " " + app.pool() + "x" + app.instances();
      parts.add(app.name().equals(r.deploying()) ? p + " twice (deploying)" : p);
    }
    return String.join(", ", parts);
  }

  private static void userLimits(AuditRequest r, ServerSnapshot s, ConnectionBudget b, List<AuditFinding> out) {
    for (AppPool app : r.apps().values()) {
      int limit = s.userLimits().getOrDefault(app.name(), s.maxUserConnections());
      if (limit > 0 && b.demand(app.name()) > limit) {
        out.add(new AuditFinding(Severity.FAILURE, "user-limit", String.format(Locale.ROOT,
            "app %s can open %d connections but user %s may hold only %d", app.name(), b.demand(app.name()),
            app.name(), limit), s.engine() == Engine.POSTGRESQL
                ? "ALTER ROLE " + app.name() + " CONNECTION LIMIT " + b.demand(app.name()) + ", or lower its pool"
                : "raise MAX_USER_CONNECTIONS for " + app.name() + " to " + b.demand(app.name())
                    + ", or lower its pool",
            nums("app", app.name(), "demand", b.demand(app.name()), "limit", limit)));
      }
    }
  }

  private static void databaseLimit(AuditRequest r, ServerSnapshot s, ConnectionBudget b, List<AuditFinding> out) {
    Integer limit = s.databaseLimits().get(r.url().database());
    if (limit != null && b.demand() > limit) {
      out.add(new AuditFinding(Severity.WARNING, "database-limit", String.format(Locale.ROOT,
          "database %s takes at most %d connections; the pools can open %d if they all use it",
          r.url().database(), limit, b.demand()),
          "ALTER DATABASE " + r.url().database() + " CONNECTION LIMIT " + b.demand(),
          nums("database", r.url().database(), "limit", limit, "demand", b.demand())));
    }
  }

  static AuditFinding utilization(AuditRequest r, ServerSnapshot s) {
    int usable = s.maxConnections() - s.reserved();
    double share = share(s.currentConnections(), s.maxConnections());
    Map<String, Object> n = nums("current", s.currentConnections(), "maxConnections", s.maxConnections(),
        "utilization", round(share), "threshold", r.maxUtilization());
    String msg = String.format(Locale.ROOT, "%d of %d connections in use now (%s)", s.currentConnections(),
        s.maxConnections(), percent(share));
    if (s.currentConnections() >= usable) {
      return new AuditFinding(Severity.FAILURE, "saturated", msg + ": no slot left for ordinary users",
          "find the pool or leak holding the connections and stop it before deploying", n);
    }
    if (share > r.maxUtilization()) {
      return new AuditFinding(Severity.WARNING, "utilization", msg + ", above " + percent(r.maxUtilization()),
          "close idle sessions or lower pools before deploying; raise max_connections if this is normal load", n);
    }
    return AuditFinding.ok("utilization", msg, n);
  }

  static AuditFinding peak(AuditRequest r, ServerSnapshot s) {
    double share = share(s.peakConnections(), s.maxConnections());
    long refused = s.counter("Connection_errors_max_connections");
    Map<String, Object> n = nums("peak", s.peakConnections(), "maxConnections", s.maxConnections(),
        "utilization", round(share), "refusedForMaxConnections", Math.max(0, refused));
    String msg = String.format(Locale.ROOT, "peak %d of %d connections since start or FLUSH STATUS (%s)",
        s.peakConnections(), s.maxConnections(), percent(share));
    if (share > r.maxUtilization()) {
      return new AuditFinding(Severity.WARNING, "peak-utilization", msg + ", above " + percent(r.maxUtilization()),
          "the pools have come close to the limit: lower them or raise max_connections", n);
    }
    return AuditFinding.ok("peak-utilization", msg, n);
  }

  static AuditFinding sleeping(AuditRequest r, ServerSnapshot s) {
    long after = r.sleepingAfter().toSeconds();
    int visible = 0;
    int sleeping = 0;
    int idleInTx = 0;
    for (Session x : s.sessions()) {
      if (x.self() || "hidden".equals(x.state())) {
        continue;
      }
      visible++;
      if (x.sleepingLongerThan(after)) {
        sleeping++;
      } else if (x.state().startsWith("idle in transaction") && x.idleSeconds() > after) {
        idleInTx++;
      }
    }
    double share = share(sleeping, visible);
    Map<String, Object> n = nums("sleeping", sleeping, "idleInTransaction", idleInTx, "sessions", visible,
        "share", round(share), "threshold", r.maxSleepingShare(), "sleepingAfterSeconds", after);
    String msg = String.format(Locale.ROOT, "%d of %d sessions idle for more than %d s (%s)", sleeping, visible,
        after, percent(share));
    if (idleInTx > 0) {
      return new AuditFinding(Severity.WARNING, "sleeping", msg + "; " + idleInTx
          + " idle in an open transaction", "set idle_in_transaction_session_timeout and fix the code path"
          + " that leaves transactions open", n);
    }
    if (sleeping > 0 && share > r.maxSleepingShare()) {
      return new AuditFinding(Severity.WARNING, "sleeping", msg + ", above " + percent(r.maxSleepingShare()),
          "shrink the pools' idle size (minimumIdle/idleTimeout) and lower "
              + (s.engine() == Engine.MYSQL ? "wait_timeout" : "idle_session_timeout")
              + " so leaked sessions are closed", n);
    }
    return AuditFinding.ok("sleeping", msg, n);
  }

  /**
   * A long wait_timeout (28800 s is every stock MySQL/MariaDB's) lets a leaked session hold its slot
   * for hours. It is a WARNING only when that can bite: sessions already sleep longer than the
   * limit, or the budget's spare is smaller than its headroom (a few leaks would eat the margin);
   * otherwise a NOTICE with the same fix, so a first audit of a healthy server is not UNSTABLE.
   */
  private static void timeouts(AuditRequest r, ServerSnapshot s, ConnectionBudget b, List<AuditFinding> out) {
    long max = r.maxWaitTimeout().toSeconds();
    long oldSleepers = s.sessions().stream().filter(x -> !x.self() && x.sleepingLongerThan(max)).count();
    boolean tight = b.spare() < b.headroom();
    for (Map.Entry<String, Long> t : s.timeouts().entrySet()) {
      String name = t.getKey();
      long v = t.getValue();
      // Pools never leave a session interactive; idle_session_timeout is off by default and is
      // risky behind poolers, so only a set value longer than needed is worth a finding.
      boolean judged = name.equals("wait_timeout") || (name.equals("idle_session_timeout") && v > 0);
      Map<String, Object> n = nums("name", name, "seconds", v, "maxSeconds", max, "sleepersOverMax", oldSleepers,
          "spare", b.spare(), "headroom", b.headroom());
      if (judged && (v == 0 || v > max)) {
        String why;
        if (oldSleepers > 0) {
          why = String.format(Locale.ROOT, "; %d session(s) already sleep longer than %d s", oldSleepers, max);
        } else if (tight) {
          why = String.format(Locale.ROOT, "; the budget's spare (%d) is below its headroom (%d)", b.spare(), b.headroom());
        } else {
          why = "; no session sleeps that long now and the budget has room, so this cannot bite yet";
        }
        out.add(new AuditFinding(oldSleepers > 0 || tight ? Severity.WARNING : Severity.NOTICE, "timeout",
            String.format(Locale.ROOT, "%s is %d s: a leaked session can sleep that long holding a slot (more than %d s)",
                name, v, max) + why,
            s.engine() == Engine.MYSQL
                ? "SET GLOBAL " + name + " = " + max + " (RDS/Aurora: the DB parameter group), just above the"
                    + " pools' maxLifetime"
                : "ALTER SYSTEM SET " + name + " = '" + max + "s' (RDS: the parameter group)", n));
      } else {
        out.add(AuditFinding.ok("timeout", name + " is " + (v == 0 ? "off" : v + " s"), n));
      }
    }
  }

  static AuditFinding visibility(ServerSnapshot s) {
    if (s.canSeeAllSessions()) {
      return AuditFinding.ok("visibility", s.auditUser() + " sees every session", nums());
    }
    return new AuditFinding(Severity.WARNING, "visibility", s.auditUser() + " cannot see other users' sessions"
        + (s.engine() == Engine.MYSQL ? " (no PROCESS privilege)" : " (not in pg_read_all_stats/pg_monitor)")
        + ": per-user counts and sleeping sessions are incomplete", s.visibilityFix(),
        nums("visibleSessions", s.sessions().size(), "current", s.currentConnections()));
  }

  private static void aborted(ServerSnapshot s, List<AuditFinding> out) {
    long aborted = s.counter("Aborted_connects");
    long attempts = s.counter("Connections");
    if (aborted >= 0 && attempts > 0) {
      double share = share(aborted, attempts);
      Map<String, Object> n = nums("abortedConnects", aborted, "connections", attempts, "share", round(share));
      String msg = String.format(Locale.ROOT, "%d of %d connection attempts aborted (%s)", aborted, attempts,
          percent(share));
      out.add(share > MAX_ABORTED_SHARE
          ? new AuditFinding(Severity.WARNING, "aborted-connects", msg + ", above 3%",
              "check the server's error log for failed logins or clients cut off during the handshake", n)
          : AuditFinding.ok("aborted-connects", msg, n));
    }
    long refused = s.counter("Connection_errors_max_connections");
    if (refused > 0) {
      out.add(new AuditFinding(Severity.WARNING, "refused-connections", refused
          + " connections were refused for max_connections since the server started",
          "the limit has been hit before: lower the pools or raise max_connections",
          nums("refusedForMaxConnections", refused)));
    }
  }

  static Map<String, Object> nums(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static double share(long part, long whole) {
    return whole <= 0 ? 0 : (double) part / whole;
  }

  private static double round(double d) {
    return Math.round(d * 10_000d) / 10_000d;
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f%%", share * 100);
  }
}
