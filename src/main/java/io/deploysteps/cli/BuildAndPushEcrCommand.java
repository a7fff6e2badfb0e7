package io.deploysteps.cli;

import io.deploysteps.ecr.BuildAndPushRequest;
import io.deploysteps.ecr.BuildAndPushRunner;
import io.deploysteps.engine.Json;
import io.deploysteps.engine.Parallel;
import io.deploysteps.engine.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deploy-steps build-and-push-ecr}: build once, push every tag to ECR or a plain registry. */
@Command(name = "build-and-push-ecr", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
    description = "Build a Docker image, tag it, push every tag to Amazon ECR (or any registry) and write imagedefinitions.json.")
final class BuildAndPushEcrCommand extends StepCommand {
  @Option(names = "--repository", paramLabel = "NAME", description = "Repository name (ECR rules: lowercase, e.g. team/app). Required.")
  String repository;

  @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: AWS_REGION / AWS_DEFAULT_REGION).")
  String region;

  @Option(names = "--account-id", paramLabel = "ID", description = "12-digit account of the registry (default: STS GetCallerIdentity).")
  String accountId;

  @Option(names = "--registry", paramLabel = "HOST:PORT", description = "Push to this plain registry instead of ECR (no AWS call, no login).")
  String registry;

  @Option(names = "--tags", split = ",", paramLabel = "TAG", description = "Tags (default: the short git revision from GIT_COMMIT or git, and latest).")
  List<String> tags;

  @Option(names = "--context", paramLabel = "DIR", description = "Build context directory (default: .).")
  String context;

  @Option(names = "--dockerfile", paramLabel = "FILE", description = "Dockerfile (default: <context>/Dockerfile).")
  String dockerfile;

  @Option(names = "--build-args", split = ",", paramLabel = "KEY=VALUE", description = "Build arguments (values go through the environment, not argv).")
  Map<String, String> buildArgs;

  @Option(names = "--target", paramLabel = "STAGE", description = "Dockerfile stage to build.")
  String target;

  @Option(names = "--platform", paramLabel = "OS/ARCH", description = "Target platform, like linux/amd64.")
  String platform;

  @Option(names = "--labels", split = ",", paramLabel = "KEY=VALUE", description = "Image labels (the git revision and BUILD_URL are always added).")
  Map<String, String> labels;

  @Option(names = "--cache-from", negatable = true, description = "Pull the previous latest and use it as build cache (a miss is fine).")
  Boolean cacheFrom;

  @Option(names = "--pull", negatable = true, description = "Always pull newer base images.")
  Boolean pull;

  @Option(names = "--create-repository", negatable = true, description = "Create the ECR repository when missing (default: true).")
  Boolean createRepository;

  @Option(names = "--scan-on-push", negatable = true, description = "For a created repository: scan images on push (default: true).")
  Boolean scanOnPush;

  @Option(names = "--image-tag-mutability", paramLabel = "MUTABLE|IMMUTABLE", description = "For a created repository: MUTABLE (default) or IMMUTABLE.")
  String imageTagMutability;

  @Option(names = "--encryption", paramLabel = "AES256|KMS|KEY", description = "For a created repository: AES256 (default), KMS, or a KMS key ARN/alias.")
  String encryption;

  @Option(names = "--image-definitions", paramLabel = "FILE", description = "Write [{\"name\",\"imageUri\"}] for the ECS deploy action (needs --container-name).")
  String imageDefinitions;

  @Option(names = "--container-name", paramLabel = "NAME", description = "ECS container name for --image-definitions.")
  String containerName;

  @Option(names = "--image-detail", paramLabel = "FILE", description = "Write {\"ImageURI\": ...@sha256:...} for ECS blue/green (CodeDeploy).")
  String imageDetail;

  @Option(names = "--credentials", paramLabel = "SPEC", description = "AWS credentials: default (SDK chain), env (AWS_ACCESS_KEY_ID/...), or profile:NAME.")
  String credentials;

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
  StepResult execute(StepContext context, Map<String, Object> params) {
    warmUpJson();
    return new BuildAndPushRunner(context).run(BuildAndPushRequest.fromMap(params));
  }
}
