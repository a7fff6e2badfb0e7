package io.deploysteps.bluegreen;

import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Records each argv and answers with what {@code answer} says (exit 0 by default). */
public final class RecordingRunner implements CommandRunner {
  public final List<List<String>> argvs = new ArrayList<>();
  public Function<List<String>, Integer> answer = argv -> 0;

  @Override
  public CommandResult run(Command command) {
    argvs.add(command.argv());
    int code = answer.apply(command.argv());
    // DockerCli's env file goes in a mktemp directory.
    String out = code == 0 && command.argv().get(0).equals("mktemp") ? "/tmp/deploy-steps-env.test\n" : "";
    return new CommandResult(code, out, code == 0 ? "" : "failed: " + String.join(" ", command.argv()), Duration.ZERO);
  }

  /** The docker calls alone (not the mktemp, dd and rm of an env file). */
  List<List<String>> dockerCalls() {
    List<List<String>> out = new ArrayList<>();
    argvs.stream().filter(a -> a.get(0).equals("docker")).forEach(out::add);
    return out;
  }
}
