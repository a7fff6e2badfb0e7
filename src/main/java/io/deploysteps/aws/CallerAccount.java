package io.deploysteps.aws;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;

/** The account the credentials belong to (STS GetCallerIdentity), when the request names none. */
public final class CallerAccount {
  private final StsClient sts;

  public CallerAccount(StsClient sts) {
    this.sts = sts;
  }

  public String account() {
    try {
      return sts.getCallerIdentity().account();
    } catch (SdkException e) {
      throw AwsCallFailure.of("STS GetCallerIdentity", e);
    }
  }
}
