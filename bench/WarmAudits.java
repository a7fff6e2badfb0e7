// Runs dbConnectionAudit RUNS+1 times in one JVM (as the Jenkins controller does: the engine and the
// JDBC driver stay loaded), the first as warm-up; prints the audit's own time of each other run.
// Run as a single-file source program with the CLI jar on the class path; password from $DB_PASSWORD.
import io.deploysteps.dbaudit.AuditRequest;
import io.deploysteps.dbaudit.AuditResult;
import io.deploysteps.dbaudit.AuditRunner;
import io.deploysteps.context.StepContext;
import io.deploysteps.log.StepLog;
import java.util.Map;

public class WarmAudits {
  public static void main(String[] args) {
    int runs = Integer.parseInt(args[3]);
    StepContext context = StepContext.local(StepLog.to(line -> { }), args[4]);
    AuditRequest request = AuditRequest.fromMap(Map.of("url", args[0], "user", args[1], "apps", args[2],
        "failOn", "never", "reportDir", args[4]));
    StringBuilder out = new StringBuilder();
    for (int i = 0; i <= runs; i++) {
      AuditResult r = new AuditRunner(context).run(request);
      if (i > 0) {
        out.append(i > 1 ? " " : "").append(r.durationMs());
      }
    }
    System.out.println(out);
  }
}
