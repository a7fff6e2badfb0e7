package io.deploysteps.dbaudit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.deploysteps.dbaudit.AuditFinding.Severity;
import io.deploysteps.engine.ExitCodes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Test;

public class FindingsTest {
  private static AuditRequest request(String apps, Object... more) {
    Map<String, Object> m = new HashMap<>();
    m.put("url", "jdbc:postgresql://127.0.0.1:5432/app");
    m.put("user", "audit");
    m.put("apps", apps);
    for (int i = 0; i + 1 < more.length; i += 2) {
      m.put((String) more[i], more[i + 1]);
    }
    return AuditRequest.fromMap(m);
  }

  private static AuditResult audit(AuditRequest r, ServerSnapshot s) {
    ConnectionBudget b = ConnectionBudget.of(r.apps().values(), r.deploying(), r.headroom(), s.maxConnections(),
        s.reserved());
    return new AuditResult(r, s, b, Findings.evaluate(r, s, b), 12, Map.of());
  }

  private static List<String> above(AuditResult result) {
    return result.findings().stream().filter(f -> f.severity() != Severity.OK)
        .map(f -> f.severity() + " " + f.code()).collect(Collectors.toList());
  }

  private static AuditFinding waitTimeout(AuditResult result) {
    return result.findings().stream().filter(f -> "wait_timeout".equals(f.numbers().get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no wait_timeout in " + result.findings()));
  }

  private static AuditFinding find(AuditResult result, String code) {
    return result.findings().stream().filter(f -> f.code().equals(code)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + code + " in " + result.findings()));
  }

  @Test
  public void aHealthyServerIsOkWithExitZero() {
    AuditResult r = audit(request("api=10x2"), Snapshots.postgres(100, 3, List.of(Snapshots.self("audit")), true,
        Map.of(), Map.of()));
    assertEquals(List.of(), above(r));
    assertEquals(ExitCodes.OK, r.exitCode());
    assertEquals("ok", r.status());
  }

  @Test
  public void overBudgetFailsWithTheNumbersAndTheFix() {
    AuditResult r = audit(request("api=40x2,batch=5", "deploying", "batch"),
        Snapshots.postgres(100, 3, List.of(Snapshots.self("audit")), true, Map.of(), Map.of()));
    AuditFinding budget = find(r, "budget");
    assertEquals(Severity.FAILURE, budget.severity());
    assertEquals(90, budget.numbers().get("demand"));
    assertEquals(87, budget.numbers().get("available"));
    assertEquals(-3, budget.numbers().get("spare"));
    assertTrue(budget.message(), budget.message().contains("batch 5x1 twice (deploying)"));
    assertTrue(budget.fix(), budget.fix().contains("by 3 connections") && budget.fix().contains("at least 104"));
    assertEquals(ExitCodes.FAILED, r.exitCode());
    assertEquals(ExitCodes.UNSTABLE, audit(request("api=40x2,batch=5", "deploying", "batch", "failOn", "never"),
        r.snapshot()).exitCode());
  }

  @Test
  public void roleAndDatabaseLimits() {
    AuditResult r = audit(request("api=10x2,batch=5"), Snapshots.postgres(100, 3, List.of(), true,
        Map.of("api", 15), Map.of("app", 20)));
    assertEquals(List.of("FAILURE user-limit", "WARNING database-limit"), above(r));
    assertTrue(find(r, "user-limit").fix(), find(r, "user-limit").fix().contains("CONNECTION LIMIT 20"));
  }

  @Test
  public void utilizationWarnsAboveTheThresholdAndSaturatesAtTheLimit() {
    List<Session> many = new ArrayList<>(Snapshots.idle("api", 88, 5));
    AuditResult warn = audit(request("api=1"), Snapshots.postgres(100, 3, many, true, Map.of(), Map.of()));
    assertEquals(List.of("WARNING utilization"), above(warn));
    assertEquals(ExitCodes.UNSTABLE, warn.exitCode());
    many.addAll(Snapshots.idle("batch", 9, 5));
    AuditResult full = audit(request("api=1"), Snapshots.postgres(100, 3, many, true, Map.of(), Map.of()));
    assertEquals(List.of("FAILURE saturated"), above(full));
    assertTrue(full.saturated());
  }

  @Test
  public void sleepingSessionsCountOnlyPastTheThresholdAndNotTheAudit() {
    List<Session> s = new ArrayList<>(Snapshots.idle("api", 6, 120));
    s.addAll(Snapshots.idle("api", 4, 10));
    s.add(Snapshots.self("audit"));
    AuditResult r = audit(request("api=10"), Snapshots.postgres(100, 3, s, true, Map.of(), Map.of()));
    AuditFinding f = find(r, "sleeping");
    assertEquals(Severity.WARNING, f.severity());
    assertEquals(6, f.numbers().get("sleeping"));
    assertEquals(10, f.numbers().get("sessions"));
    assertEquals(Severity.OK, find(audit(request("api=10", "maxSleepingShare", 0.7),
        r.snapshot()), "sleeping").severity());
  }

  @Test
  public void mysqlTimeoutsVisibilityAndAbortedConnections() {
    ServerSnapshot s = Snapshots.mysql(60, List.of(Snapshots.self("audit")), 55, 28800, false,
        Map.of("Aborted_connects", 40L, "Connections", 1000L, "Connection_errors_max_connections", 7L));
    AuditResult r = audit(request("api=10x2"), s);
    assertEquals(List.of("WARNING peak-utilization", "NOTICE timeout", "WARNING visibility",
        "WARNING aborted-connects", "WARNING refused-connections"), above(r));
    assertEquals("GRANT PROCESS ON *.* TO 'audit'@'%'", find(r, "visibility").fix());
    assertEquals(ExitCodes.UNSTABLE, r.exitCode());
    assertEquals(ExitCodes.FAILED, audit(request("api=10x2", "failOn", "warning"), s).exitCode());
    ServerSnapshot calm = Snapshots.mysql(60, List.of(Snapshots.self("audit")), 2, 60, true,
        Map.of("Aborted_connects", 2L, "Connections", 1000L));
    assertEquals(List.of(), above(audit(request("api=10x2"), calm)));
  }

  @Test
  public void aStockWaitTimeoutIsANoticeWithTheFixWhenItCannotBite() {
    ServerSnapshot stock = Snapshots.mysql(151, List.of(Snapshots.self("audit")), 2, 28800, true,
        Map.of("Aborted_connects", 0L, "Connections", 1000L));
    AuditResult r = audit(request("api=10x2"), stock);
    assertEquals(List.of("NOTICE timeout"), above(r));
    AuditFinding f = waitTimeout(r);
    assertTrue(f.message(), f.message().endsWith("cannot bite yet"));
    assertEquals("SET GLOBAL wait_timeout = 3600 (RDS/Aurora: the DB parameter group), just above the pools' maxLifetime",
        f.fix());
    assertEquals("a first audit of a stock server is not UNSTABLE", ExitCodes.OK, r.exitCode());
  }

  @Test
  public void aLongWaitTimeoutWarnsWhenSessionsAlreadySleepPastTheLimit() {
    List<Session> s = new ArrayList<>(Snapshots.idle("api", 2, 7200));
    s.add(Snapshots.self("audit"));
    AuditResult r = audit(request("api=10x2", "maxSleepingShare", 1.0), Snapshots.mysql(151, s, 3, 28800, true,
        Map.of("Aborted_connects", 0L, "Connections", 1000L)));
    assertEquals(List.of("WARNING timeout"), above(r));
    assertTrue(waitTimeout(r).message().endsWith("; 2 session(s) already sleep longer than 3600 s"));
    assertEquals(ExitCodes.UNSTABLE, r.exitCode());
  }

  @Test
  public void aLongWaitTimeoutWarnsWhenTheBudgetsSpareIsBelowItsHeadroom() {
    // 151 - 16 headroom = 135 usable; 130 needed leaves 5 spare, under the 16 of headroom.
    AuditResult r = audit(request("api=65x2"), Snapshots.mysql(151, List.of(Snapshots.self("audit")), 3, 28800, true,
        Map.of("Aborted_connects", 0L, "Connections", 1000L)));
    assertEquals(List.of("WARNING timeout"), above(r));
    assertTrue(waitTimeout(r).message(), waitTimeout(r).message().contains("spare (5) is below its headroom (16)"));
  }

  @Test
  public void aRefusedAuditIsASaturatedFailure() {
    AuditRequest r = request("api=10");
    AuditResult result = new AuditResult(r, null, null,
        List.of(Findings.saturated("127.0.0.1:5432", "audit", "sorry, too many clients already")), 3, Map.of());
    assertTrue(result.saturated());
    assertEquals(ExitCodes.FAILED, result.exitCode());
    assertEquals(true, result.toMap().get("saturated"));
    assertTrue(result.summary().get(0), result.summary().get(0).startsWith("dbConnectionAudit FAILED"));
  }
}
