package io.deploysteps.buildspec;

import io.deploysteps.aws.AwsCallFailure;
import io.deploysteps.aws.AwsClients;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import io.deploysteps.log.StepLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The build's variables in CodeBuild's order: built-ins from Jenkins first; then the buildspec's
 * {@code env.variables}, {@code env.parameter-store} (GetParameter, decrypted) and
 * {@code env.secrets-manager}; then the step's {@code env} map, which stands for the project's
 * variables and wins over the file, as the reference's precedence says ("the value in the build
 * project definition takes next precedence; the value in the build spec declaration takes lowest").
 * Every value read from SSM or Secrets Manager, and the AWS keys, are registered as secrets.
 */
final class BuildEnvironment {
  /** Names the build may not set: the runner's own. */
  static final Set<String> RESERVED_PREFIXES = Set.of("CODEBUILD_");

  private BuildEnvironment() {}

  /** The built-ins a CodeBuild build sees, from what Jenkins knows (the build's environment). */
  static Map<String, String> builtIns(Map<String, String> jenkins, String sourceDir, String region,
      String initiator, String image, CommandRunner runner, java.util.function.Predicate<String> exists,
      long startMillis) {
    Map<String, String> b = new LinkedHashMap<>();
    String job = jenkins.getOrDefault("JOB_NAME", "local");
    String number = jenkins.getOrDefault("BUILD_NUMBER", "1");
    b.put("CODEBUILD_CI", "true");
    b.put("CODEBUILD_SRC_DIR", sourceDir);
    String commit = jenkins.get("GIT_COMMIT");
    // Without GIT_COMMIT, ask git only where there is a checkout (git walking up from a plain
    // directory costs a process for nothing).
    if (commit == null && exists.test(sourceDir + "/.git")) {
      commit = gitHead(runner, sourceDir);
    }
    if (commit != null) {
      b.put("CODEBUILD_RESOLVED_SOURCE_VERSION", commit);
      b.put("CODEBUILD_SOURCE_VERSION", commit);
    }
    b.put("CODEBUILD_BUILD_NUMBER", number);
    // Real buildspecs cut field 2 of the id as an image tag: it must hold a colon.
    String id = job + ":" + number;
    b.put("CODEBUILD_BUILD_ID", id);
    b.put("CODEBUILD_INITIATOR", initiator != null ? initiator : "jenkins/" + job);
    if (region != null) {
      b.put("CODEBUILD_BUILD_ARN", "arn:aws:codebuild:" + region + ":"
          + jenkins.getOrDefault("AWS_ACCOUNT_ID", "000000000000") + ":build/" + id);
      b.put("AWS_REGION", region);
      b.put("AWS_DEFAULT_REGION", region);
    }
    b.put("CODEBUILD_START_TIME", Long.toString(startMillis));
    if (jenkins.containsKey("BUILD_URL")) {
      b.put("CODEBUILD_BUILD_URL", jenkins.get("BUILD_URL"));
    }
    if (image != null) {
      b.put("CODEBUILD_BUILD_IMAGE", image);
    }
    webhook(jenkins, b);
    return b;
  }

  /** CODEBUILD_WEBHOOK_* from a multibranch or pull-request build, where Jenkins knows them. */
  private static void webhook(Map<String, String> j, Map<String, String> b) {
    String change = j.get("CHANGE_ID");
    String branch = j.get("BRANCH_NAME");
    if (change != null) {
      b.put("CODEBUILD_WEBHOOK_EVENT", "PULL_REQUEST_UPDATED");
      b.put("CODEBUILD_WEBHOOK_TRIGGER", "pr/" + change);
      if (j.containsKey("CHANGE_BRANCH")) {
        b.put("CODEBUILD_WEBHOOK_HEAD_REF", "refs/heads/" + j.get("CHANGE_BRANCH"));
      }
      if (j.containsKey("CHANGE_TARGET")) {
        b.put("CODEBUILD_WEBHOOK_BASE_REF", "refs/heads/" + j.get("CHANGE_TARGET"));
      }
    } else if (branch != null) {
      b.put("CODEBUILD_WEBHOOK_EVENT", "PUSH");
      b.put("CODEBUILD_WEBHOOK_TRIGGER", "branch/" + branch);
      b.put("CODEBUILD_WEBHOOK_HEAD_REF", "refs/heads/" + branch);
    }
    if (j.containsKey("GIT_PREVIOUS_COMMIT")) {
      b.put("CODEBUILD_WEBHOOK_PREV_COMMIT", j.get("GIT_PREVIOUS_COMMIT"));
    }
    if (j.containsKey("CHANGE_AUTHOR")) {
      b.put("CODEBUILD_WEBHOOK_ACTOR_ACCOUNT_ID", j.get("CHANGE_AUTHOR"));
    }
  }

  private static String gitHead(CommandRunner runner, String dir) {
    try {
      CommandResult r = runner.run(Command.of("git", "-C", dir, "rev-parse", "HEAD").build());
      return r.ok() ? r.stdout().strip() : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** env.parameter-store: each value from SSM GetParameter with decryption, registered as a secret. */
  static Map<String, String> parameterStore(Map<String, String> names, Supplier<AwsClients> aws, String region,
      StepLog log) {
    Map<String, String> out = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return out;
    }
    requireRegion(region, "env/parameter-store");
    try (SsmClient ssm = aws.get().ssm(region)) {
      names.forEach((key, name) -> {
        try {
          String v = ssm.getParameter(b -> b.name(name).withDecryption(true)).parameter().value();
          log.addSecret(v);
          out.put(key, v);
        } catch (SdkException e) {
          throw new StepFailedException("env/parameter-store " + key + ": "
              + AwsCallFailure.of("SSM GetParameter " + name, e).getMessage(), e);
        }
      });
    }
    return out;
  }

  /** env.secrets-manager: {@code secret-id:json-key:version-stage:version-id}, registered as secrets. */
  static Map<String, String> secretsManager(Map<String, String> refs, Supplier<AwsClients> aws, String region,
      StepLog log) {
    Map<String, String> out = new LinkedHashMap<>();
    if (refs.isEmpty()) {
      return out;
    }
    requireRegion(region, "env/secrets-manager");
    try (SecretsManagerClient sm = aws.get().secretsManager(region)) {
      refs.forEach((key, ref) -> {
        SecretRef r = SecretRef.parse("env/secrets-manager/" + key, ref);
        try {
          GetSecretValueRequest.Builder req = GetSecretValueRequest.builder().secretId(r.secretId());
          if (r.versionStage() != null) {
            req.versionStage(r.versionStage());
          }
          if (r.versionId() != null) {
            req.versionId(r.versionId());
          }
          String text = sm.getSecretValue(req.build()).secretString();
          String v = r.select(text);
          log.addSecret(text);
          log.addSecret(v);
          out.put(key, v);
        } catch (SdkException e) {
          throw new StepFailedException("env/secrets-manager " + key + ": "
              + AwsCallFailure.of("GetSecretValue " + r.secretId(), e).getMessage(), e);
        }
      });
    }
    return out;
  }

  private static void requireRegion(String region, String key) {
    if (region == null) {
      throw new InvalidParameterException("region", "is required for the buildspec's " + key
          + " (or set AWS_REGION)");
    }
  }
}
