package io.deploysteps.dbaudit;

import io.deploysteps.dbaudit.AuditFinding.Severity;
import io.deploysteps.dbaudit.AuditRequest.FailOn;
import io.deploysteps.engine.ExitCodes;
import io.deploysteps.engine.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit's outcome: what was read (null when the server refused the audit's connection), the
 * budget, the findings, where the reports are, and the exit code {@code failOn} gives.
 */
public final class AuditResult implements StepResult {
  private final AuditRequest request;
  private final ServerSnapshot snapshot;
  private final ConnectionBudget budget;
  private final List<AuditFinding> findings;
  private final long durationMs;
  private final Map<String, String> reports;

  AuditResult(AuditRequest request, ServerSnapshot snapshot, ConnectionBudget budget, List<AuditFinding> findings,
      long durationMs, Map<String, String> reports) {
    this.request = request;
    this.snapshot = snapshot;
    this.budget = budget;
    this.findings = List.copyOf(findings);
    this.durationMs = durationMs;
    this.reports = Map.copyOf(reports);
  }

  AuditResult withReports(Map<String, String> files) {
    return new AuditResult(request, snapshot, budget, findings, durationMs, files);
  }

  public List<AuditFinding> findings() {
    return findings;
  }

  /** What was read; null when the server was saturated and refused the audit. */
  public ServerSnapshot snapshot() {
    return snapshot;
  }

  /** The budget; null when the server refused the audit (max_connections unknown). */
  public ConnectionBudget budget() {
    return budget;
  }

  public AuditRequest request() {
    return request;
  }

  public long durationMs() {
    return durationMs;
  }

  public Map<String, String> reports() {
    return reports;
  }

  public Severity worst() {
    return findings.stream().map(AuditFinding::severity).max(Enum::compareTo).orElse(Severity.OK);
  }

  public boolean saturated() {
    return findings.stream().anyMatch(f -> f.code().equals("saturated") && f.severity() == Severity.FAILURE);
  }

  @Override
  public int exitCode() {
    Severity worst = worst();
    if (worst.compareTo(Severity.NOTICE) <= 0) {
      return ExitCodes.OK;
    }
    boolean fail = request.failOn() == FailOn.WARNING
        || (request.failOn() == FailOn.BUDGET && worst == Severity.FAILURE);
    return fail ? ExitCodes.FAILED : ExitCodes.UNSTABLE;
  }

  /** ok, warning or failed, as the exit code says. */
  public String status() {
    int code = exitCode();
    return code == ExitCodes.OK ? "ok" : code == ExitCodes.UNSTABLE ? "warning" : "failed";
  }

  @Override
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status());
    m.put("exitCode", exitCode());
    m.put("engine", request.url().engine().label());
    m.put("server", request.url().address());
    m.put("database", request.url().database());
    m.put("user", request.user());
    m.put("saturated", saturated());
    m.put("auditConnections", 1);
    m.put("durationMs", durationMs);
    if (snapshot != null) {
      m.put("serverVersion", snapshot.version());
      m.put("maxConnections", snapshot.maxConnections());
      m.put("reserved", snapshot.reserved());
      m.put("superSlots", snapshot.superSlots());
      m.put("currentConnections", snapshot.currentConnections());
      m.put("peakConnections", snapshot.peakConnections());
      m.put("canSeeAllSessions", snapshot.canSeeAllSessions());
    }
    m.put("budget", budgetMap());
    if (snapshot != null) {
      m.put("connectionsByUser", SessionGroups.byUser(snapshot.sessions()));
      m.put("sessions", SessionGroups.of(snapshot.sessions(), request.sleepingAfter().toSeconds()));
      m.put("timeouts", snapshot.timeouts());
      Map<String, Object> limits = new LinkedHashMap<>();
      limits.put("maxUserConnections", snapshot.maxUserConnections());
      limits.put("users", snapshot.userLimits());
      limits.put("databases", snapshot.databaseLimits());
      m.put("limits", limits);
      m.put("counters", snapshot.counters());
    }
    List<Map<String, Object>> f = new ArrayList<>();
    findings.forEach(x -> f.add(x.toMap()));
    m.put("findings", f);
    m.put("reports", new LinkedHashMap<>(reports));
    return m;
  }

  private Map<String, Object> budgetMap() {
    Map<String, Object> b = new LinkedHashMap<>();
    List<Map<String, Object>> apps = new ArrayList<>();
    int demand = 0;
    for (AppPool app : request.apps().values()) {
      boolean deploying = app.name().equals(request.deploying());
      int n = app.connections() * (deploying ? 2 : 1);
      demand += n;
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("name", app.name());
      a.put("pool", app.pool());
      a.put("instances", app.instances());
      a.put("deploying", deploying);
      a.put("connections", n);
      apps.add(a);
    }
    b.put("apps", apps);
    b.put("demand", demand);
    b.put("headroomShare", request.headroom());
    if (budget != null) {
      b.put("deployingExtra", budget.deployingExtra());
      b.put("headroom", budget.headroom());
      b.put("available", budget.available());
      b.put("spare", budget.spare());
      b.put("fits", budget.fits());
    }
    return b;
  }

  @Override
  public List<String> summary() {
    List<String> out = new ArrayList<>();
    out.add(String.format(java.util.Locale.ROOT, "dbConnectionAudit %s: %s at %s as %s, %d finding(s) above OK",
        status().toUpperCase(java.util.Locale.ROOT), request.url().engine().label(), request.url().address(),
        request.user(), findings.stream().filter(f -> f.severity() != Severity.OK).count()));
    findings.forEach(f -> out.add("  " + f.line()));
    reports.values().forEach(path -> out.add("  report: " + path));
    return out;
  }
}
