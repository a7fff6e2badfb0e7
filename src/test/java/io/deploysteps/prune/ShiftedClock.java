package io.deploysteps.prune;

import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** A clock whose wall time is fixed or shifted (to make images "old" without waiting); never sleeps. */
final class ShiftedClock implements TimeSource {
  private final Supplier<Instant> now;

  private ShiftedClock(Supplier<Instant> now) {
    this.now = now;
  }

  static ShiftedClock fixed(Instant at) {
    return new ShiftedClock(() -> at);
  }

  /** The real time plus {@code offset}. */
  static ShiftedClock shifted(Duration offset) {
    return new ShiftedClock(() -> Instant.now().plus(offset));
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant now() {
    return now.get();
  }

  @Override
  public void sleep(Duration duration) {}
}
