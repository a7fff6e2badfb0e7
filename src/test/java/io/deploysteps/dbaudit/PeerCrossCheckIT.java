package io.deploysteps.dbaudit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.testing.RecordingLog;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Our numbers against the peers' on the same server: mysqltuner and check_postgres --action=backends. */
public class PeerCrossCheckIT {
  private static final Pattern TUNER_USAGE = Pattern.compile(
      "Highest usage of available connections: (\\d+)% \\((\\d+)/(\\d+)\\)");
  private static final Pattern TUNER_ABORTED = Pattern.compile("Aborted connections: [\\d.]+%\\s+\\((\\d+)/(\\d+)\\)");
  private static final Pattern BACKENDS = Pattern.compile("POSTGRES_BACKENDS \\w+: .* (\\d+) of (\\d+) connections"
      + " \\((\\d+)%\\).*\\spostgres=(\\d+);");

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();
  private final RecordingLog peerLog = new RecordingLog();

  @Test
  public void mysqltunerSeesTheSamePeakMaxAndAbortedConnections() throws Exception {
    try (TestDatabase db = TestDatabase.mariadb()) {
      db.createUser("it_dba_api");
      db.openIdle("it_dba_api", 6);
      // Max_used_connections restarts from the sessions open now. mysqltuner runs one mysql client after
      // another; the server may not have ended the last one's thread when the next logs in, so its
      // run can lift the peak by one before or after it reads it: the peaks agree within one.
      db.exec("FLUSH STATUS");

      CommandResult tuner = new LocalCommandRunner(peerLog.log()).run(Command.of("mysqltuner", "--host", "127.0.0.1",
              "--port", port(db.url), "--user", db.adminUser, "--nosysstat", "--noask", "--nocolor")
          .env("MYSQL_PWD", db.adminPassword).secret(db.adminPassword).workDir(tmp.getRoot().getPath())
          .timeout(Duration.ofMinutes(3)).build());
      AuditResult ours = new AuditHarness(tmp.getRoot().getPath())
          .run(db.params(db.auditUser, "it_dba_api=10"), db.auditPassword);
      Matcher usage = find(TUNER_USAGE, tuner.stdout());
      ServerSnapshot s = ours.snapshot();
      assertEquals("peak", s.peakConnections(), Long.parseLong(usage.group(2)), 1);
      assertEquals("max_connections", s.maxConnections(), Integer.parseInt(usage.group(3)));
      AuditFinding peak = AuditHarness.finding(ours, "peak-utilization");
      assertEquals(Integer.parseInt(usage.group(1)),
          Math.round((Double) peak.numbers().get("utilization") * 100), 1);
      Matcher aborted = find(TUNER_ABORTED, tuner.stdout());
      AuditFinding ab = AuditHarness.finding(ours, "aborted-connects");
      assertEquals("Aborted_connects", ab.numbers().get("abortedConnects"), Long.parseLong(aborted.group(1)));
      assertTrue("our connection comes after mysqltuner's",
          Long.parseLong(aborted.group(2)) < (Long) ab.numbers().get("connections"));
    }
  }

  @Test
  public void checkPostgresBackendsCountsWhatWeCount() throws Exception {
    try (TestDatabase db = TestDatabase.postgres()) {
      db.createUser("it_dba_api");
      db.openIdle("it_dba_api", 7);
      AuditResult ours = new AuditHarness(tmp.getRoot().getPath())
          .run(db.params(db.auditUser, "it_dba_api=10"), db.auditPassword);

      CommandResult peer = new LocalCommandRunner(peerLog.log()).run(Command.of("check_postgres",
              "--action=backends", "--host", "127.0.0.1", "--port", port(db.url), "--dbuser", db.auditUser,
              "--dbname", "postgres")
          .env("PGPASSWORD", db.auditPassword).secret(db.auditPassword).workDir(tmp.getRoot().getPath())
          .timeout(Duration.ofMinutes(1)).build());
      Matcher m = find(BACKENDS, peer.stdout());
      ServerSnapshot s = ours.snapshot();
      // Both count the tool's own connection; ours is closed before check_postgres opens its own.
      assertEquals("total backends", s.currentConnections(), Integer.parseInt(m.group(1)));
      assertEquals("max_connections", s.maxConnections(), Integer.parseInt(m.group(2)));
      long inPostgres = s.sessions().stream().filter(x -> x.database().equals("postgres")).count();
      assertEquals("backends in database postgres", inPostgres, Long.parseLong(m.group(4)));
      AuditFinding u = AuditHarness.finding(ours, "utilization");
      assertEquals(Integer.parseInt(m.group(3)), Math.round((Double) u.numbers().get("utilization") * 100), 1);
    }
  }

  private static String port(String jdbcUrl) {
    return Integer.toString(DatabaseUrl.parse("url", jdbcUrl).port());
  }

  private Matcher find(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertTrue(p + " not in the peer's output:\n" + text + "\n" + peerLog.text(), m.find());
    return m;
  }

}
