package io.deploysteps.bluegreen;

import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Polls a check until it passes, fails for good, or time runs out: every 25 ms during the first
 * second (a fast container is switched to at once; a probe on loopback costs about a millisecond),
 * then doubling up to a cap (a slow one is not hammered).
 */
public final class HealthGate {
  static final Duration FIRST_DELAY = Duration.ofMillis(25);
  static final Duration FAST_FOR = Duration.ofSeconds(1);
  static final Duration MAX_DELAY = Duration.ofMillis(500);

  /** How often a long wait says how it goes. */
  public static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  private final TimeSource time;
  private final Progress progress;

  public HealthGate(TimeSource time) {
    this(time, (elapsed, last) -> { });
  }

  /** {@code progress} hears every {@link #PROGRESS_EVERY} of waiting how long it has been and what the last attempt found. */
  public HealthGate(TimeSource time, Progress progress) {
    this.time = time;
    this.progress = progress;
  }

  /** Told about a wait that goes on. */
  @FunctionalInterface
  public interface Progress {
    void waiting(long elapsedMillis, String lastDetail);
  }

  /** What one attempt found. */
  public static final class Outcome {
    private final boolean passed;
    private final boolean fatal;
    private final String detail;

    private Outcome(boolean passed, boolean fatal, String detail) {
      this.passed = passed;
      this.fatal = fatal;
      this.detail = detail;
    }

    public static Outcome passed(String detail) {
      return new Outcome(true, false, detail);
    }

    public static Outcome notYet(String detail) {
      return new Outcome(false, false, detail);
    }

    /** No point waiting longer (the container exited). */
    public static Outcome fatal(String detail) {
      return new Outcome(false, true, detail);
    }

    public boolean isPassed() {
      return passed;
    }

    public boolean isFatal() {
      return fatal;
    }

    public String detail() {
      return detail;
    }
  }

  /** How the wait ended. */
  public static final class Verdict {
    private final Outcome last;
    private final int attempts;
    private final long elapsedMillis;

    Verdict(Outcome last, int attempts, long elapsedMillis) {
      this.last = last;
      this.attempts = attempts;
      this.elapsedMillis = elapsedMillis;
    }

    public boolean passed() {
      return last.isPassed();
    }

    /** The last attempt's finding (why it failed, when it did). */
    public String detail() {
      return last.detail();
    }

    public int attempts() {
      return attempts;
    }

    public long elapsedMillis() {
      return elapsedMillis;
    }
  }

  /** Runs {@code check} until it passes, is fatal, or {@code timeout} has gone by. */
  public Verdict await(Supplier<Outcome> check, Duration timeout) {
    long start = time.nanoTime();
    long deadline = start + timeout.toNanos();
    Duration delay = FIRST_DELAY;
    int attempts = 0;
    long reported = start;
    while (true) {
      Outcome o = check.get();
      attempts++;
      long now = time.nanoTime();
      if (o.isPassed() || o.isFatal() || now >= deadline) {
        return new Verdict(o, attempts, (now - start) / 1_000_000L);
      }
      if (now - reported >= PROGRESS_EVERY.toNanos()) {
        reported = now;
        progress.waiting((now - start) / 1_000_000L, o.detail());
      }
      long leftNanos = deadline - now;
      Duration wait = delay.toNanos() < leftNanos ? delay : Duration.ofNanos(leftNanos);
      try {
        time.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Verdict(Outcome.fatal("interrupted while waiting: " + o.detail()), attempts, time.millisSince(start));
      }
      if (time.nanoTime() - start >= FAST_FOR.toNanos()) {
        delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
      }
    }
  }
}
