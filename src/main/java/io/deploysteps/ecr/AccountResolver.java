package io.deploysteps.ecr;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;

/** The account the credentials belong to (STS GetCallerIdentity), when the request names none. */
final class AccountResolver {
  private final StsClient sts;

  AccountResolver(StsClient sts) {
    this.sts = sts;
  }

  String account() {
    try {
      return sts.getCallerIdentity().account();
    } catch (SdkException e) {
      throw AwsCallFailure.of("STS GetCallerIdentity", e);
    }
  }
}
