package io.deploysteps.bluegreen;

import io.deploysteps.engine.StepFailedException;
import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandException;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import io.deploysteps.fs.HostFiles;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The file an nginx kind of {@link TrafficSwitch} edits (an include, a file with an upstream
 * block), replaced atomically (a symlink: its target), checked with the test command and put live
 * with the reload command; a failed test or reload puts the previous text back.
 */
final class NginxConfigFile {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final HostFiles files;
  private final CommandRunner runner;
  private final String path;
  private final List<String> testCommand;
  private final List<String> reloadCommand;

  NginxConfigFile(HostFiles files, CommandRunner runner, String path, List<String> testCommand, List<String> reloadCommand) {
    this.files = files;
    this.runner = runner;
    this.path = path;
    this.testCommand = List.copyOf(testCommand);
    this.reloadCommand = List.copyOf(reloadCommand);
  }

  String path() {
    return path;
  }

  /** The file as it is now, or null when there is none yet. */
  String current() {
    return files.exists(path) ? files.readString(path) : null;
  }

  /**
   * Writes {@code next} over {@code previous} (the file's text now, null: none), tests, reloads.
   * {@code afterWrite} runs between write and test. When either fails, {@code back} says what to
   * write back (null: no file), read when it is needed. Returns {@code previous}.
   */
  String replace(String previous, String next, Runnable afterWrite, Supplier<String> back) {
    files.writeAtomically(target(), next);
    afterWrite.run();
    CommandResult test = run(testCommand);
    if (!test.ok()) {
      putBack(back.get());
      throw new StepFailedException("proxy test failed (" + String.join(" ", testCommand) + ": " + brief(test)
          + "); " + path + " restored, nothing reloaded");
    }
    CommandResult reload = run(reloadCommand);
    if (!reload.ok()) {
      putBack(back.get());
      throw new StepFailedException("proxy reload failed (" + String.join(" ", reloadCommand) + ": "
          + brief(reload) + "); " + path + " restored");
    }
    return previous;
  }

  /**
   * Puts {@code previous} back, then tests and reloads again, since a reload that failed may have
   * applied all the same (null: removes the file, nothing to reload). Empty when both passed,
   * else what failed: the caller proves through the public URL where traffic goes.
   */
  Optional<String> restore(String previous) {
    putBack(previous);
    if (previous == null) {
      return Optional.empty();
    }
    try {
      reassert();
      return Optional.empty();
    } catch (StepFailedException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Tests and reloads the file as it is (so nginx surely serves what the file says). */
  void reassert() {
    CommandResult test = run(testCommand);
    if (!test.ok()) {
      throw new StepFailedException("proxy test failed (" + String.join(" ", testCommand) + ": " + brief(test) + ")");
    }
    CommandResult reload = run(reloadCommand);
    if (!reload.ok()) {
      throw new StepFailedException("proxy reload failed (" + String.join(" ", reloadCommand) + ": " + brief(reload) + ")");
    }
  }

  /** The command's error output on one line (nginx -t puts the cause first and "test failed" last). */
  static String brief(CommandResult r) {
    String text = (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip().replaceAll("\\s*\\R\\s*", " | ");
    return text.length() > 400 ? text.substring(0, 400) + "..." : text;
  }

  private void putBack(String previous) {
    if (previous == null) {
      files.deleteRecursively(target());
    } else {
      files.writeAtomically(target(), previous);
    }
  }

  /** The file to replace: a symlink's target, so the link stays a link. */
  private String target() {
    return files.realPath(path);
  }

  private CommandResult run(List<String> argv) {
    try {
      return runner.run(Command.of(argv).timeout(COMMAND_TIMEOUT).build());
    } catch (CommandException e) {
      // Cannot start or hangs: a failed test or reload like any other, so the file is restored.
      return new CommandResult(127, "", e.getMessage(), Duration.ZERO);
    }
  }
}
