package io.deploysteps.aws;

import io.deploysteps.engine.StepFailedException;
import io.deploysteps.log.StepLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Session credentials from STS AssumeRole, asked for on first use and again 5 minutes before they
 * expire. They live in this object only: no file, no environment, no argv; the secret key and the
 * session token are masked in the step's log before anything else happens with them.
 */
final class AssumedRoleCredentials implements AwsCredentialsProvider {
  private static final Duration EARLY = Duration.ofMinutes(5);

  private final StsClient sts;
  private final AssumeRole role;
  private final String region;
  private final Map<String, String> env;
  private final StepLog log;
  private AwsSessionCredentials current;
  private Instant expires = Instant.MIN;

  AssumedRoleCredentials(StsClient sts, AssumeRole role, String region, Map<String, String> env, StepLog log) {
    this.sts = sts;
    this.role = role;
    this.region = region;
    this.env = env;
    this.log = log;
  }

  @Override
  public synchronized AwsCredentials resolveCredentials() {
    if (current != null && Instant.now().plus(EARLY).isBefore(expires)) {
      return current;
    }
    String arn = role.arn(region, () -> new CallerAccount(sts).account());
    String session = role.sessionName(env);
    AssumeRoleResponse r;
    try {
      r = sts.assumeRole(b -> {
        b.roleArn(arn).roleSessionName(session).durationSeconds((int) role.duration().toSeconds());
        role.externalId().ifPresent(b::externalId);
      });
    } catch (SdkException e) {
      throw AwsCallFailure.of("STS AssumeRole " + arn, e);
    }
    Credentials c = r.credentials();
    if (c == null || c.accessKeyId() == null || c.secretAccessKey() == null || c.sessionToken() == null) {
      throw new StepFailedException("STS AssumeRole " + arn + " returned no session credentials");
    }
    log.addSecret(c.secretAccessKey());
    log.addSecret(c.sessionToken());
    current = AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    expires = c.expiration() == null ? Instant.now().plus(role.duration()) : c.expiration();
    log.info("assumed %s as session %s until %s", arn, session, expires);
    return current;
  }
}
