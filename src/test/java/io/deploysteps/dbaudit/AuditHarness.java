package io.deploysteps.dbaudit;

import io.deploysteps.context.StepContext;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.time.TimeSource;
import java.util.Map;

/** Runs the audit as the CLI would, with a recording log and the password in the step env. */
final class AuditHarness {
  final RecordingLog log = new RecordingLog();
  private final String workspace;

  AuditHarness(String workspace) {
    this.workspace = workspace;
  }

  AuditResult run(Map<String, Object> params, String password) {
    return run(params, password, Map.of());
  }

  /** With {@code awsEnv} (keys, AWS_ENDPOINT_URL_ECS) for the ecs entries' DescribeServices. */
  AuditResult run(Map<String, Object> params, String password, Map<String, String> awsEnv) {
    Map<String, String> env = new java.util.HashMap<>(awsEnv);
    if (password != null) {
      env.put("DB_PASSWORD", password);
    }
    var stepLog = log.log().forStep("dbConnectionAudit");
    StepContext context = new StepContext(new LocalCommandRunner(log.log()), new LocalHostFiles(), stepLog,
        TimeSource.system(), env, workspace, null, spec -> new io.deploysteps.aws.SdkAwsClients(spec, env, stepLog));
    return new AuditRunner(context).run(AuditRequest.fromMap(params));
  }

  /** Every finding of {@code code}, as the lines a person reads. */
  static AuditFinding finding(AuditResult r, String code) {
    return r.findings().stream().filter(f -> f.code().equals(code)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + code + " finding in " + r.findings()));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> group(AuditResult r, String user, String state) {
    for (Map<String, Object> g : (java.util.List<Map<String, Object>>) r.toMap().get("sessions")) {
      if (user.equals(g.get("user")) && state.equals(g.get("state"))) {
        return g;
      }
    }
    throw new AssertionError("no " + state + " sessions of " + user + " in " + r.toMap().get("sessions"));
  }
}
