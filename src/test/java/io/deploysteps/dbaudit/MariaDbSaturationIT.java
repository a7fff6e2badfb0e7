package io.deploysteps.dbaudit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.deploysteps.cli.DeployStepsCli;
import io.deploysteps.dbaudit.AuditFinding.Severity;
import io.deploysteps.engine.ExitCodes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A MariaDB at max_connections: the audit user is refused ("Too many connections") and gets a
 * saturated result, not a stack trace; an admin still gets in through the SUPER slot.
 */
public class MariaDbSaturationIT {
  private static final String API = "it_dba_sat";

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();
  private TestDatabase db;
  private long originalMax;

  @Before
  public void fill() throws Exception {
    db = TestDatabase.mariadb();
    db.createUser(API);
    originalMax = db.number("SELECT @@GLOBAL.max_connections");
    long now = db.status("Threads_connected");
    db.exec("SET GLOBAL max_connections = " + (now + 4));
    assertTrue("sessions opened until the server refused", db.fill(API) >= 3);
  }

  @After
  public void restore() throws Exception {
    try {
      db.exec("SET GLOBAL max_connections = " + originalMax);
    } finally {
      db.close();
    }
  }

  @Test
  public void theAuditUserIsRefusedAndReportsSaturated() throws Exception {
    AuditHarness audit = new AuditHarness(tmp.getRoot().getPath());
    AuditResult r = audit.run(db.params(db.auditUser, API + "=10"), db.auditPassword);
    assertTrue(r.saturated());
    assertNull(r.snapshot());
    AuditFinding f = AuditHarness.finding(r, "saturated");
    assertEquals(Severity.FAILURE, f.severity());
    assertTrue(f.message(), f.message().contains("Too many connections"));
    assertEquals(ExitCodes.FAILED, r.exitCode());
    assertTrue(Files.readString(Path.of(r.reports().get("html"))).contains("FAILED - SATURATED"));
    assertTrue(audit.log.text(), audit.log.text().contains("WARNING: server is saturated"));
  }

  @Test
  public void theCliExitsOneWithAClearLineAndAReport() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    InputStream savedIn = System.in;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setIn(new ByteArrayInputStream((db.auditPassword + "\n").getBytes(StandardCharsets.UTF_8)));
      code = DeployStepsCli.execute("db-connection-audit", "--url", db.url, "--user", db.auditUser,
          "--apps", API + "=10", "--password-stdin", "--workspace", tmp.getRoot().getPath());
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
      System.setIn(savedIn);
    }
    String stdout = out.toString(StandardCharsets.UTF_8);
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertEquals(stdout + stderr, ExitCodes.FAILED, code);
    assertTrue(stdout, stdout.startsWith("dbConnectionAudit FAILED"));
    assertTrue(stdout, stdout.contains("FAILURE saturated: the server at 127.0.0.1:"));
    assertFalse("no stack trace", stderr.contains("\tat "));
    assertTrue(Files.exists(tmp.getRoot().toPath().resolve("db-connection-audit/db-connection-audit.html")));
  }

  @Test
  public void anAdminStillGetsInThroughTheSuperSlotAndSeesTheServerFull() {
    AuditHarness audit = new AuditHarness(tmp.getRoot().getPath());
    AuditResult r = audit.run(db.params(db.adminUser, API + "=10"), db.adminPassword);
    ServerSnapshot s = r.snapshot();
    assertEquals("one over max_connections: the SUPER slot", s.maxConnections() + 1, s.currentConnections());
    AuditFinding f = AuditHarness.finding(r, "saturated");
    assertEquals(Severity.FAILURE, f.severity());
    assertEquals(ExitCodes.FAILED, r.exitCode());
  }
}
