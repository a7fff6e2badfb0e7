package io.deploysteps.dbaudit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.dbaudit.AuditFinding.Severity;
import io.deploysteps.engine.ExitCodes;
import io.deploysteps.engine.Json;
import io.deploysteps.engine.StepFailedException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The audit against the stack's real MariaDB: every number checked against what the admin sees. */
public class MariaDbAuditIT {
  private static final String API = "it_dba_api";
  private static final String BATCH = "it_dba_batch";

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();
  private TestDatabase db;
  private AuditHarness audit;

  @Before
  public void setUp() throws Exception {
    db = TestDatabase.mariadb();
    // Max_used_connections is a high-water mark: a bench or test that filled the server earlier
    // would leave a peak warning behind.
    db.exec("FLUSH STATUS");
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
    db.openIdle(API, 4);
    db.openIdle(BATCH, 2);
    Thread.sleep(2100); // so every session has slept longer than sleepingAfter=1s
    long connectionsBefore = db.status("Connections");
    long threadsBefore = db.status("Threads_connected");

    AuditResult r = audit.run(db.params(db.auditUser, API + "=10x2," + BATCH + "=5", "sleepingAfter", "1s",
        "maxSleepingShare", 1, "maxWaitTimeout", "9h"), db.auditPassword);

    assertEquals("the audit opened exactly one connection", 1, db.status("Connections") - connectionsBefore);
    assertEquals("and closed it", threadsBefore, db.status("Threads_connected"));
    ServerSnapshot s = r.snapshot();
    assertEquals(db.number("SELECT @@GLOBAL.max_connections"), s.maxConnections());
    assertEquals("the audit's own connection counts too", threadsBefore + 1, s.currentConnections());
    assertTrue(s.peakConnections() >= s.currentConnections());
    assertEquals(db.number("SELECT @@GLOBAL.wait_timeout"), (long) s.timeouts().get("wait_timeout"));
    assertEquals(4, AuditHarness.group(r, API, "idle").get("sessions"));
    assertEquals(4, AuditHarness.group(r, API, "idle").get("sleeping"));
    assertEquals(2, AuditHarness.group(r, BATCH, "idle").get("sessions"));
    assertTrue((Long) AuditHarness.group(r, BATCH, "idle").get("maxIdleSeconds") >= 2);
    assertEquals(db.sessionsOf(API), 4);
    AuditFinding sleeping = AuditHarness.finding(r, "sleeping");
    assertTrue(sleeping.numbers().toString(), (Integer) sleeping.numbers().get("sleeping") >= 6);
    AuditFinding budget = AuditHarness.finding(r, "budget");
    assertEquals(25, budget.numbers().get("demand"));
    assertEquals(s.maxConnections() - (int) Math.ceil(s.maxConnections() * 0.1), budget.numbers().get("available"));
    assertEquals(Severity.OK, budget.severity());
    assertEquals(r.findings().toString(), ExitCodes.OK, r.exitCode());
    Map<?, ?> json = Json.MAPPER.readValue(Path.of(r.reports().get("json")).toFile(), Map.class);
    assertEquals(4, ((Map<?, ?>) json.get("connectionsByUser")).get(API));
    assertTrue(Files.readString(Path.of(r.reports().get("html"))).contains("<svg"));
    assertFalse("the password never reaches the log", audit.log.text().contains(db.auditPassword));
  }

