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
  public void pollsFastFirstThenDoublesUpToTheCap() {
    AtomicInteger calls = new AtomicInteger();
    HealthGate.Verdict v = new HealthGate(time).await(
        () -> calls.incrementAndGet() == 8 ? HealthGate.Outcome.passed("ok") : HealthGate.Outcome.notYet("no"),
        Duration.ofSeconds(60));
    assertTrue(v.passed());
    assertEquals(8, v.attempts());
    assertEquals(List.of(ms(25), ms(50), ms(100), ms(200), ms(400), ms(500), ms(500)), time.sleeps);
    assertEquals(1775, v.elapsedMillis());
  }

  @Test
  public void givesUpAtTheTimeoutWithTheLastFinding() {
    AtomicInteger calls = new AtomicInteger();
    HealthGate.Verdict v = new HealthGate(time).await(
        () -> HealthGate.Outcome.notYet("attempt " + calls.incrementAndGet()), Duration.ofMillis(1000));
    assertFalse(v.passed());
    assertEquals(1000, v.elapsedMillis());
    assertEquals("attempt " + v.attempts(), v.detail());
    // 25+50+100+200+400 = 775, then only the 225 ms that are left.
    assertEquals(ms(225), time.sleeps.get(time.sleeps.size() - 1));
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
