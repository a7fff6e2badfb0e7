package io.deploysteps.exec;

import io.deploysteps.log.Masking;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One process to run: argv (never a shell line), extra environment, optional stdin, the secrets
 * that must be masked wherever the command is shown, and a timeout.
 */
public final class Command {
  private final List<String> argv;
  private final Map<String, String> env;
  private final byte[] stdin;
  private final java.io.InputStream stdinStream;
  private final List<String> secrets;
  private final Duration timeout;
  private final String workDir;
  private final Consumer<String> outputLines;

  private Command(Builder b) {
    if (b.argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least a program name");
    }
    this.argv = List.copyOf(b.argv);
    this.env = Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
    this.stdin = b.stdin;
    this.stdinStream = b.stdinStream;
    this.secrets = List.copyOf(b.secrets);
    this.timeout = b.timeout;
    this.workDir = b.workDir;
    this.outputLines = b.outputLines;
  }

  public static Builder of(String... argv) {
    return new Builder().args(List.of(argv));
  }

  public static Builder of(List<String> argv) {
    return new Builder().args(argv);
  }

  public List<String> argv() {
    return argv;
  }

  /** Variables added to (or overriding) the runner's environment. */
  public Map<String, String> env() {
    return env;
  }

  /** Bytes written to the process's stdin, then closed; null for no stdin. */
  public byte[] stdin() {
    return stdin == null ? null : stdin.clone();
  }

  /**
   * A stream copied to the process's stdin as it produces bytes (flushed as they come), then
   * closed; for a conversation with a long-lived process (runBuildspec's bash). Null for none.
   */
  public java.io.InputStream stdinStream() {
    return stdinStream;
  }

  public List<String> secrets() {
    return secrets;
  }

  public Duration timeout() {
    return timeout;
  }

  /** Working directory on the machine that runs the command; null for the runner's default. */
  public String workDir() {
    return workDir;
  }

  /** Receives stdout and stderr line by line while the command runs (progress); may be null. */
  public Consumer<String> outputLines() {
    return outputLines;
  }

  /** The command line as it may be shown: argv joined, every secret masked. */
  public String display() {
    return Masking.mask(String.join(" ", argv), secrets);
  }

  @Override
  public String toString() {
    return display();
  }

  /** Builds a {@link Command}; defaults: no stdin, no extra env, 10 minute timeout. */
  public static final class Builder {
    private final List<String> argv = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private byte[] stdin;
    private java.io.InputStream stdinStream;
    private final List<String> secrets = new ArrayList<>();
    private Duration timeout = Duration.ofMinutes(10);
    private String workDir;
    private Consumer<String> outputLines;

    public Builder args(List<String> more) {
      for (String a : more) {
        argv.add(Objects.requireNonNull(a, "argv element"));
      }
      return this;
    }

    public Builder arg(String a) {
      argv.add(Objects.requireNonNull(a, "argv element"));
      return this;
    }

    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    public Builder env(Map<String, String> more) {
      env.putAll(more);
      return this;
    }

    public Builder stdin(byte[] bytes) {
      this.stdin = bytes == null ? null : bytes.clone();
      return this;
    }

    /** Text for stdin; when it is a secret, also call {@link #secret}. */
    public Builder stdin(String text) {
      return stdin(text.getBytes(StandardCharsets.UTF_8));
    }

    public Builder stdinStream(java.io.InputStream stream) {
      this.stdinStream = stream;
      return this;
    }

    public Builder secret(String s) {
      if (s != null && !s.isEmpty()) {
        secrets.add(s);
      }
      return this;
    }

    public Builder timeout(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + d);
      }
      this.timeout = d;
      return this;
    }

    public Builder workDir(String dir) {
      this.workDir = dir;
      return this;
    }

    public Builder outputLines(Consumer<String> sink) {
      this.outputLines = sink;
      return this;
    }

    public Command build() {
      return new Command(this);
    }
  }
}
