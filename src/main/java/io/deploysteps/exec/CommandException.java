package io.deploysteps.exec;

/** A command that could not be started, timed out, or failed where failure is fatal. */
public class CommandException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String commandLine;

  public CommandException(String message, String commandLine, Throwable cause) {
    super(message, cause);
    this.commandLine = commandLine;
  }

  /** The masked command line. */
  public String commandLine() {
    return commandLine;
  }
}
