package io.deploysteps.testing;

import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A CommandRunner for unit tests: records every Command and answers with queued results. */
public final class ScriptedRunner implements CommandRunner {
  private final List<Command> commands = new ArrayList<>();
  private final Deque<CommandResult> answers = new ArrayDeque<>();

  /** Queues the next answer: exit code, stdout, stderr. */
  public ScriptedRunner answer(int exit, String stdout, String stderr) {
    answers.add(new CommandResult(exit, stdout, stderr, Duration.ofMillis(1)));
    return this;
  }

  @Override
  public synchronized CommandResult run(Command command) {
    commands.add(command);
    return answers.isEmpty() ? new CommandResult(0, "", "", Duration.ZERO) : answers.poll();
  }

  public List<Command> commands() {
    return List.copyOf(commands);
  }

  public List<String> argv(int i) {
    return commands.get(i).argv();
  }
}
