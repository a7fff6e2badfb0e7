package io.deploysteps.jenkins;

import hudson.FilePath;
import hudson.Launcher;
import hudson.Proc;
import hudson.model.TaskListener;
import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandException;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import io.deploysteps.exec.CommandTimeoutException;
import io.deploysteps.log.StepLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@link CommandRunner} over {@link Launcher.ProcStarter}: commands run on the build's agent with
 * the build's environment, argv elements holding a secret masked, stdin fed from the command.
 */
final class LauncherCommandRunner implements CommandRunner {
  private final Launcher launcher;
  private final Map<String, String> buildEnv;
  private final FilePath workspace;
  private final TaskListener listener;
  private final StepLog log;
  private final boolean echoCommands;
  private volatile boolean workspaceMade;

  LauncherCommandRunner(Launcher launcher, Map<String, String> buildEnv, FilePath workspace, TaskListener listener,
      StepLog log) {
    this.launcher = launcher;
    this.buildEnv = Map.copyOf(buildEnv);
    this.workspace = workspace;
    this.listener = listener;
    this.log = log;
    this.echoCommands = "1".equals(buildEnv.get("DEPLOY_STEPS_ECHO_COMMANDS"));
  }

  @Override
  public CommandResult run(Command command) {
    command.secrets().forEach(log::addSecret);
    List<String> argv = command.argv();
    boolean[] masks = new boolean[argv.size()];
    for (int i = 0; i < masks.length; i++) {
      String arg = argv.get(i);
      masks[i] = command.secrets().stream().anyMatch(arg::contains);
    }
    Map<String, String> env = new TreeMap<>(buildEnv);
    // Variables the library binds for the engine alone (secretEnv, values by name): not for docker.
    env.keySet().removeIf(io.deploysteps.exec.LocalCommandRunner::holdsSecret);
    env.putAll(command.env());
    Lines out = new Lines(command.outputLines());
    Lines err = new Lines(command.outputLines());
    Launcher.ProcStarter starter = launcher.launch().cmds(argv).masks(masks).envs(env).quiet(!echoCommands)
        .stdout(out).stderr(err)
        .pwd(command.workDir() != null ? workspace.child(command.workDir()) : workspace);
    byte[] stdin = command.stdin();
    if (command.stdinStream() != null) {
      // Remoting copies it to the agent as it comes (runBuildspec's conversation with its bash).
      starter.stdin(command.stdinStream());
    } else if (stdin != null) {
      starter.stdin(new ByteArrayInputStream(stdin));
    }
    long start = System.nanoTime();
    int code;
    try {
      ensureWorkspace();
      Proc proc = starter.start();
      code = proc.joinWithTimeout(command.timeout().toMillis(), TimeUnit.MILLISECONDS, listener);
    } catch (IOException e) {
      throw new CommandException("cannot run " + argv.get(0) + ": " + e.getMessage(), command.display(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandException("interrupted: " + command.display(), command.display(), e);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    // Proc.joinWithTimeout kills the process at the deadline and returns its exit code.
    if (elapsed.compareTo(command.timeout()) >= 0) {
      throw new CommandTimeoutException(command.display(), command.timeout());
    }
    out.flushLine();
    err.flushLine();
    return new CommandResult(code, log.mask(out.text()), log.mask(err.text()), elapsed);
  }

  /**
   * `node {}` does not create its workspace (sh does, as a side effect), and a launch refuses a
   * working directory that does not exist: a step first in a fresh node would fail. Once per runner.
   */
  private void ensureWorkspace() throws IOException, InterruptedException {
    if (!workspaceMade) {
      workspace.mkdirs();
      workspaceMade = true;
    }
  }

  /** Keeps everything written, and hands each complete line (masked) to the command's progress sink. */
  private final class Lines extends OutputStream {
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Consumer<String> sink;

    Lines(Consumer<String> sink) {
      this.sink = sink;
    }

    @Override
    public synchronized void write(int b) {
      all.write(b);
      if (b == '\n') {
        flushLine();
      } else {
        line.write(b);
      }
    }

    synchronized void flushLine() {
      if (sink != null && line.size() > 0) {
        sink.accept(log.mask(line.toString(StandardCharsets.UTF_8)));
      }
      line.reset();
    }

    synchronized String text() {
      return all.toString(StandardCharsets.UTF_8);
    }
  }
}
