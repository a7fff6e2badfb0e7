package io.deploysteps.bluegreen;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.engine.StepFailedException;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.testing.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DeployLockTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private final FakeTime time = new FakeTime();
  private final RecordingLog log = new RecordingLog();

  private DeployLock lock(String dir) {
    return new DeployLock(new LocalHostFiles(), time, log.log(), dir);
  }

  @Test
  public void aSecondDeployWaitsBoundedAndNamesTheHolder() {
    String dir = tmp.getRoot().toPath().resolve(".app.deploy-lock").toString();
    try (DeployLock first = lock(dir).acquire(Duration.ZERO, Duration.ofHours(1))) {
      try {
        lock(dir).acquire(Duration.ofSeconds(2), Duration.ofHours(1));
        fail("expected the lock to be refused");
      } catch (StepFailedException e) {
        assertTrue(e.getMessage(), e.getMessage().contains("pid " + ProcessHandle.current().pid()));
        assertTrue(e.getMessage(), e.getMessage().contains("waited 2 s"));
      }
      assertTrue(log.text().contains("waiting for the deploy lock"));
    }
    assertFalse(Files.exists(Path.of(dir)));
  }

  @Test
  public void takesOverALockWhoseOwnerProcessIsGone() throws Exception {
    Path dir = tmp.getRoot().toPath().resolve(".app.deploy-lock");
    Files.createDirectory(dir);
    Files.writeString(dir.resolve("owner"), "pid=" + deadPid() + "\nhost=" + DeployLock.hostName()
        + "\nstarted=" + time.now() + "\ntoken=x\n");
    try (DeployLock l = lock(dir.toString()).acquire(Duration.ZERO, Duration.ofHours(1))) {
      assertTrue(log.text(), log.text().contains("taking over the deploy lock"));
      assertTrue(Files.readString(dir.resolve("owner")).contains("pid=" + ProcessHandle.current().pid()));
    }
  }

  @Test
  public void takesOverALockOlderThanTheBound() throws Exception {
    Path dir = tmp.getRoot().toPath().resolve(".app.deploy-lock");
    Files.createDirectory(dir);
    Files.writeString(dir.resolve("owner"), "pid=1\nhost=another-host\nstarted=" + time.now().minusSeconds(3600) + "\ntoken=x\n");
    lock(dir.toString()).acquire(Duration.ZERO, Duration.ofMinutes(30)).close();
    assertTrue(log.text(), log.text().contains("older than 30 min"));
  }

  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }
}
