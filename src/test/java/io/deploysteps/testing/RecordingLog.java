package io.deploysteps.testing;

import io.deploysteps.log.StepLog;
import java.util.ArrayList;
import java.util.List;

/** A StepLog whose lines tests can read (already masked, as a person would see them). */
public final class RecordingLog {
  private final List<String> lines = new ArrayList<>();
  private final StepLog log = StepLog.to(line -> {
    synchronized (lines) {
      lines.add(line);
    }
    System.err.println(line);
  });

  public StepLog log() {
    return log;
  }

  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  public String text() {
    return String.join("\n", lines());
  }
}
