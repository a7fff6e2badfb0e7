package io.deploysteps.bluegreen;

import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A process (or thread) of {@link DeployLockRaceTest}: {@code hold ROOT N} takes the locks of N
 * trials and waits to be killed; {@code contend ROOT N ID} takes each trial's lock in turn, when the
 * trial's {@code go} file appears, and says when it found another holder inside.
 */
public final class LockContender {
  private LockContender() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[1]);
    int trials = Integer.parseInt(args[2]);
    if (args[0].equals("hold")) {
      List<DeployLock> held = new ArrayList<>();
      for (int i = 0; i < trials; i++) {
        held.add(lock(root, i, new StringBuilder()).acquire(Duration.ZERO, Duration.ofHours(1)));
      }
      System.out.println("held");
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
    for (int i = 0; i < trials; i++) {
      Files.createFile(trial(root, i).resolve("ready-" + args[3]));
      while (!Files.exists(trial(root, i).resolve("go"))) {
        Thread.onSpinWait();
      }
      System.out.println(contend(root, i));
    }
    System.out.println("DONE");
  }

  static Path trial(Path root, int i) {
    return root.resolve("t" + i);
  }

  /**
   * One turn: takes the lock, checks nobody else is inside, holds it briefly. "DOUBLE i" /
   * "TAKEOVER i" / "OK i", or "ERROR i ..." when the lock itself failed.
   */
  static String contend(Path root, int i) throws IOException, InterruptedException {
    try {
      return turn(root, i);
    } catch (RuntimeException e) {
      return "ERROR " + i + " " + e;
    }
  }

  private static String turn(Path root, int i) throws IOException, InterruptedException {
    StringBuilder said = new StringBuilder();
    Path inside = trial(root, i).resolve("inside");
    String verdict;
    try (DeployLock l = lock(root, i, said).acquire(Duration.ofSeconds(60), Duration.ofHours(1))) {
      try {
        Files.createDirectory(inside);
      } catch (FileAlreadyExistsException e) {
        return "DOUBLE " + i;
      }
      Thread.sleep(3);
      Files.delete(inside);
      verdict = said.toString().contains("taking over") ? "TAKEOVER " + i : "OK " + i;
    }
    return verdict;
  }

  private static DeployLock lock(Path root, int i, StringBuilder said) throws IOException {
    Files.createDirectories(trial(root, i));
    return new DeployLock(new LocalHostFiles(), FAST, StepLog.to(line -> {
      synchronized (said) {
        said.append(line).append('\n');
      }
    }), trial(root, i).resolve(".app.deploy.lock").toString());
  }

  /** The real clock, polling every millisecond: the race is in the takeover, not the wait. */
  private static final TimeSource FAST = new TimeSource() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public Instant now() {
      return Instant.now();
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
      Thread.sleep(1);
    }
  };
}
