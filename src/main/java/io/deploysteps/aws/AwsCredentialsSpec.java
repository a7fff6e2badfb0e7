package io.deploysteps.aws;

import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.log.StepLog;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Where AWS credentials come from: {@code default} (the SDK chain: env, profile, instance role),
 * {@code profile:NAME}, or {@code env} (static keys from the step's environment, as Jenkins'
 * withCredentials binds them).
 */
public final class AwsCredentialsSpec {
  private final String kind;
  private final String profile;
  private final AssumeRole role;

  private AwsCredentialsSpec(String kind, String profile, AssumeRole role) {
    this.kind = kind;
    this.profile = profile;
    this.role = role;
  }

  private AwsCredentialsSpec(String kind, String profile) {
    this(kind, profile, null);
  }

  public static AwsCredentialsSpec defaultChain() {
    return new AwsCredentialsSpec("default", null);
  }

  /** The same credentials, used to assume {@code role} first (STS AssumeRole) when present. */
  public AwsCredentialsSpec assuming(java.util.Optional<AssumeRole> role) {
    return new AwsCredentialsSpec(kind, profile, role.orElse(null));
  }

  /** The role the step's calls run as, empty when they run with these credentials themselves. */
  public java.util.Optional<AssumeRole> role() {
    return java.util.Optional.ofNullable(role);
  }

  public static AwsCredentialsSpec parse(String parameter, String text) {
    if (text == null || text.isBlank() || text.strip().equals("default")) {
      return defaultChain();
    }
    String t = text.strip();
    if (t.equals("env")) {
      return new AwsCredentialsSpec("env", null);
    }
    if (t.startsWith("profile:") && t.length() > "profile:".length()) {
      return new AwsCredentialsSpec("profile", t.substring("profile:".length()));
    }
    // withAWS and the Jenkins credential steps call a credential id "credentials": say where it goes.
    throw new InvalidParameterException(parameter, "'" + text + "' is not one of default, env, profile:NAME; for a"
        + " Jenkins credential (withAWS(credentials: ...)), use credentialsId");
  }

  /** The provider; static keys are registered with {@code log} as secrets first. */
  public AwsCredentialsProvider provider(Map<String, String> env, StepLog log) {
    switch (kind) {
      case "profile":
        return ProfileCredentialsProvider.create(profile);
      case "env": {
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        String token = env.get("AWS_SESSION_TOKEN");
        if (id == null || secret == null) {
          throw new InvalidParameterException("credentials",
              "'env' needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment");
        }
        log.addSecret(secret);
        log.addSecret(token);
        return StaticCredentialsProvider.create(token == null
            ? AwsBasicCredentials.create(id, secret)
            : AwsSessionCredentials.create(id, secret, token));
      }
      default:
        return DefaultCredentialsProvider.builder().build();
    }
  }

  @Override
  public String toString() {
    String base = kind.equals("profile") ? "profile:" + profile : kind;
    return role == null ? base : base + ", then " + role;
  }
}