  @Test
  public void budgetUnderOverAndTheDeployingAppCountingTwice() throws Exception {
    int max = (int) db.number("SELECT @@GLOBAL.max_connections");
    int available = max - (int) Math.ceil(max * 0.1);
    int api = (available - 10) / 2;
    String apps = API + "=" + api + "x1," + BATCH + "=" + (available - 2 * api);
    AuditResult under = audit.run(db.params(db.auditUser, apps, "maxWaitTimeout", "9h"), db.auditPassword);
    assertEquals(Severity.OK, AuditHarness.finding(under, "budget").severity());
    assertEquals(available - api, AuditHarness.finding(under, "budget").numbers().get("demand"));

    AuditResult switching = audit.run(db.params(db.auditUser, apps, "deploying", API, "maxWaitTimeout", "9h"),
        db.auditPassword);
    AuditFinding b = AuditHarness.finding(switching, "budget");
    assertEquals(available, b.numbers().get("demand"));
    assertEquals(api, b.numbers().get("deployingExtra"));
    assertEquals("exactly full still fits", 0, b.numbers().get("spare"));
    assertEquals(ExitCodes.OK, switching.exitCode());

    String bigger = API + "=" + (api + 1) + "x1," + BATCH + "=" + (available - 2 * api);
    AuditResult over = audit.run(db.params(db.auditUser, bigger, "deploying", API, "maxWaitTimeout", "9h"),
        db.auditPassword);
    AuditFinding o = AuditHarness.finding(over, "budget");
    assertEquals(Severity.FAILURE, o.severity());
    assertEquals(-2, o.numbers().get("spare"));
    assertTrue(o.fix(), o.fix().contains("by 2 connections"));
    assertEquals(ExitCodes.FAILED, over.exitCode());
    assertEquals("failOn never reports but does not fail", ExitCodes.UNSTABLE, audit.run(db.params(db.auditUser,
        bigger, "deploying", API, "maxWaitTimeout", "9h", "failOn", "never"), db.auditPassword).exitCode());
  }

  @Test
  public void anAccountWithoutProcessIsAFindingNotAWrongCount() throws Exception {
    db.createUser("it_dba_noproc");
    db.openIdle(API, 3);
    long threads = db.status("Threads_connected");
    java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.err;
    AuditResult r;
    try {
      System.setErr(new java.io.PrintStream(stderr, true, java.nio.charset.StandardCharsets.UTF_8));
      r = audit.run(db.params("it_dba_noproc", API + "=10", "maxWaitTimeout", "9h"), db.userPassword());
    } finally {
      System.setErr(saved);
    }
    String driverOutput = stderr.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertFalse("the driver logs nothing of its own (it used to warn about mysql.user): " + driverOutput,
        driverOutput.contains("denied"));
    assertFalse(driverOutput.contains(db.userPassword()));
    AuditFinding v = AuditHarness.finding(r, "visibility");
    assertEquals(Severity.WARNING, v.severity());
    assertEquals("GRANT PROCESS ON *.* TO 'it_dba_noproc'@'127.0.0.1'", v.fix());
    assertEquals("only its own session is listed", 1, r.snapshot().sessions().size());
    assertEquals("the total still comes from the server", threads + 1, r.snapshot().currentConnections());
    assertEquals(ExitCodes.UNSTABLE, r.exitCode());
  }

  @Test
  public void aWrongPasswordIsAClearErrorWithoutThePassword() {
    long start = System.nanoTime();
    try {
      audit.run(db.params(db.auditUser, API + "=10"), "wrong-" + db.auditPassword);
      fail("audited with a wrong password");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("refused user " + db.auditUser));
      assertTrue(e.getMessage(), e.getMessage().contains("$DB_PASSWORD"));
      assertFalse(e.getMessage(), e.getMessage().contains(db.auditPassword));
    }
    assertTrue((System.nanoTime() - start) / 1_000_000 < 3000);
  }

  @Test
  public void anUnreachableOrSilentServerFailsWithinTheTimeout() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    assertConnectFails("jdbc:mariadb://127.0.0.1:" + closedPort + "/", 3000);
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      // Accepts at TCP level (backlog) and never sends the server greeting.
      assertConnectFails("jdbc:mariadb://127.0.0.1:" + silent.getLocalPort() + "/", 1000 + 1000 + 2000 + 3000);
    }
  }

  private void assertConnectFails(String url, long withinMs) {
    Map<String, Object> p = db.params(db.auditUser, API + "=10", "connectTimeout", "1s", "queryTimeout", "1s");
    p.put("url", url);
    long start = System.nanoTime();
    try {
      audit.run(p, db.auditPassword);
      fail("audited " + url);
    } catch (StepFailedException e) {
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(e.getMessage(), e.getMessage().startsWith("cannot audit 127.0.0.1:"));
      assertTrue(e.getMessage(), e.getMessage().contains("no connection within"));
      assertTrue(url + " took " + ms + " ms", ms < withinMs);
    }
  }
}
