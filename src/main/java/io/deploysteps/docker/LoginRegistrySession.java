package io.deploysteps.docker;

import io.deploysteps.fs.HostFiles;

/**
 * {@code docker login --password-stdin} into a private (0700) temp DOCKER_CONFIG on the host that
 * runs the commands: docker writes the password there (base64 in config.json) until the step ends.
 * For agents this JVM's credential helper cannot serve; see README "Security".
 */
final class LoginRegistrySession implements RegistrySession {
  private final HostFiles files;
  private final String configDir;
  private final Docker docker;

  private LoginRegistrySession(HostFiles files, String configDir, Docker docker) {
    this.files = files;
    this.configDir = configDir;
    this.docker = docker;
  }

  static LoginRegistrySession open(HostFiles files, Docker docker, String registry, String username, String password) {
    String dir = files.createTempDirectory("deploy-steps-docker-config");
    LoginRegistrySession session = new LoginRegistrySession(files, dir, docker.withConfigDir(dir));
    try {
      session.docker.login(registry, username, password);
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  @Override
  public Docker docker() {
    return docker;
  }

  @Override
  public void close() {
    files.deleteRecursively(configDir);
  }
}
