package io.deploysteps.cli;

import io.deploysteps.buildspec.BuildspecRunner;
import io.deploysteps.buildspec.RunBuildspecParameters;
import io.deploysteps.buildspec.RunBuildspecRequest;
import io.deploysteps.catalogue.StepCatalogue;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code deploy-steps run-buildspec}: the runBuildspec step from the command line; its options come from the catalogue. */
@Command(name = "run-buildspec", mixinStandardHelpOptions = true,
    description = "Run a CodeBuild buildspec.yml unchanged: its phases in one bash, CodeBuild's transitions, env, artifacts.")
final class RunBuildspecCommand extends StepCommand {
  @Override
  String stepName() {
    return "runBuildspec";
  }

  @Override
  StepCatalogue catalogue() {
    return RunBuildspecParameters.CATALOGUE;
  }

  @Override
  StepResult execute(StepContext context, Map<String, Object> params) {
    return new BuildspecRunner(context).run(RunBuildspecRequest.fromMap(params));
  }
}
