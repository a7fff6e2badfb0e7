package io.deploysteps.log;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The only way the engine talks to a person. Every line is masked of every secret this log (or
 * any log derived from it) was told about, before the line leaves the process.
 */
public final class StepLog {
  private final Consumer<String> sink;
  private final Set<String> secrets;
  private final String prefix;

  private StepLog(Consumer<String> sink, Set<String> secrets, String prefix) {
    this.sink = sink;
    this.secrets = secrets;
    this.prefix = prefix;
  }

  public static StepLog to(Consumer<String> sink) {
    return new StepLog(sink, ConcurrentHashMap.newKeySet(), "");
  }

  public static StepLog to(PrintStream out) {
    return to(line -> {
      out.println(line);
      out.flush();
    });
  }

  /** A log whose lines start with {@code [step] }, sharing this log's secrets. */
  public StepLog forStep(String step) {
    return new StepLog(sink, secrets, "[" + step + "] ");
  }

  /** From now on, masks {@code secret} in every line of this log and its relatives. */
  public void addSecret(String secret) {
    if (secret != null && !secret.isEmpty()) {
      secrets.add(secret);
    }
  }

  public Set<String> secrets() {
    return Set.copyOf(secrets);
  }

  public String mask(String text) {
    return Masking.mask(text, secrets);
  }

  public void info(String message) {
    emit(message);
  }

  public void info(String format, Object... args) {
    emit(String.format(java.util.Locale.ROOT, format, args));
  }

  public void warn(String message) {
    emit("WARNING: " + message);
  }

  private void emit(String message) {
    for (String line : message.split("\\R", -1)) {
      sink.accept(mask(prefix + line));
    }
  }
}
