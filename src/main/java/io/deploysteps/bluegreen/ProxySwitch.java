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
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nginx switch: an include file holding {@code set $service_url http://127.0.0.1:PORT;},
 * replaced atomically, checked with the test command and put live with the reload command. A
 * failing test puts the previous include back and reloads nothing.
 */
public final class ProxySwitch {
  private static final Pattern SET = Pattern.compile(
      "set\\s+\\$service_url\\s+https?://(?:127\\.0\\.0\\.1|localhost)(?::(\\d+))?[^;\\s]*\\s*;");
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final HostFiles files;
  private final CommandRunner runner;
  private final String includeFile;
  private final List<String> testCommand;
  private final List<String> reloadCommand;

  public ProxySwitch(HostFiles files, CommandRunner runner, String includeFile, List<String> testCommand,
      List<String> reloadCommand) {
    this.files = files;
    this.runner = runner;
    this.includeFile = includeFile;
    this.testCommand = List.copyOf(testCommand);
    this.reloadCommand = List.copyOf(reloadCommand);
  }

  /** The include's exact content for {@code port}. */
  public static String content(int port) {
    return "set $service_url http://127.0.0.1:" + port + ";\n";
  }

  public String includeFile() {
    return includeFile;
  }

  /** The include as it is now, or null when there is none yet. */
  String current() {
    return files.exists(includeFile) ? files.readString(includeFile) : null;
  }

  /** The port traffic goes to according to the include; empty when there is no include yet. */
  public OptionalInt livePort() {
    String text = current();
    if (text == null) {
      return OptionalInt.empty();
    }
    Matcher m = SET.matcher(text);
    if (!m.find() || m.group(1) == null) {
      throw new StepFailedException(includeFile + " does not hold 'set $service_url http://127.0.0.1:PORT;'"
          + " (it holds '" + text.strip() + "'): fix or remove it");
    }
    return OptionalInt.of(Integer.parseInt(m.group(1)));
  }

  /**
   * Points the include at {@code port}, tests, reloads. Returns the include's previous content (null
   * when there was none) for {@link #revert}. {@code afterWrite} runs between write and test.
   */
  public String switchTo(int port, Runnable afterWrite) {
    String previous = current();
    files.writeAtomically(includeFile, content(port));
    afterWrite.run();
    CommandResult test = run(testCommand);
    if (!test.ok()) {
      putBack(previous);
      throw new StepFailedException("proxy test failed (" + String.join(" ", testCommand) + ": " + brief(test)
          + "); " + includeFile + " restored, nothing reloaded");
    }
    CommandResult reload = run(reloadCommand);
    if (!reload.ok()) {
      putBack(previous);
      throw new StepFailedException("proxy reload failed (" + String.join(" ", reloadCommand) + ": "
          + brief(reload) + "); " + includeFile + " restored");
    }
    return previous;
  }

  /** Puts {@code previous} back and reloads, after a switch that must be undone. */
  public void revert(String previous) {
    putBack(previous);
    if (previous != null) {
      testAndReload();
    }
  }

  /**
   * Puts {@code previous} back, then tests and reloads again, since a reload that failed may have
   * applied all the same (null: removes the include, nothing to reload). Empty when both passed,
   * else what failed: the caller proves through the public URL where traffic goes.
   */
  Optional<String> restore(String previous) {
    putBack(previous);
    if (previous == null) {
      return Optional.empty();
    }
    try {
      testAndReload();
      return Optional.empty();
    } catch (StepFailedException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Tests and reloads the include as it is (so the proxy surely serves what the file says). */
  public void testAndReload() {
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
      files.deleteRecursively(includeFile);
    } else {
      files.writeAtomically(includeFile, previous);
    }
  }

  private CommandResult run(List<String> argv) {
    try {
      return runner.run(Command.of(argv).timeout(COMMAND_TIMEOUT).build());
    } catch (CommandException e) {
      // Cannot start or hangs: a failed test or reload like any other, so the include is restored.
      return new CommandResult(127, "", e.getMessage(), Duration.ZERO);
    }
  }
}
