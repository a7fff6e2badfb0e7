package io.deploysteps.cli;

import io.deploysteps.catalogue.StepCatalogue;
import io.deploysteps.ecr.BuildAndPushParameters;
import io.deploysteps.ecr.BuildAndPushRequest;
import io.deploysteps.ecr.BuildAndPushRunner;
import io.deploysteps.engine.Json;
import io.deploysteps.engine.Parallel;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code deploy-steps build-and-push-ecr}: build once, push every tag to ECR or a plain registry; options from the catalogue. */
@Command(name = "build-and-push-ecr", mixinStandardHelpOptions = true,
    description = "Build a Docker image, tag it, push every tag to Amazon ECR (or any registry) and write imagedefinitions.json.")
final class BuildAndPushEcrCommand extends StepCommand {
  /**
   * A cold JVM spends about 0.1 s loading Jackson the first time docker's JSON is read; doing it on a
   * side thread while {@code docker build} runs takes that off the step's time.
   */
  private static void warmUpJson() {
    Parallel.start("json-warm-up", () -> Json.write(Json.read("[{\"Id\":\"sha256:0\",\"Config\":{\"Labels\":{}}}]")));
  }

  @Override
  String stepName() {
    return "buildAndPushEcr";
  }

  @Override
  StepCatalogue catalogue() {
    return BuildAndPushParameters.CATALOGUE;
  }

  @Override
  StepResult execute(StepContext context, Map<String, Object> params) {
    warmUpJson();
    return new BuildAndPushRunner(context).run(BuildAndPushRequest.fromMap(params));
  }
}
