package io.deploysteps.exec;

import java.time.Duration;

/** What a finished command gave back. Output is already masked of the command's secrets. */
public final class CommandResult {
  private final int exitCode;
  private final String stdout;
  private final String stderr;
  private final Duration elapsed;

  public CommandResult(int exitCode, String stdout, String stderr, Duration elapsed) {
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
    this.elapsed = elapsed;
  }

  public int exitCode() {
    return exitCode;
  }

  public boolean ok() {
    return exitCode == 0;
  }

  public String stdout() {
    return stdout;
  }

  public String stderr() {
    return stderr;
  }

  public Duration elapsed() {
    return elapsed;
  }

  /** The last non-blank line of stderr (or stdout when stderr is empty), for one-line errors. */
  public String lastErrorLine() {
    String text = stderr.isBlank() ? stdout : stderr;
    String[] lines = text.strip().split("\\R");
    return lines.length == 0 ? "" : lines[lines.length - 1].strip();
  }
}
