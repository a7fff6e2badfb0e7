package io.deploysteps.testing;

import java.util.Map;

/**
 * The real services of scripts/local-stack, as its {@code env} command exports them. A missing
 * variable fails the test (never skips it): run tests through scripts/test.
 */
public final class LocalStack {
  private LocalStack() {}

  public static String get(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      throw new AssertionError(name + " is not set: run the tests with scripts/test, which brings up"
          + " scripts/local-stack and exports its env");
    }
    return v;
  }

  public static String dockerHost() {
    return get("DOCKER_HOST");
  }

  /** The environment a command needs to reach the stack's dockerd. */
  public static Map<String, String> dockerEnv() {
    return Map.of("DOCKER_HOST", dockerHost());
  }

  public static String registry() {
    return get("DEPLOY_STEPS_REGISTRY");
  }

  public static String authRegistry() {
    return get("DEPLOY_STEPS_AUTH_REGISTRY");
  }

  public static String busybox() {
    return get("DEPLOY_STEPS_BUSYBOX");
  }

  public static String nginxBin() {
    return get("DEPLOY_STEPS_NGINX_BIN");
  }
}
