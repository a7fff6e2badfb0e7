package io.deploysteps.exec;

import java.time.Duration;

/** The command ran past its timeout and was killed with its children. */
public class CommandTimeoutException extends CommandException {
  private static final long serialVersionUID = 1L;

  public CommandTimeoutException(String commandLine, Duration timeout) {
    super("timed out after " + timeout.toMillis() + " ms: " + commandLine, commandLine, null);
  }
}
