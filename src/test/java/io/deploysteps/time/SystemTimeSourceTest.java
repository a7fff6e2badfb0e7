package io.deploysteps.time;

import static org.junit.Assert.assertTrue;

import java.time.Duration;
import org.junit.Test;

public class SystemTimeSourceTest {
  /** A wait computed from a deadline that has just passed is negative; Thread.sleep would throw for it. */
  @Test
  public void aWaitWhoseDeadlineHasPassedReturnsAtOnce() throws InterruptedException {
    long before = System.nanoTime();
    TimeSource.system().sleep(Duration.ofNanos(-1_500_000));
    TimeSource.system().sleep(Duration.ofMillis(-3));
    TimeSource.system().sleep(Duration.ZERO);
    assertTrue(System.nanoTime() - before < Duration.ofSeconds(1).toNanos());
  }

  @Test
  public void aSubMillisecondWaitIsTakenWhole() throws InterruptedException {
    long before = System.nanoTime();
    TimeSource.system().sleep(Duration.ofNanos(2_500_000));
    assertTrue(System.nanoTime() - before >= 2_000_000);
  }
}
