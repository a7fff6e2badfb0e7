package io.deploysteps.bluegreen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The built CLI jar run as its own process, so a test can SIGKILL it mid-deploy. */
final class CliProcess {
  static final Path JAR = Paths.get("target", "deploy-steps.jar");

  final Process process;
  final List<String> stderr = new ArrayList<>();
  private final Thread reader;

  private CliProcess(Process process) {
    this.process = process;
    this.reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          System.err.println("cli> " + line);
          synchronized (stderr) {
            stderr.add(line);
            stderr.notifyAll();
          }
        }
      } catch (IOException e) {
        // the process was killed
      }
    });
    reader.start();
  }

  static CliProcess start(Map<String, String> env, List<String> args) {
    if (!Files.exists(JAR)) {
      throw new AssertionError(JAR + " is missing: run the ITs through mvn verify (package comes first)");
    }
    List<String> argv = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString()));
    argv.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(env);
    try {
      return new CliProcess(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until a stderr line contains {@code text}. */
  void awaitLine(String text, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    synchronized (stderr) {
      while (stderr.stream().noneMatch(l -> l.contains(text))) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0 || !process.isAlive() && stderr.stream().noneMatch(l -> l.contains(text))) {
          throw new AssertionError("no line with '" + text + "' in " + stderr);
        }
        stderr.wait(Math.min(left, 200));
      }
    }
  }

  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    reader.join(5000);
  }

  int exitCode(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the CLI did not finish within " + seconds + " s: " + stderr);
    }
    reader.join(5000);
    return process.exitValue();
  }

  String stderrText() {
    synchronized (stderr) {
      return String.join("\n", stderr);
    }
  }
}
