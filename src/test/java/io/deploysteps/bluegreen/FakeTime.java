package io.deploysteps.bluegreen;

import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when slept on, recording every sleep. */
final class FakeTime implements TimeSource {
  long nanos;
  Instant wall = Instant.parse("2026-11-23T00:00:00Z");
  final List<Duration> sleeps = new ArrayList<>();

  @Override
  public long nanoTime() {
    return nanos;
  }

  @Override
  public Instant now() {
    return wall.plusNanos(nanos);
  }

  @Override
  public void sleep(Duration d) {
    sleeps.add(d);
    nanos += d.toNanos();
  }
}
