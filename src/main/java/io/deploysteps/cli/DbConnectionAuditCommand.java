package io.deploysteps.cli;

import io.deploysteps.dbaudit.AuditRequest;
import io.deploysteps.dbaudit.AuditRunner;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.StepContext;
import io.deploysteps.engine.StepResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deploy-steps db-connection-audit}: the pools' connection budget against the database. */
@Command(name = "db-connection-audit", mixinStandardHelpOptions = true,
    description = "Prove MySQL/MariaDB or PostgreSQL can take every app pool's connections before a deploy.",
    footer = {"", "Exit codes: 0 ok, 3 warnings (UNSTABLE), 1 failed per --fail-on (or no connection),"
        + " 2 bad parameters (nothing opened).",
        "The password never goes in argv or a params file: --password-env NAME or --password-stdin."})
final class DbConnectionAuditCommand extends StepCommand {
  @Option(names = "--url", paramLabel = "JDBC_URL",
      description = "jdbc:mariadb://HOST:PORT/, jdbc:mysql://HOST:PORT/ or jdbc:postgresql://HOST:PORT/DB.")
  String url;

  @Option(names = "--user", paramLabel = "USER",
      description = "The audit user (needs PROCESS on MySQL, pg_monitor on PostgreSQL).")
  String user;

  @Option(names = "--password-env", paramLabel = "NAME",
      description = "Environment variable holding the password (default: DB_PASSWORD).")
  String passwordEnv;

  @Option(names = "--password-stdin", description = "Read the password from the first line of stdin.")
  boolean passwordStdin;

  @Option(names = "--password", hidden = true, paramLabel = "SECRET")
  String password;

  @Option(names = "--apps", paramLabel = "NAME=POOL[xINSTANCES],...",
      description = "The pools sharing the database, e.g. api=10x2,batch=5.")
  String apps;

  @Option(names = "--deploying", paramLabel = "APP",
      description = "The app about to be blue-green deployed: its connections count twice.")
  String deploying;

  @Option(names = "--headroom", paramLabel = "SHARE",
      description = "Share of max_connections kept free (0.1 or 10%%; default 10%%).")
  String headroom;

  @Option(names = "--max-utilization", paramLabel = "SHARE",
      description = "Warn above this share of max_connections in use (default 0.85).")
  String maxUtilization;

  @Option(names = "--sleeping-after", paramLabel = "DURATION",
      description = "Idle this long is sleeping (default 60s).")
  String sleepingAfter;

  @Option(names = "--max-sleeping-share", paramLabel = "SHARE",
      description = "Warn above this share of sleeping sessions (default 0.5).")
  String maxSleepingShare;

  @Option(names = "--max-wait-timeout", paramLabel = "DURATION",
      description = "Warn when wait_timeout/idle_session_timeout is longer (default 1h).")
  String maxWaitTimeout;

  @Option(names = "--fail-on", paramLabel = "budget|warning|never",
      description = "What fails the step (default budget).")
  String failOn;

  @Option(names = "--report-dir", paramLabel = "DIR",
      description = "Where the JSON and HTML reports go (default db-connection-audit, under the workspace).")
  String reportDir;

  @Option(names = "--connect-timeout", paramLabel = "DURATION", description = "Connect timeout (default 5s).")
  String connectTimeout;

  @Option(names = "--query-timeout", paramLabel = "DURATION", description = "Timeout of each query (default 10s).")
  String queryTimeout;

  @Override
  String stepName() {
    return "dbConnectionAudit";
  }

  @Override
  Map<String, Object> optionParams() {
    if (password != null) {
      throw new InvalidParameterException("password", "is never accepted on the command line (argv is visible"
          + " to every process); use --password-env NAME or --password-stdin");
    }
    return super.optionParams();
  }

  @Override
  Set<String> cliOnlyOptions() {
    return Set.of("--password-stdin");
  }

  @Override
  StepResult execute(StepContext context, Map<String, Object> params) {
    AuditRequest request = AuditRequest.fromMap(params);
    if (passwordStdin && passwordEnv != null) {
      throw new InvalidParameterException("password-stdin", "give either --password-stdin or --password-env");
    }
    AuditRunner runner = new AuditRunner(context);
    return passwordStdin ? runner.run(request, readPassword(System.in)) : runner.run(request);
  }

  static String readPassword(InputStream in) {
    try {
      String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      if (line != null && line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line == null || line.isEmpty()) {
        throw new InvalidParameterException("password-stdin", "stdin gave no password");
      }
      return line;
    } catch (IOException e) {
      throw new InvalidParameterException("password-stdin", "cannot read stdin: " + e.getMessage());
    }
  }
}
