package io.deploysteps.docker;

/** The Docker daemon cannot be reached; the message names DOCKER_HOST. */
public class DockerUnavailableException extends DockerException {
  private static final long serialVersionUID = 1L;

  public DockerUnavailableException(String dockerHost, String reason, String commandLine) {
    super("cannot reach the Docker daemon at DOCKER_HOST=" + dockerHost + ": " + reason, commandLine);
  }
}
