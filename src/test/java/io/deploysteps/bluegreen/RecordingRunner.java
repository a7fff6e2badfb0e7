package io.deploysteps.bluegreen;

import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Records each argv and answers with what {@code answer} says (exit 0 by default). */
final class RecordingRunner implements CommandRunner {
  final List<List<String>> argvs = new ArrayList<>();
  Function<List<String>, Integer> answer = argv -> 0;

  @Override
  public CommandResult run(Command command) {
    argvs.add(command.argv());
    int code = answer.apply(command.argv());
    return new CommandResult(code, "", code == 0 ? "" : "failed: " + String.join(" ", command.argv()), Duration.ZERO);
  }
}
