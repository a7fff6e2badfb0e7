package io.deploysteps.aws;

import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Real SDK clients over the JDK's HTTP client. The endpoint can be overridden with the SDK's own
 * variables {@code AWS_ENDPOINT_URL_ECR}, {@code AWS_ENDPOINT_URL_STS}, {@code AWS_ENDPOINT_URL_ECS},
 * {@code AWS_ENDPOINT_URL_CODEDEPLOY}, {@code AWS_ENDPOINT_URL_SSM}, {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} or {@code AWS_ENDPOINT_URL}
 * from the step's environment (tests point them at a WireMock fake on loopback).
 */
public final class SdkAwsClients implements AwsClients {
  /** The shape of an AWS region name (us-east-1, ap-northeast-2, us-gov-west-1, cn-north-1...). */
  public static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

  private final AwsCredentialsProvider base;
  private final java.util.Optional<AssumeRole> role;
  private final Map<String, String> env;
  private final StepLog log;
  private final SdkHttpClient http = UrlConnectionHttpClient.create();
  private AwsCredentialsProvider assumed;

  public SdkAwsClients(AwsCredentialsSpec spec, Map<String, String> env, StepLog log) {
    this.env = Map.copyOf(env);
    this.log = log;
    this.base = spec.provider(this.env, log);
    this.role = spec.role();
  }

  /**
   * The credentials the step's calls sign with: the base ones, or the role's session credentials,
   * which STS (in the step's first region) gives for the base ones and this object alone keeps.
   */
  private synchronized AwsCredentialsProvider credentials(String region) {
    if (role.isEmpty()) {
      return base;
    }
    if (assumed == null) {
      var b = StsClient.builder().region(Region.of(region)).credentialsProvider(base).httpClient(http);
      endpoint("STS").ifPresent(b::endpointOverride);
      assumed = new AssumedRoleCredentials(b.build(), role.get(), region, env, log);
    }
    return assumed;
  }

  /** Checks a region name's shape; an error names {@code parameter}. */
  public static String checkRegion(String parameter, String region) {
    if (region == null || !REGION.matcher(region).matches()) {
      throw new InvalidParameterException(parameter, "'" + region + "' is not an AWS region name (like us-east-1)");
    }
    return region;
  }

  @Override
  public EcrClient ecr(String region) {
    var b = EcrClient.builder().region(Region.of(region)).credentialsProvider(credentials(region)).httpClient(http);
    endpoint("ECR").ifPresent(b::endpointOverride);
    return b.build();
  }

  @Override
  public StsClient sts(String region) {
    var b = StsClient.builder().region(Region.of(region)).credentialsProvider(credentials(region)).httpClient(http);
    endpoint("STS").ifPresent(b::endpointOverride);
    return b.build();
  }

  @Override
  public AwsJsonService ecs(String region) {
    return json("ECS", "ecs", "AmazonEC2ContainerServiceV20141113", region);
  }

  @Override
  public AwsJsonService codeDeploy(String region) {
    return json("CodeDeploy", "codedeploy", "CodeDeploy_20141006", region);
  }

  private AwsJsonService json(String title, String host, String targetPrefix, String region) {
    URI uri = endpoint(title.toUpperCase(java.util.Locale.ROOT)).orElse(AwsJsonService.publicEndpoint(host, region));
    return new AwsJsonService(title, host, targetPrefix, uri, region, credentials(region), http, TimeSource.system(), log);
  }

  @Override
  public SsmClient ssm(String region) {
    var b = SsmClient.builder().region(Region.of(region)).credentialsProvider(credentials(region)).httpClient(http);
    endpoint("SSM").ifPresent(b::endpointOverride);
    return b.build();
  }

  @Override
  public SecretsManagerClient secretsManager(String region) {
    var b = SecretsManagerClient.builder().region(Region.of(region)).credentialsProvider(credentials(region)).httpClient(http);
    endpoint("SECRETS_MANAGER").ifPresent(b::endpointOverride);
    return b.build();
  }

  private java.util.Optional<URI> endpoint(String service) {
    String url = env.getOrDefault("AWS_ENDPOINT_URL_" + service, env.get("AWS_ENDPOINT_URL"));
    return url == null || url.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(URI.create(url));
  }
}
