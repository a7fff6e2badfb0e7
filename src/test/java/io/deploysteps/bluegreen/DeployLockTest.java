package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.engine.StepFailedException;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.testing.RecordingLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DeployLockTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private final FakeTime time = new FakeTime();
  private final RecordingLog log = new RecordingLog();

  private DeployLock lock(String file) {
    return new DeployLock(new LocalHostFiles(), time, log.log(), file);
  }

  private String lockFile() {
    return tmp.getRoot().toPath().resolve(".app.deploy.lock").toString();
  }

  @Test
  public void aSecondDeployWaitsBoundedAndNamesTheHolder() throws Exception {
    String file = lockFile();
    try (DeployLock first = lock(file).acquire(Duration.ZERO, Duration.ofHours(1))) {
      try {
        lock(file).acquire(Duration.ofSeconds(2), Duration.ofHours(1));
        fail("expected the lock to be refused");
      } catch (StepFailedException e) {
        assertTrue(e.getMessage(), e.getMessage().contains("pid " + ProcessHandle.current().pid()));
        assertTrue(e.getMessage(), e.getMessage().contains("waited 2 s"));
      }
      assertTrue(log.text().contains("waiting for the deploy lock"));
    }
    assertFalse("the owner record goes with the lock", Files.exists(Path.of(file + ".owner")));
    assertTrue("the lock file itself stays: a new one would be a second lock", Files.exists(Path.of(file)));
    lock(file).acquire(Duration.ZERO, Duration.ofHours(1)).close();
    assertFalse(log.text(), log.text().contains("taking over"));
  }

  @Test
  public void theWaitSaysEveryFiveSecondsWhatForHowLongAndWhoHoldsIt() {
    String file = lockFile();
    try (DeployLock first = lock(file).acquire(Duration.ZERO, Duration.ofHours(1))) {
      try {
        lock(file).acquire(Duration.ofSeconds(12), Duration.ofHours(1));
        fail("expected the lock to be refused");
      } catch (StepFailedException e) {
        assertTrue(e.getMessage(), e.getMessage().contains("waited 12 s"));
      }
    }
    String holder = "pid " + ProcessHandle.current().pid() + " on " + DeployLock.hostName() + " since " + time.wall;
    List<String> lines = Arrays.stream(log.text().split("\n")).filter(l -> l.contains("waiting for")).collect(Collectors.toList());
    assertEquals(List.of(
        "waiting for the deploy lock " + file + " held by " + holder + ": 0.0 s of 12 s",
        "waiting for the deploy lock " + file + " held by " + holder + ": 5.0 s of 12 s",
        "waiting for the deploy lock " + file + " held by " + holder + ": 10.0 s of 12 s"), lines);
  }

  @Test
  public void takesOverALockWhoseOwnerProcessIsGone() throws Exception {
    Path file = Path.of(lockFile());
    Path owner = Path.of(file + ".owner");
    Files.writeString(owner, "pid=" + deadPid() + "\nhost=" + DeployLock.hostName() + "\nstarted=" + time.now() + "\n");
    try (DeployLock l = lock(file.toString()).acquire(Duration.ZERO, Duration.ofHours(1))) {
      assertTrue(log.text(), log.text().contains("taking over the deploy lock"));
      assertTrue(log.text(), log.text().contains("is gone"));
      assertTrue(Files.readString(owner).contains("pid=" + ProcessHandle.current().pid()));
    }
  }

  @Test
  public void aLiveHolderIsNeverTakenOverButAnOldOneIsCalledHung() {
    String file = lockFile();
    try (DeployLock first = lock(file).acquire(Duration.ZERO, Duration.ofMinutes(30))) {
      time.sleep(Duration.ofMinutes(45));
      try {
        lock(file).acquire(Duration.ZERO, Duration.ofMinutes(30));
        fail("expected the lock to be refused");
      } catch (StepFailedException e) {
        assertTrue(e.getMessage(), e.getMessage().contains("it has held it for 45 min, longer than any deploy takes"));
      }
    }
  }

  /** A real full filesystem: a 64 kB tmpfs (needs root; skipped elsewhere), filled up before the lock is taken. */
  @Test
  public void aFullFilesystemLeavesNoOwnerlessLockBehind() throws Exception {
    Path small = tmp.newFolder("small").toPath();
    Assume.assumeTrue("needs root to mount a tmpfs", run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small.toString()) == 0);
    try {
      String file = small.resolve(".app.deploy.lock").toString();
      Path filler = small.resolve("filler");
      try (OutputStream out = Files.newOutputStream(filler)) {
        while (true) {
          out.write(new byte[4096]);
        }
      } catch (IOException full) {
        assertTrue(full.getMessage(), String.valueOf(full.getMessage()).contains("No space left"));
      }
      try {
        lock(file).acquire(Duration.ZERO, Duration.ofHours(1));
        fail("expected a failure: there is no room for the owner record");
      } catch (StepFailedException e) {
        assertTrue(e.getMessage(), e.getMessage().contains("no space left on device; the lock was let go and nothing was changed"));
      }
      Files.delete(filler);
      try (DeployLock next = lock(file).acquire(Duration.ZERO, Duration.ofHours(1))) {
        assertFalse("nothing of the failed attempt is left to take over: " + log.text(), log.text().contains("taking over"));
      }
      try (var left = Files.list(small)) {
        assertEquals("no temp owner file left", List.of(Path.of(file)), left.collect(Collectors.toList()));
      }
    } finally {
      run("umount", small.toString());
    }
  }

  private static int run(String... argv) throws Exception {
    return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
  }

  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }
}
