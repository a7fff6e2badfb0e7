package io.deploysteps.docker;

import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.log.StepLog;
import java.util.Map;

/**
 * The password (or token) of a registry login given as {@code registryUser}: read from
 * DEPLOY_STEPS_REGISTRY_PASSWORD, one fixed name that no process a step starts inherits
 * ({@link LocalCommandRunner#holdsSecret}) and the launcher keeps from its tools.
 */
public final class RegistryPassword {
  private RegistryPassword() {}

  /** The password, registered with {@code log} as a secret; exit 2 naming {@code registryUser} when unset. */
  public static String of(Map<String, String> env, StepLog log, String user) {
    String name = LocalCommandRunner.REGISTRY_PASSWORD;
    String password = env.get(name);
    if (password == null || password.isEmpty()) {
      throw new InvalidParameterException("registryUser", name + " is not set: it holds the password or token of "
          + user + " (in Jenkins, registryCredentialsId binds it)");
    }
    log.addSecret(password);
    return password;
  }
}
