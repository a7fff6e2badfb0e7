package io.deploysteps.dbaudit;

import io.deploysteps.aws.AwsJsonService;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.log.StepLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs dbConnectionAudit: one read-only connection, closed before the findings are written. A server
 * that refuses the audit for lack of slots gives a "saturated" result, not an exception.
 */
public final class AuditRunner {
  private final StepContext context;
  private final StepLog log;

  public AuditRunner(StepContext context) {
    this.context = context;
    this.log = context.log();
  }

  /** Audits with the password from the environment variable the request names (may be absent). */
  public AuditResult run(AuditRequest request) {
    String password = context.env().get(request.passwordEnv());
    if (password == null || password.isEmpty()) {
      log.info("no password in $" + request.passwordEnv() + "; connecting without one");
    }
    return run(request, password);
  }

  /** Audits with {@code password} (the CLI's --password-stdin). */
  public AuditResult run(AuditRequest asked, String password) {
    log.addSecret(password);
    AuditRequest request = withEcsPools(asked);
    DatabaseProbe probe = DatabaseProbe.forEngine(request.url().engine());
    DatabaseUrl url = request.url();
    log.info("auditing %s at %s as %s", url.engine().label(), url.address(), request.user());
    long start = context.time().nanoTime();
    ServerSnapshot snapshot;
    Connection connection;
    try {
      connection = probe.open(request, password);
    } catch (SQLException e) {
      if (probe.isSaturated(e)) {
        return saturated(request, e, start);
      }
      throw connectFailure(request, probe, e, start);
    }
    try (Connection c = connection) {
      log.info("connected in %d ms", context.time().millisSince(start));
      snapshot = probe.read(c, request);
    } catch (SQLException e) {
      throw new StepFailedException(log.mask("reading connection facts from " + url.address() + " failed: "
          + e.getMessage()), e);
    }
    ConnectionBudget budget = ConnectionBudget.of(request.apps().values(), request.deploying(),
        request.headroom(), snapshot.maxConnections(), snapshot.reserved());
    List<AuditFinding> findings = Findings.evaluate(request, snapshot, budget);
    long took = context.time().millisSince(start);
    log.info("read %s: max_connections %d, %d connected, %d session(s) visible, in %d ms; connection closed",
        snapshot.version(), snapshot.maxConnections(), snapshot.currentConnections(), snapshot.sessions().size(),
        took);
    return finish(new AuditResult(request, snapshot, budget, findings, took, Map.of()));
  }

  /** The ecs entries' task counts read from ECS before any connection is opened (a bad entry changes nothing). */
  private AuditRequest withEcsPools(AuditRequest request) {
    if (request.ecs().isEmpty()) {
      return request;
    }
    String region = request.region() != null ? request.region()
        : context.env().getOrDefault("AWS_REGION", context.env().get("AWS_DEFAULT_REGION"));
    if (region == null || region.isBlank()) {
      throw new InvalidParameterException("region", "is required with ecs entries (or set AWS_REGION)");
    }
    AwsJsonService ecs = context.aws(request.credentials()).ecs(SdkAwsClients.checkRegion("region", region.strip()));
    AuditRequest resolved = request.withEcsPools(EcsTaskCounts.pools(request.ecs(), ecs, log));
    if (request.deploying() != null && resolved.deploying() == null) {
      log.info("deploying %s: an ecs app, counted at its deploy's task count already", request.deploying());
    }
    return resolved;
  }

  private AuditResult saturated(AuditRequest request, SQLException e, long start) {
    List<AuditFinding> findings = new ArrayList<>();
    findings.add(Findings.saturated(request.url().address(), request.user(), log.mask(e.getMessage())));
    log.warn("server is saturated: " + log.mask(e.getMessage()));
    return finish(new AuditResult(request, null, null, findings, context.time().millisSince(start), Map.of()));
  }

  private AuditResult finish(AuditResult result) {
    result.findings().forEach(f -> log.info(f.line()));
    String dir = context.files().resolve(context.workspace(), result.request().reportDir());
    AuditResult written = AuditReport.write(context.files(), dir, result);
    log.info("report written to %s (%s, %s)", dir, AuditReport.JSON_FILE, AuditReport.HTML_FILE);
    log.info("result %s (exit %d, failOn %s)", written.status(), written.exitCode(),
        result.request().failOn().name().toLowerCase(java.util.Locale.ROOT));
    return written;
  }

  private StepFailedException connectFailure(AuditRequest request, DatabaseProbe probe, SQLException e,
      long start) {
    String what = probe.isAuthentication(e)
        ? "the server refused user " + request.user() + " (check the user and the password in $"
            + request.passwordEnv() + ")"
        : "no connection within " + context.time().millisSince(start) + " ms (connectTimeout "
            + request.connectTimeout().toSeconds() + " s)";
    return new StepFailedException(log.mask("cannot audit " + request.url().address() + ": " + what + ": "
        + firstLine(e.getMessage())), e);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
