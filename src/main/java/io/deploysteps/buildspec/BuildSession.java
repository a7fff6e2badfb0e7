package io.deploysteps.buildspec;

import io.deploysteps.engine.StepFailedException;
import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The one bash a build runs in (resources io/deploysteps/buildspec/session.bash), started once
 * through the {@link CommandRunner} and spoken to over its stdin: each buildspec command goes in as
 * data, its exit code and duration come back on a line holding a random mark. No shell text is
 * built here: the commands are the user's own program, names are checked identifiers, values are
 * data the session exports as they are.
 */
public final class BuildSession implements AutoCloseable {
  /** What one command gave: its exit code, its duration, the tail of its output (for RETRY-regex). */
  public record Outcome(int exitCode, long durationMs, String output) {}

  private static final String SCRIPT = script();
  private static final int TAIL_CHARS = 64 * 1024;
  private static final String[] ENDED = {"ENDED"};

  private final Conversation stdin = new Conversation();
  private final LinkedBlockingQueue<String[]> answers = new LinkedBlockingQueue<>();
  private final String mark;
  private final Consumer<String> output;
  private final StringBuilder tail = new StringBuilder();
  private final CompletableFuture<CommandResult> ended;
  private volatile String failure;
  private volatile ShimAnswers shim = (what, region, ids) -> {
    throw new StepFailedException("no ECR login in this session");
  };

  /** What the {@code aws} shim's ECR commands print; the implementation registers the token as a secret first. */
  public interface ShimAnswers {
    List<String> answer(String what, String region, List<String> registryIds);
  }

  /** Who answers {@code aws ecr get-login[-password]} from inside the build. */
  public void answerShimWith(ShimAnswers answers) {
    this.shim = answers;
  }

  /** The mark the {@code aws} shim writes its requests with (DEPLOY_STEPS_AWS_SHIM in the build). */
  public String mark() {
    return mark;
  }

  private BuildSession(CommandRunner runner, List<String> prefix, boolean ownGroup, Map<String, String> env,
      String workDir, Consumer<String> output, Duration timeout) {
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    this.mark = "##runBuildspec-" + HexFormat.of().formatHex(random) + "##";
    this.output = output;
    List<String> argv = new ArrayList<>(prefix);
    argv.addAll(List.of("bash", "--noprofile", "--norc", "-c", SCRIPT, "runBuildspec", mark));
    if (ownGroup) {
      argv.add("own-group");
    }
    Command command = Command.of(argv).env(env).workDir(workDir).timeout(timeout).stdinStream(stdin)
        .outputLines(this::line).build();
    ended = CompletableFuture.supplyAsync(() -> runner.run(command), runnable -> {
      Thread t = new Thread(runnable, "runBuildspec-bash");
      t.setDaemon(true);
      t.start();
    });
    ended.whenComplete((result, error) -> {
      if (error != null) {
        failure = String.valueOf(error.getCause() == null ? error : error.getCause().getMessage());
      } else if (result != null && !result.ok()) {
        failure = "bash exited " + result.exitCode() + ": " + result.lastErrorLine();
      }
      answers.add(ENDED);
    });
  }

  /**
   * Starts the session. {@code prefix} goes before {@code bash} ({@code setsid}, or a
   * {@code docker run ...} argv for image mode); {@code ownGroup} when the session leads its own
   * process group, so it may end what the build left running when it stops.
   */
  public static BuildSession start(CommandRunner runner, List<String> prefix, boolean ownGroup,
      Map<String, String> env, String workDir, Consumer<String> output, Duration timeout) {
    return new BuildSession(runner, prefix, ownGroup, env, workDir, output, timeout);
  }

  /** Runs one command in the session's shell (its state persists), or in a subshell when {@code isolated}. */
  public Outcome run(String command, boolean isolated) {
    synchronized (tail) {
      tail.setLength(0);
    }
    send(isolated ? "I" : "R", command);
    String[] a = answer("E");
    String out;
    synchronized (tail) {
      out = tail.toString();
    }
    return new Outcome(Integer.parseInt(a[1]), Long.parseLong(a[2]) / 1000, out);
  }

