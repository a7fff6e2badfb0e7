package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.engine.StepFailedException;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.testing.RecordingLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Long waits say how they go at least every 5 s: what they wait for, how long so far, the last answer. */
public class WaitProgressTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private final FakeTime time = new FakeTime();

  @Test
  public void theHealthGateReportsEveryFiveSecondsWithTheLastFinding() {
    List<String> heard = new ArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    new HealthGate(time, (elapsed, last) -> heard.add(elapsed / 1000 + " s: " + last))
        .await(() -> HealthGate.Outcome.notYet("attempt " + calls.incrementAndGet()), Duration.ofSeconds(16));
    assertEquals(heard.toString(), 3, heard.size());
    assertTrue(heard.get(0), heard.get(0).startsWith("5 s: attempt "));
    assertTrue(heard.get(2), heard.get(2).startsWith("15 s: attempt "));
  }

  @Test
  public void aDeployWaitingForTheLockSaysSoEveryFiveSeconds() {
    RecordingLog log = new RecordingLog();
    String dir = tmp.getRoot().toPath().resolve(".app.deploy-lock").toString();
    try (DeployLock first = new DeployLock(new LocalHostFiles(), time, log.log(), dir).acquire(Duration.ZERO, Duration.ofHours(1))) {
      try {
        new DeployLock(new LocalHostFiles(), time, log.log(), dir).acquire(Duration.ofSeconds(12), Duration.ofHours(1));
        fail("expected the lock to be refused");
      } catch (StepFailedException e) {
        assertTrue(e.getMessage(), e.getMessage().contains("waited 12 s"));
      }
    }
    long lines = log.text().lines().filter(l -> l.contains("waiting for the deploy lock")).count();
    assertEquals(log.text(), 3, lines);
    assertTrue(log.text(), log.text().contains(": 10.0 s of 12 s"));
  }
}
