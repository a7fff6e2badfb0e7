package io.deploysteps.time;

import java.time.Duration;
import java.time.Instant;

/** The clock and the sleeper, so waits and timings can be tested without sleeping. */
public interface TimeSource {
  /** Monotonic nanoseconds, for measuring elapsed time. */
  long nanoTime();

  /** Wall-clock time, for labels and ages. */
  Instant now();

  void sleep(Duration duration) throws InterruptedException;

  static TimeSource system() {
    return SystemTimeSource.INSTANCE;
  }

  /** Milliseconds elapsed since {@code startNanos} (a value of {@link #nanoTime()}). */
  default long millisSince(long startNanos) {
    return (nanoTime() - startNanos) / 1_000_000L;
  }
}
