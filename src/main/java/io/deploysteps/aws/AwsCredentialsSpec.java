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

  private AwsCredentialsSpec(String kind, String profile) {
    this.kind = kind;
    this.profile = profile;
  }

  public static AwsCredentialsSpec defaultChain() {
    return new AwsCredentialsSpec("default", null);
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
    throw new InvalidParameterException(parameter, "'" + text + "' is not one of default, env, profile:NAME");
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
    return kind.equals("profile") ? "profile:" + profile : kind;
  }
}
