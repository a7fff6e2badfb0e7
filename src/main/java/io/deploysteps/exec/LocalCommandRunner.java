package io.deploysteps.exec;

import io.deploysteps.log.StepLog;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs commands on this machine with ProcessBuilder: argv only, never through a shell. */
public final class LocalCommandRunner implements CommandRunner {
  private final Map<String, String> baseEnv;
  private final StepLog log;
  private final boolean echoCommands;

  /**
   * @param baseEnv variables every command gets on top of this process's environment (e.g.
   *     DOCKER_HOST from the build)
   * @param log told every command's secrets; when {@code echoCommands}, shows each masked command
   */
  public LocalCommandRunner(Map<String, String> baseEnv, StepLog log, boolean echoCommands) {
    this.baseEnv = Map.copyOf(baseEnv);
    this.log = log;
    this.echoCommands = echoCommands;
  }

  public LocalCommandRunner(StepLog log) {
    this(Map.of(), log, false);
  }

  @Override
  public CommandResult run(Command command) {
    command.secrets().forEach(log::addSecret);
    String shown = command.display();
    if (echoCommands) {
      log.info("$ " + shown);
    }
    ProcessBuilder pb = new ProcessBuilder(command.argv());
    pb.environment().keySet().removeIf(LocalCommandRunner::holdsSecret);
    pb.environment().putAll(baseEnv);
    pb.environment().putAll(command.env());
    if (command.workDir() != null) {
      pb.directory(new File(command.workDir()));
    }
    long start = System.nanoTime();
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new CommandException("cannot start " + command.argv().get(0) + ": " + e.getMessage(), shown, e);
    }
    Consumer<String> lines = serialized(command.outputLines());
    Collector out = new Collector(process.getInputStream(), lines);
    Collector err = new Collector(process.getErrorStream(), lines);
    out.start();
    err.start();
    if (command.stdinStream() != null) {
      pump(process, command.stdinStream());
    } else {
      feedStdin(process, command.stdin());
    }
    try {
      if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        out.join(1000);
        err.join(1000);
        throw new CommandTimeoutException(shown, command.timeout());
      }
      out.join();
      err.join();
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new CommandException("interrupted: " + shown, shown, e);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return new CommandResult(process.exitValue(), log.mask(out.text()), log.mask(err.text()), elapsed);
  }

  /**
   * Variables of this JVM that hold secrets the step reads itself (AWS keys under {@code credentials
   * env}, the database password the library binds, values the library passes by name): docker,
   * nginx, curl and the user's commands never inherit them. A command that needs one gets it
   * explicitly in {@link Command#env()}.
   */
  /** The password or token of a plain registry's login (buildAndPushEcr's registryUser): for the engine alone. */
  public static final String REGISTRY_PASSWORD = "DEPLOY_STEPS_REGISTRY_PASSWORD";

  public static boolean holdsSecret(String name) {
    return name.equals("AWS_SECRET_ACCESS_KEY") || name.equals("AWS_SESSION_TOKEN")
        || name.equals("DEPLOY_STEPS_DB_PASSWORD") || name.equals(REGISTRY_PASSWORD) || name.startsWith(io.deploysteps.engine.NamedValues.ENV_PREFIX)
        || name.startsWith(io.deploysteps.engine.NamedValues.BUILD_ARG_PREFIX);
  }

  /** stdout and stderr are read by two threads; the caller's sink sees one line at a time. */
  private static Consumer<String> serialized(Consumer<String> sink) {
    if (sink == null) {
      return null;
    }
    Object lock = new Object();
    return line -> {
      synchronized (lock) {
        sink.accept(line);
      }
    };
  }

  private static void feedStdin(Process process, byte[] stdin) {
    try (OutputStream in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin);
      }
    } catch (IOException ignored) {
      // The program exited without reading its stdin; its exit code tells the story.
    }
  }

  /** Copies a conversation's stream to stdin as it comes, flushing each chunk (Process buffers its stdin). */
  private static void pump(Process process, InputStream source) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try (OutputStream in = process.getOutputStream(); InputStream src = source) {
        int n;
        while ((n = src.read(buf)) >= 0) {
          in.write(buf, 0, n);
          in.flush();
        }
      } catch (IOException ignored) {
        // The process ended while we were writing; its exit code tells the story.
      }
    }, "stdin-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Drains one stream fully (so the child never blocks on a full pipe), line by line. */
  private final class Collector extends Thread {
    private final InputStream stream;
    private final Consumer<String> lines;
    private final StringBuilder text = new StringBuilder();

    Collector(InputStream stream, Consumer<String> lines) {
      this.stream = stream;
      this.lines = lines;
      setDaemon(true);
    }

    @Override
    public void run() {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (text) {
            text.append(line).append('\n');
          }
          if (lines != null) {
            lines.accept(log.mask(line));
          }
        }
      } catch (IOException ignored) {
        // stream closed when the process was killed
      }
    }

    String text() {
      synchronized (text) {
        return text.toString();
      }
    }
  }
}
