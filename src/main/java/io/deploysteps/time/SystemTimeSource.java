package io.deploysteps.time;

import java.time.Duration;
import java.time.Instant;

/** The real clock. */
final class SystemTimeSource implements TimeSource {
  static final SystemTimeSource INSTANCE = new SystemTimeSource();

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    // A wait computed from a deadline that has just passed is negative: nothing is left to wait.
    if (duration.isNegative() || duration.isZero()) {
      return;
    }
    Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000L));
  }
}
