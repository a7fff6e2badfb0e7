package io.deploysteps.cli;

import io.deploysteps.buildspec.BuildspecRunner;
import io.deploysteps.buildspec.RunBuildspecRequest;
import io.deploysteps.engine.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deploy-steps run-buildspec}: the runBuildspec step from the command line. */
@Command(name = "run-buildspec", mixinStandardHelpOptions = true,
    description = "Run a CodeBuild buildspec.yml unchanged: its phases in one bash, CodeBuild's transitions, env, artifacts.")
final class RunBuildspecCommand extends StepCommand {
  @Option(names = "--buildspec", paramLabel = "FILE", description = "The buildspec, relative to the source directory (default buildspec.yml).")
  String file;

  @Option(names = "--source-dir", paramLabel = "DIR", description = "CODEBUILD_SRC_DIR (default: the workspace).")
  String sourceDir;

  @Option(names = "--env", paramLabel = "K=V", description = "A project variable (repeatable); wins over the file's env.variables.")
  Map<String, String> env;

  @Option(names = "--region", paramLabel = "REGION", description = "AWS_REGION of the build, SSM, Secrets Manager and ECR (default AWS_REGION).")
  String region;

  @Option(names = "--credentials", paramLabel = "SPEC", description = "default, env or profile:NAME.")
  String credentials;

  @Option(names = "--strict", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
      description = "Refuse (exit 2) a buildspec with keys this runner does not support.")
  Boolean strict;

  @Option(names = "--image", paramLabel = "IMAGE", description = "Run the whole build in this container (workspace and Docker socket mounted).")
  String image;

  @Option(names = "--initiator", paramLabel = "TEXT", description = "CODEBUILD_INITIATOR (default jenkins/JOB_NAME).")
  String initiator;

  @Option(names = "--artifacts-dir", paramLabel = "DIR", description = "Where artifacts and reports are staged, in the workspace.")
  String artifactsDir;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "The whole build's limit (default 60m).")
  String timeout;

  @Override
  String stepName() {
    return "runBuildspec";
  }

  @Override
  Map<String, String> nestedKeys() {
    return Map.of("--buildspec", "file");
  }

  @Override
  StepResult execute(StepContext context, Map<String, Object> params) {
    return new BuildspecRunner(context).run(RunBuildspecRequest.fromMap(params));
  }
}
