package io.deploysteps.dbaudit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.dbaudit.AuditFinding.Severity;
import io.deploysteps.engine.ExitCodes;
import io.deploysteps.engine.StepFailedException;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The audit against the stack's real PostgreSQL: numbers against pg_stat_activity and pg_settings. */
public class PostgresAuditIT {
  private static final String API = "it_dba_api";
  private static final String BATCH = "it_dba_batch";

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();
  private TestDatabase db;
  private AuditHarness audit;

  @Before
  public void setUp() throws Exception {
    db = TestDatabase.postgres();
    db.createUser(API);
    db.createUser(BATCH);
    audit = new AuditHarness(tmp.getRoot().getPath());
  }

  @After
  public void tearDown() throws Exception {
    db.close();
  }

  @Test
  public void idleSessionsPerAppUserAreCountedAsTheServerCountsThem() throws Exception {
    db.openIdle(API, 5);
    db.openIdle(BATCH, 3);
    Thread.sleep(2100);
    long clientsBefore = db.number("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'");

    AuditResult r = audit.run(db.params(db.auditUser, API + "=10x2," + BATCH + "=5", "deploying", BATCH,
        "sleepingAfter", "1s", "maxSleepingShare", 1), db.auditPassword);

    ServerSnapshot s = r.snapshot();
    assertEquals(db.number("SHOW max_connections"), s.maxConnections());
    assertEquals(db.number("SHOW superuser_reserved_connections"), s.reserved());
    assertEquals("the audit's own connection counts too", clientsBefore + 1, s.currentConnections());
    assertEquals(5, AuditHarness.group(r, API, "idle").get("sessions"));
    assertEquals(5, AuditHarness.group(r, API, "idle").get("sleeping"));
    assertEquals(3, AuditHarness.group(r, BATCH, "idle").get("sessions"));
    assertEquals(1, AuditHarness.group(r, db.auditUser, "active").get("sessions"));
    assertEquals("the audit closed its connection", clientsBefore,
        db.number("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"));
    AuditFinding budget = AuditHarness.finding(r, "budget");
    assertEquals(30, budget.numbers().get("demand"));
    assertEquals(5, budget.numbers().get("deployingExtra"));
    int max = s.maxConnections();
    assertEquals(max - s.reserved() - (int) Math.ceil(max * 0.1), budget.numbers().get("available"));
    assertEquals(r.findings().toString(), ExitCodes.OK, r.exitCode());
    assertFalse(audit.log.text().contains(db.auditPassword));
  }

  @Test
  public void budgetOverTheUsableSlotsFails() throws Exception {
    int max = (int) db.number("SHOW max_connections");
    AuditResult r = audit.run(db.params(db.auditUser, API + "=" + max + "," + BATCH + "=1"), db.auditPassword);
    AuditFinding b = AuditHarness.finding(r, "budget");
    assertEquals(Severity.FAILURE, b.severity());
    assertTrue(b.message(), b.message().contains("more than the server allows ordinary users"));
    assertEquals(ExitCodes.FAILED, r.exitCode());
  }

  @Test
  public void aRoleConnectionLimitBelowThePoolFails() throws Exception {
    db.exec("ALTER ROLE " + API + " CONNECTION LIMIT 8");
    AuditResult r = audit.run(db.params(db.auditUser, API + "=5x2"), db.auditPassword);
    AuditFinding f = AuditHarness.finding(r, "user-limit");
    assertEquals(Severity.FAILURE, f.severity());
    assertEquals(8, f.numbers().get("limit"));
    assertEquals("ALTER ROLE " + API + " CONNECTION LIMIT 10, or lower its pool", f.fix());
  }

  @Test
  public void aRoleOutsidePgMonitorCannotSeeOtherSessionsAndSaysSo() throws Exception {
    db.createUser("it_dba_nomon");
    db.openIdle(API, 2);
    AuditResult r = audit.run(db.params("it_dba_nomon", API + "=10"), db.userPassword());
    AuditFinding v = AuditHarness.finding(r, "visibility");
    assertEquals(Severity.WARNING, v.severity());
    assertEquals("GRANT pg_monitor TO \"it_dba_nomon\"", v.fix());
    assertEquals("counted, but their state is hidden", 2, AuditHarness.group(r, API, "hidden").get("sessions"));
    assertEquals(ExitCodes.UNSTABLE, r.exitCode());
  }

  @Test
  public void aWrongPasswordIsAClearErrorWithoutThePassword() {
    try {
      audit.run(db.params(db.auditUser, API + "=10"), "wrong-" + db.auditPassword);
      fail("audited with a wrong password");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("refused user " + db.auditUser));
      assertFalse(e.getMessage(), e.getMessage().contains(db.auditPassword));
    }
  }

  @Test
  public void aSilentServerFailsWithinTheTimeout() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      java.util.Map<String, Object> p = db.params(db.auditUser, API + "=10", "connectTimeout", "1s",
          "queryTimeout", "1s");
      p.put("url", "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/postgres");
      long start = System.nanoTime();
      try {
        audit.run(p, db.auditPassword);
        fail("audited a server that never answers");
      } catch (StepFailedException e) {
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.getMessage(), e.getMessage().contains("no connection within"));
        assertTrue("took " + ms + " ms", ms < 7000);
      }
    }
  }

  @Test
  public void aFullServerRefusesTheAuditUserWhichReportsSaturated() throws Exception {
    long usable = db.number("SHOW max_connections") - db.number("SHOW superuser_reserved_connections");
    int opened = db.fill(API);
    assertTrue("filled " + opened + " of " + usable, opened > 0);
    AuditResult r = audit.run(db.params(db.auditUser, API + "=10"), db.auditPassword);
    assertTrue(r.findings().toString(), r.saturated());
    assertTrue(AuditHarness.finding(r, "saturated").message(),
        AuditHarness.finding(r, "saturated").message().contains("reserved"));
    assertEquals(ExitCodes.FAILED, r.exitCode());
    // A superuser still gets one of the reserved slots and sees the server full.
    AuditResult admin = audit.run(db.params(db.adminUser, API + "=10"), db.adminPassword);
    assertEquals(Severity.FAILURE, AuditHarness.finding(admin, "saturated").severity());
    assertTrue(admin.snapshot().currentConnections() > usable);
  }
}
