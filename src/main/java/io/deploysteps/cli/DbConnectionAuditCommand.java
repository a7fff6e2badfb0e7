package io.deploysteps.cli;

import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code deploy-steps db-connection-audit}: not yet implemented. */
@Command(name = "db-connection-audit", mixinStandardHelpOptions = true,
    description = "Prove MySQL/MariaDB or PostgreSQL can take every app pool's connections before a deploy.")
final class DbConnectionAuditCommand extends StepCommand {
  @Override
  String stepName() {
    return "dbConnectionAudit";
  }

  @Override
  Map<String, Object> optionParams() {
    return Map.of();
  }

  @Override
  StepResult execute(StepContext context, Map<String, Object> params) {
    throw new InvalidParameterException("db-connection-audit", "not yet implemented");
  }
}
