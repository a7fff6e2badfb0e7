package io.deploysteps.cli;

import io.deploysteps.catalogue.StepCatalogue;
import io.deploysteps.dbaudit.AuditParameters;
import io.deploysteps.dbaudit.AuditRequest;
import io.deploysteps.dbaudit.AuditRunner;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.context.StepContext;
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
  @Option(names = "--password-stdin", description = "Read the password from the first line of stdin.")
  boolean passwordStdin;

  /** Only to refuse it with a message: argv is visible to every process on the host. */
  @Option(names = "--password", hidden = true, paramLabel = "SECRET")
  String password;

  @Override
  String stepName() {
    return "dbConnectionAudit";
  }

  @Override
  StepCatalogue catalogue() {
    return AuditParameters.CATALOGUE;
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
    if (passwordStdin && spec.findOption("--password-env").getValue() != null) {
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
