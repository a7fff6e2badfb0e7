package io.deploysteps.ecr;

import io.deploysteps.aws.AwsCallFailure;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.log.StepLog;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;

/**
 * ECR GetAuthorizationToken: a base64 {@code user:password} token and the registry's
 * {@code proxyEndpoint}. Both token and password are registered as secrets before anything else
 * happens with them; they only ever travel on stdin.
 */
public final class RegistryAuth {
  private final EcrClient ecr;
  private final StepLog log;

  public RegistryAuth(EcrClient ecr, StepLog log) {
    this.ecr = ecr;
    this.log = log;
  }

  public RegistryLogin login(String accountId, String region) {
    GetAuthorizationTokenResponse response;
    try {
      response = ecr.getAuthorizationToken(b -> { });
    } catch (SdkException e) {
      throw AwsCallFailure.of("ECR GetAuthorizationToken", e);
    }
    if (response.authorizationData().isEmpty()) {
      throw new StepFailedException("ECR GetAuthorizationToken returned no authorization data");
    }
    AuthorizationData data = response.authorizationData().get(0);
    String token = data.authorizationToken();
    if (token == null || token.isEmpty()) {
      throw new StepFailedException("ECR GetAuthorizationToken returned an empty token");
    }
    log.addSecret(token);
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new StepFailedException("ECR GetAuthorizationToken returned a token that is not base64");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw new StepFailedException("ECR GetAuthorizationToken returned a token that is not user:password");
    }
    String password = decoded.substring(colon + 1);
    log.addSecret(password);
    return new RegistryLogin(host(data.proxyEndpoint(), accountId, region), decoded.substring(0, colon), password);
  }

  /** The region of an ECR registry host ({@code ACCOUNT.dkr.ecr.REGION.amazonaws.com}); empty for any other host. */
  public static java.util.Optional<String> regionOf(String registryHost) {
    return RepositoryUri.ecrHost(registryHost).map(parts -> parts[1]);
  }

  /** The account of an ECR registry host; empty for any other host. */
  public static java.util.Optional<String> accountOf(String registryHost) {
    return RepositoryUri.ecrHost(registryHost).map(parts -> parts[0]);
  }

  /** The proxy endpoint without its scheme, as docker wants it; the usual ECR host when absent. */
  static String host(String proxyEndpoint, String accountId, String region) {
    if (proxyEndpoint == null || proxyEndpoint.isBlank()) {
      return accountId + ".dkr.ecr." + region + (region.startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com");
    }
    String h = proxyEndpoint.strip().replaceFirst("^[a-zA-Z]+://", "");
    return h.endsWith("/") ? h.substring(0, h.length() - 1) : h;
  }
}
