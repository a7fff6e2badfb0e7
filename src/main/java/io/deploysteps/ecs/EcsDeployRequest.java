package io.deploysteps.ecs;

import io.deploysteps.aws.AssumeRole;
import io.deploysteps.aws.AwsCredentialsSpec;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.docker.ImageRef;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.ParameterCheck;
import io.deploysteps.engine.Params;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What ecsDeploy is asked to do, checked when it is made (every error names its parameter). */
public final class EcsDeployRequest {
  /** The Map keys of the Groovy step, also the CLI's options in kebab-case. */
  public static final Set<String> KEYS = Set.copyOf(EcsParameters.CATALOGUE.keys());

  static final Duration DEFAULT_WAIT = Duration.ofMinutes(15);
  // Cluster and service names: up to 255 letters, digits, '-' and '_'; or their ARNs.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:(cluster|service)/[A-Za-z0-9_/-]{1,511}");
  private static final Pattern CONTAINER = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  // CodeDeploy application and deployment group names: up to 100 printable characters.
  private static final Pattern CODEDEPLOY_NAME = Pattern.compile("[\\x21-\\x7e]{1,100}");
  private static final Pattern DEPLOYMENT_ID = Pattern.compile("d-[A-Z0-9]{9}");

  final String cluster;
  final String service;
  final String region;
  final AwsCredentialsSpec credentials;
  final String imageDefinitions;
  final String containerName;
  final String image;
  final Duration wait;
  final boolean forceNewDeployment;
  final Integer desiredCount;
  final boolean rollbackOnFailure;
  final String applicationName;
  final String deploymentGroupName;
  final boolean approve;
  final String continueDeployment;
  final String stopDeployment;

  private EcsDeployRequest(Params p) {
    continueDeployment = deploymentId(p, "continueDeployment");
    stopDeployment = deploymentId(p, "stopDeployment");
    if (continueDeployment != null && stopDeployment != null) {
      throw new InvalidParameterException("stopDeployment", "give continueDeployment or stopDeployment, not both");
    }
    boolean decision = continueDeployment != null || stopDeployment != null;
    cluster = name(p, "cluster", !decision);
    service = name(p, "service", !decision);
    region = p.has("region") ? SdkAwsClients.checkRegion("region", p.string("region")) : null;
    credentials = AwsCredentialsSpec.parse("credentials", p.string("credentials", null)).assuming(AssumeRole.from(p));
    imageDefinitions = p.string("imageDefinitions", null);
    containerName = p.string("containerName", null);
    image = p.string("image", null);
    if (containerName != null && !CONTAINER.matcher(containerName).matches()) {
      throw new InvalidParameterException("containerName", "'" + containerName + "' is not an ECS container name"
          + " (letters, digits, '_' and '-', at most 255)");
    }
    if (image != null) {
      ImageRef.parse("image", image);
    }
    if (imageDefinitions != null && image != null) {
      throw new InvalidParameterException("image", "give imageDefinitions, or containerName and image, not both");
    }
    if (image != null && containerName == null) {
      throw new InvalidParameterException("containerName", "is required with image (the container whose image changes)");
    }
    if (containerName != null && image == null && imageDefinitions == null) {
      throw new InvalidParameterException("image", "is required with containerName");
    }
    if (!decision && imageDefinitions == null && image == null) {
      throw new InvalidParameterException("imageDefinitions", "is required (the imagedefinitions.json buildAndPushEcr"
          + " writes), or give containerName and image");
    }
    wait = p.duration("wait", DEFAULT_WAIT);
    if (wait.isZero()) {
      throw new InvalidParameterException("wait", "must be more than 0 (how long to follow the rollout)");
    }
    forceNewDeployment = p.bool("forceNewDeployment", false);
    if (p.has("desiredCount")) {
      int n = p.integer("desiredCount", 0);
      if (n < 0) {
        throw new InvalidParameterException("desiredCount", "must be 0 or more, got " + n);
      }
      desiredCount = n;
    } else {
      desiredCount = null;
    }
    rollbackOnFailure = p.bool("rollbackOnFailure", true);
    applicationName = codeDeployName(p, "applicationName");
    deploymentGroupName = codeDeployName(p, "deploymentGroupName");
    approve = p.bool("approve", false);
  }

  /** Checks one parameter as a form field (the plugin's doCheck methods), with this request's messages. */
  public static ParameterCheck check() {
    return new ParameterCheck(EcsDeployRequest::fromMap, Map.of("cluster", "shop", "service", "api",
        "imageDefinitions", "imagedefinitions.json"));
  }

  /** Checks {@code params}; nothing is touched before this returns. */
  public static EcsDeployRequest fromMap(Map<String, ?> params) {
    return new EcsDeployRequest(EcsParameters.CATALOGUE.read(params));
  }

  private static String name(Params p, String key, boolean required) {
    if (!p.has(key)) {
      if (required) {
        throw new InvalidParameterException(key, "is required");
      }
      return null;
    }
    String v = p.string(key);
    if (!NAME.matcher(v).matches() && !ARN.matcher(v).matches()) {
      throw new InvalidParameterException(key, "'" + v + "' is not an ECS " + key + " name (letters, digits, '_' and"
          + " '-', at most 255) or ARN");
    }
    return v;
  }

  private static String codeDeployName(Params p, String key) {
    String v = p.string(key, null);
    if (v != null && !CODEDEPLOY_NAME.matcher(v).matches()) {
      throw new InvalidParameterException(key, "'" + v + "' is not a CodeDeploy name (1 to 100 printable characters,"
          + " no spaces)");
    }
    return v;
  }

  private static String deploymentId(Params p, String key) {
    String v = p.string(key, null);
    if (v != null && !DEPLOYMENT_ID.matcher(v).matches()) {
      throw new InvalidParameterException(key, "'" + v + "' is not a CodeDeploy deployment id (like d-A1B2C3D4E)");
    }
    return v;
  }

  /** The last part of a name or ARN: CodeDeploy's ECS target ids are {@code cluster:service} by name. */
  static String shortName(String nameOrArn) {
    return nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
  }
}
