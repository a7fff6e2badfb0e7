package io.deploysteps.bluegreen;

import io.deploysteps.time.TimeSource;
import java.util.LinkedHashMap;
import java.util.Map;

/** Milliseconds per phase of a deploy, in order, for the result and the bench. */
final class PhaseClock {
  private final TimeSource time;
  final Map<String, Long> millis = new LinkedHashMap<>();
  private long last;

  PhaseClock(TimeSource time) {
    this.time = time;
    this.last = time.nanoTime();
  }

  /** Milliseconds since the last phase ended. */
  long sinceLast() {
    return time.millisSince(last);
  }

  /** Ends {@code phase} now (a phase ended twice adds up). */
  void end(String phase) {
    long now = time.nanoTime();
    millis.merge(phase, (now - last) / 1_000_000L, Long::sum);
    last = now;
  }
}
