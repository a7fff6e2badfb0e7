package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

public class HealthGateTest {
  private final FakeTime time = new FakeTime();

  @Test
  public void pollsEvery25msForASecondThenDoublesUpToTheCap() {
    AtomicInteger calls = new AtomicInteger();
    HealthGate.Verdict v = new HealthGate(time).await(
        () -> calls.incrementAndGet() == 46 ? HealthGate.Outcome.passed("ok") : HealthGate.Outcome.notYet("no"),
        Duration.ofSeconds(60));
    assertTrue(v.passed());
    assertEquals(46, v.attempts());
    List<Duration> expected = new java.util.ArrayList<>(java.util.Collections.nCopies(40, ms(25)));
    expected.addAll(List.of(ms(50), ms(100), ms(200), ms(400), ms(500)));
    assertEquals(expected, time.sleeps);
    assertEquals(2250, v.elapsedMillis());
  }

  @Test
  public void givesUpAtTheTimeoutWithTheLastFinding() {
    AtomicInteger calls = new AtomicInteger();
    HealthGate.Verdict v = new HealthGate(time).await(
        () -> HealthGate.Outcome.notYet("attempt " + calls.incrementAndGet()), Duration.ofMillis(1300));
    assertFalse(v.passed());
    assertEquals(1300, v.elapsedMillis());
    assertEquals("attempt " + v.attempts(), v.detail());
    // 40 x 25 ms = 1000, then 50 + 100 = 1150, 200 would pass the bound: only the 150 ms left.
    assertEquals(List.of(ms(50), ms(100), ms(150)), time.sleeps.subList(40, 43));
  }

  @Test
  public void stopsAtOnceOnAFatalFinding() {
    HealthGate.Verdict v = new HealthGate(time).await(() -> HealthGate.Outcome.fatal("exited with status 3"),
        Duration.ofSeconds(60));
    assertFalse(v.passed());
    assertEquals(1, v.attempts());
    assertEquals("exited with status 3", v.detail());
    assertTrue(time.sleeps.isEmpty());
  }

  private static Duration ms(long n) {
    return Duration.ofMillis(n);
  }
}