  /** Exports {@code name=value} in the shell (the value is data: no expansion, no quoting). */
  public void export(String name, String value) {
    send("S", name + "=" + value);
    String[] a = answer("S");
    if (!a[1].equals("ok")) {
      throw new StepFailedException("cannot export '" + name + "': not a variable name");
    }
  }

  /** The shell's current value of a variable, empty when it is not set. */
  public Optional<String> value(String name) {
    send("V", name);
    return decoded(answer("V"));
  }

  /**
   * {@code text} expanded in the shell as CodeBuild expands {@code artifacts/name} ("shell commands
   * and environment variables"): as a here-document, in a subshell; empty when the expansion failed.
   */
  public Optional<String> expand(String text) {
    send("N", text);
    return decoded(answer("N"));
  }

  /** "KIND -": nothing; "KIND BASE64": the text; "KIND" alone: the empty text (base64 of "" is ""). */
  private static Optional<String> decoded(String[] a) {
    if (a.length < 2) {
      return Optional.of("");
    }
    return a[1].equals("-") ? Optional.empty() : Optional.of(new String(Base64.getDecoder().decode(a[1]), StandardCharsets.UTF_8));
  }

  /** Stops the session (ending what the build left running) and waits for its bash to exit. */
  @Override
  public void close() {
    if (!ended.isDone()) {
      send("Q", "");
      stdin.close();
    }
    try {
      ended.get();
    } catch (Exception e) {
      // The failure was recorded when the run ended.
    }
  }

  private void send(String op, String payload) {
    byte[] body = payload.getBytes(StandardCharsets.UTF_8);
    byte[] head = (op + " " + body.length + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    stdin.send(all);
  }

  private String[] answer(String kind) {
    String[] a;
    while (true) {
      try {
        a = answers.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailedException("interrupted while the build ran");
      }
      if (a.length >= 3 && a[0].equals("T") && !kind.equals("T")) {
        answerShim(a);
        continue;
      }
      break;
    }
    if (a == ENDED) {
      answers.add(ENDED);
      throw new StepFailedException("the build's bash ended before it answered" + (failure == null ? "" : ": " + failure));
    }
    if (!a[0].equals(kind)) {
      throw new StepFailedException("the build's bash answered '" + String.join(" ", a) + "' to a " + kind + " request");
    }
    return a;
  }

  /** Answers the {@code aws} shim's request ("T what region ids"): one "OK line" per line, then END. */
  private void answerShim(String[] request) {
    StringBuilder reply = new StringBuilder();
    try {
      List<String> ids = request.length < 4 || request[3].equals("-") ? List.of()
          : List.of(java.util.Arrays.copyOfRange(request, 3, request.length));
      for (String l : shim.answer(request[1], request[2], ids)) {
        reply.append("OK ").append(l.replace('\n', ' ')).append('\n');
      }
      reply.append("END\n");
    } catch (RuntimeException e) {
      reply.setLength(0);
      reply.append("ERR ").append(String.valueOf(e.getMessage()).replace('\n', ' ')).append('\n');
    }
    stdin.send(reply.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Every line of the session's output: answers go to the queue, the build's own lines to the log. */
  private void line(String line) {
    int at = line.indexOf(mark);
    String own = at < 0 ? line : line.substring(0, at);
    if (at < 0 || !own.isEmpty()) {
      output.accept(own);
      synchronized (tail) {
        tail.append(own).append('\n');
        if (tail.length() > TAIL_CHARS) {
          tail.delete(0, tail.length() - TAIL_CHARS);
        }
      }
    }
    if (at >= 0) {
      answers.add(line.substring(at + mark.length()).strip().split(" "));
    }
  }

  private static String script() {
    try (InputStream in = BuildSession.class.getResourceAsStream("/io/deploysteps/buildspec/session.bash")) {
      if (in == null) {
        throw new IllegalStateException("session.bash is missing from the engine jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
