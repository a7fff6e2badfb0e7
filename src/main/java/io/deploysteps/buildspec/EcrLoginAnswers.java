package io.deploysteps.buildspec;

import io.deploysteps.aws.AwsCallFailure;
import io.deploysteps.aws.AwsClients;
import io.deploysteps.log.StepLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;

/**
 * The {@code aws} shim's two ECR commands, from GetAuthorizationToken: {@code get-login} prints the
 * {@code docker login -u AWS -p TOKEN ENDPOINT} line AWS CLI v1 printed (one per registry, no
 * {@code -e}, as v1 did for Docker 17.06 and later), {@code get-login-password} the password. Each
 * password is registered with the log's masking before it leaves this class.
 */
final class EcrLoginAnswers implements BuildSession.ShimAnswers {
  private final java.util.function.Supplier<AwsClients> aws;
  private final StepLog log;

  EcrLoginAnswers(java.util.function.Supplier<AwsClients> aws, StepLog log) {
    this.aws = aws;
    this.log = log;
  }

  @Override
  public List<String> answer(String what, String region, List<String> registryIds) {
    GetAuthorizationTokenResponse r;
    try (EcrClient ecr = aws.get().ecr(region)) {
      r = registryIds.isEmpty() ? ecr.getAuthorizationToken()
          : ecr.getAuthorizationToken(b -> b.registryIds(registryIds));
    } catch (SdkException e) {
      throw AwsCallFailure.of("ECR GetAuthorizationToken in " + region, e);
    }
    List<String> lines = new ArrayList<>();
    for (AuthorizationData d : r.authorizationData()) {
      String decoded = new String(Base64.getDecoder().decode(d.authorizationToken()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      String password = colon < 0 ? decoded : decoded.substring(colon + 1);
      log.addSecret(password);
      log.addSecret(d.authorizationToken());
      lines.add(what.equals("get-login-password") ? password
          : "docker login -u AWS -p " + password + " " + d.proxyEndpoint());
      if (what.equals("get-login-password")) {
        break;
      }
    }
    log.info("aws shim: ecr %s in %s answered (%d registr%s)", what, region, lines.size(), lines.size() == 1 ? "y" : "ies");
    return lines;
  }
}
