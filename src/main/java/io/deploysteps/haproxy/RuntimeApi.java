package io.deploysteps.haproxy;

import io.deploysteps.engine.StepFailedException;
import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandException;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * HAProxy's runtime API on its UNIX socket, one command per connection. It goes through {@code
 * socat} on the machine where commands run (the Jenkins agent, where HAProxy's socket is), the
 * command on stdin, never in argv or a shell. Every failure (socket missing, HAProxy's own error
 * answers) becomes one {@link StepFailedException} that names the command.
 */
public final class RuntimeApi {
  /** What a path may hold: socat reads ',' and ':' in its address as options. */
  private static final Pattern SOCKET = Pattern.compile("/[A-Za-z0-9_./@+-]*");
  /** HAProxy's answers to a command it did not carry out (its cli.c and server.c texts). */
  private static final List<String> REFUSALS = List.of("no such", "can't find", "unknown command", "permission denied",
      "require", "invalid", "not found", "failed", "error", "unsupported", "unexpected", "cannot");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final CommandRunner runner;
  private final String socket;

  public RuntimeApi(CommandRunner runner, String socket) {
    if (!isSocketPath(socket)) {
      throw new IllegalArgumentException("not an absolute path of letters, digits and _./@+-: " + socket);
    }
    this.runner = runner;
    this.socket = socket;
  }

  /** True when {@code path} can be given to socat as is (absolute, none of its separators). */
  public static boolean isSocketPath(String path) {
    return path != null && SOCKET.matcher(path).matches() && !path.contains("..");
  }

  public String socket() {
    return socket;
  }

  /** Sends {@code command}, returns HAProxy's answer; throws when HAProxy refused it or could not be reached. */
  public String send(String command) {
    if (command.indexOf('\n') >= 0 || command.indexOf(';') >= 0) {
      throw new IllegalArgumentException("one command, no ';' or newline: " + command);
    }
    CommandResult r;
    try {
      r = runner.run(Command.of("socat", "-t", "5", "-", "UNIX-CONNECT:" + socket).stdin(command + "\n").timeout(TIMEOUT).build());
    } catch (CommandException e) {
      throw new StepFailedException("HAProxy runtime API '" + command + "' on " + socket + " could not run: " + e.getMessage()
          + " (blueGreenDeploy's haproxy kind needs socat on the deploy host: apt-get install socat)");
    }
    if (!r.ok()) {
      throw new StepFailedException("HAProxy runtime API '" + command + "' on " + socket + " failed: " + oneLine(r.stderr().isBlank()
          ? "socat exit " + r.exitCode() : r.stderr()) + " (is HAProxy running with 'stats socket " + socket + " level admin'?)");
    }
    String answer = r.stdout().strip();
    String lower = answer.toLowerCase(Locale.ROOT);
    if (REFUSALS.stream().anyMatch(lower::startsWith)) {
      throw new StepFailedException("HAProxy refused '" + command + "' on " + socket + ": " + oneLine(answer));
    }
    return answer;
  }

  private static String oneLine(String text) {
    String t = text.strip().replaceAll("\\s*\\R\\s*", " | ");
    return t.length() > 300 ? t.substring(0, 300) + "..." : t;
  }
}
