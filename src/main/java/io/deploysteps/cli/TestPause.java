package io.deploysteps.cli;

import io.deploysteps.context.Checkpoints;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.util.Map;

/**
 * The CLI's door for the real-process crash ITs: with {@value #ENV} set, the run stops at that
 * checkpoint and waits to be killed (SIGKILL of a real CLI process, the dockerd and nginx real too).
 * The runners know only {@link Checkpoints}; no environment variable reaches them.
 */
public final class TestPause implements Checkpoints {
  /** The checkpoint to stop at, e.g. {@code before-stop}. */
  public static final String ENV = "DEPLOY_STEPS_TEST_PAUSE_AT";

  private final String at;
  private final StepLog log;
  private final TimeSource time;

  private TestPause(String at, StepLog log, TimeSource time) {
    this.at = at;
    this.log = log;
    this.time = time;
  }

  /** A pause at the point {@code env} names, or {@link Checkpoints#NONE} when it names none. */
  static Checkpoints from(Map<String, String> env, StepLog log, TimeSource time) {
    String at = env.get(ENV);
    return at == null || at.isBlank() ? Checkpoints.NONE : new TestPause(at, log, time);
  }

  @Override
  public void reached(String point) {
    if (!point.equals(at)) {
      return;
    }
    log.info("test pause at %s (waiting to be killed)", point);
    try {
      time.sleep(Duration.ofHours(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
