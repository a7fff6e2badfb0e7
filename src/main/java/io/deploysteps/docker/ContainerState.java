package io.deploysteps.docker;

/**
 * A container's run state as {@code docker inspect} has it: {@code status} (running, restarting,
 * exited...), how often its restart policy restarted it, whether the OOM killer ended it, and its
 * HEALTHCHECK status (null when the image has none).
 */
public record ContainerState(String status, boolean running, int restartCount, boolean oomKilled, int exitCode,
    String health) {
  @Override
  public String toString() {
    return status + (running ? "" : " (exit status " + exitCode + ")") + ", RestartCount " + restartCount
        + (oomKilled ? ", OOMKilled" : "") + (health == null ? "" : ", health " + health);
  }
}
