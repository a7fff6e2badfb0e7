package io.deploysteps.exec;

/**
 * Runs one {@link Command} and waits for it. Locally a ProcessBuilder; in Jenkins a
 * Launcher.ProcStarter, so commands run on the agent. Nothing else in the engine starts a process.
 */
public interface CommandRunner {
  /**
   * Runs the command to its end. A non-zero exit is a normal result, not an exception.
   *
   * @throws CommandException when the program cannot be started or exceeds its timeout
   */
  CommandResult run(Command command);
}
