package io.deploysteps.docker;

import io.deploysteps.exec.CommandResult;

/** A docker command that failed: carries the (masked) command line, exit code and stderr. */
public class DockerException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String commandLine;
  private final int exitCode;
  private final String stderr;

  public DockerException(String commandLine, CommandResult result) {
    super(commandLine + " failed (exit " + result.exitCode() + "): " + result.lastErrorLine());
    this.commandLine = commandLine;
    this.exitCode = result.exitCode();
    this.stderr = result.stderr();
  }

  protected DockerException(String message, String commandLine) {
    super(message);
    this.commandLine = commandLine;
    this.exitCode = -1;
    this.stderr = "";
  }

  public String commandLine() {
    return commandLine;
  }

  public int exitCode() {
    return exitCode;
  }

  public String stderr() {
    return stderr;
  }
}
