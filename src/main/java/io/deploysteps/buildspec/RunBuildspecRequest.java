package io.deploysteps.buildspec;

import io.deploysteps.aws.AssumeRole;
import io.deploysteps.aws.AwsCredentialsSpec;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Params;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What runBuildspec is asked to run, validated before the build starts. */
public final class RunBuildspecRequest {
  /** The Map's keys (from {@link RunBuildspecParameters#CATALOGUE}). */
  public static final List<String> KEYS = RunBuildspecParameters.CATALOGUE.keys();
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]*");

  final String file;
  final String sourceDir;
  final Map<String, String> env;
  final String region;
  final AwsCredentialsSpec credentials;
  final boolean strict;
  final String image;
  final String initiator;
  final String artifactsDir;
  final Duration timeout;

  private RunBuildspecRequest(Params p) {
    file = p.string("file", "buildspec.yml");
    sourceDir = p.string("sourceDir", null);
    env = Map.copyOf(p.stringMap("env"));
    env.keySet().forEach(k -> {
      if (!NAME.matcher(k).matches()) {
        throw new InvalidParameterException("env", "'" + k + "' is not a valid variable name");
      }
      if (k.startsWith("CODEBUILD_")) {
        throw new InvalidParameterException("env", "'" + k + "': CODEBUILD_ names are the runner's built-ins");
      }
    });
    region = p.has("region") ? SdkAwsClients.checkRegion("region", p.string("region")) : null;
    // The role signs the step's own SSM, Secrets Manager and ECR calls; the build's commands keep the bound keys.
    credentials = AwsCredentialsSpec.parse("credentials", p.string("credentials", null)).assuming(AssumeRole.from(p));
    strict = p.bool("strict", false);
    image = p.string("image", null);
    if (image != null && !IMAGE.matcher(image).matches()) {
      throw new InvalidParameterException("image", "'" + image + "' is not an image reference");
    }
    initiator = p.string("initiator", null);
    artifactsDir = p.string("artifactsDir", "runbuildspec-artifacts");
    if (artifactsDir.equals(".") || artifactsDir.equals("/") || artifactsDir.contains("..")) {
      throw new InvalidParameterException("artifactsDir", "'" + artifactsDir + "' must be a directory of its own"
          + " (it is emptied before each build)");
    }
    timeout = p.duration("timeout", Duration.ofMinutes(60));
    if (timeout.isZero() || timeout.isNegative()) {
      throw new InvalidParameterException("timeout", "must be positive");
    }
  }

  /** Checks one parameter as a form field (the plugin's doCheck methods), with this request's messages. */
  public static io.deploysteps.engine.ParameterCheck check() {
    return new io.deploysteps.engine.ParameterCheck(RunBuildspecRequest::fromMap, Map.of());
  }

  /** From the Groovy Map (or the CLI's options under the same keys); unknown keys are errors. */
  public static RunBuildspecRequest fromMap(Map<String, ?> params) {
    return new RunBuildspecRequest(RunBuildspecParameters.CATALOGUE.read(params));
  }
}
