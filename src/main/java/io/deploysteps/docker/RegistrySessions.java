package io.deploysteps.docker;

import io.deploysteps.exec.CommandRunner;
import io.deploysteps.fs.HostFiles;
import io.deploysteps.log.StepLog;
import java.util.Map;

/**
 * How a step logs docker in to a registry. On this machine the password is served to docker by a
 * credential helper and never written ({@link HelperRegistrySession}); where the commands run on
 * another machine (the plugin's agents), {@code docker login} writes it into a private throwaway
 * config directory there ({@link LoginRegistrySession}).
 */
@FunctionalInterface
public interface RegistrySessions {
  /**
   * Logs {@code docker} in to {@code registry}; the password goes to docker on stdin only.
   *
   * @throws DockerException when the registry refuses the login
   */
  RegistrySession open(Docker docker, String registry, String username, String password);

  /** {@code docker login} into a 0700 temp directory of {@code files}, deleted at close. */
  static RegistrySessions login(HostFiles files) {
    return (docker, registry, username, password) -> LoginRegistrySession.open(files, docker, registry, username, password);
  }

  /** The credential helper on this machine; {@code env} gives PATH and the launcher's helper. */
  static RegistrySessions helper(CommandRunner runner, StepLog log, Map<String, String> env) {
    return (docker, registry, username, password) ->
        HelperRegistrySession.open(runner, log, env, docker, registry, username, password);
  }
}
