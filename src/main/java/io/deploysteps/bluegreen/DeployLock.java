package io.deploysteps.bluegreen;

import io.deploysteps.engine.StepFailedException;
import io.deploysteps.fs.HeldLock;
import io.deploysteps.fs.HostFiles;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One deploy at a time per service: the kernel's lock on a file beside the include, on the Docker
 * host ({@link HostFiles#tryLock}), so exactly one contender can hold it and it goes with its holder
 * however the holder dies; no stale lock is ever deleted, so no two deploys can both take one over.
 * An owner file beside it (pid, host, start time) says who holds it; a deploy that finds a record
 * there when it gets the lock knows the previous holder died and says so. A second deploy waits
 * (bounded, with progress) and then fails naming the holder.
 */
public final class DeployLock implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(100);
  private static volatile String HOST_NAME;

  private final HostFiles files;
  private final TimeSource time;
  private final StepLog log;
  private final String lockFile;
  private final String ownerFile;
  private HeldLock held;

  /** {@code lockFile}: e.g. {@link #beside}; the owner file is {@code lockFile + ".owner"}. */
  public DeployLock(HostFiles files, TimeSource time, StepLog log, String lockFile) {
    this.files = files;
    this.time = time;
    this.log = log;
    this.lockFile = lockFile;
    this.ownerFile = lockFile + ".owner";
  }

  /** The lock file for {@code service} beside the include file. */
  public static String beside(HostFiles files, String includeFile, String service) {
    return files.resolve(files.parent(includeFile), "." + service + ".deploy.lock");
  }

  public String lockFile() {
    return lockFile;
  }

  public String ownerFile() {
    return ownerFile;
  }

  /**
   * Takes the lock, waiting up to {@code wait} (a line every 5 s says for what and how long);
   * {@code staleAfter} only words the failure: a holder alive for longer is probably hung.
   */
  public DeployLock acquire(Duration wait, Duration staleAfter) {
    long start = time.nanoTime();
    long told = -1;
    while (true) {
      Optional<HeldLock> lock = tryLock();
      if (lock.isPresent()) {
        taken(lock.get());
        return this;
      }
      long waited = time.millisSince(start);
      Map<String, String> owner = readOwner();
      if (waited >= wait.toMillis()) {
        throw new StepFailedException("another deploy of this service holds the lock " + lockFile + " (" + describe(owner)
            + "); waited " + wait.toSeconds() + " s" + hung(owner, staleAfter));
      }
      if (told < 0 || waited - told >= HealthGate.PROGRESS_EVERY.toMillis()) {
        log.info("waiting for the deploy lock %s held by %s: %.1f s of %d s", lockFile, describe(owner), waited / 1000.0,
            wait.toSeconds());
        told = waited;
      }
      try {
        time.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailedException("interrupted while waiting for the deploy lock " + lockFile);
      }
    }
  }

  private Optional<HeldLock> tryLock() {
    try {
      return files.tryLock(lockFile);
    } catch (UncheckedIOException e) {
      throw new StepFailedException("cannot take the deploy lock " + lockFile + ": " + cause(e) + "; nothing was changed", e);
    }
  }

  /**
   * Records this deploy as the owner. When that fails (a full disk) the lock goes at once: a lock
   * nobody can name would keep every later deploy waiting for no one.
   */
  private void taken(HeldLock lock) {
    Map<String, String> left = readOwner();
    try {
      files.writeAtomically(ownerFile, ownerText());
    } catch (RuntimeException e) {
      lock.close();
      throw new StepFailedException("cannot record the owner of the deploy lock in " + ownerFile + ": " + cause(e)
          + "; the lock was let go and nothing was changed", e);
    }
    held = lock;
    if (!left.isEmpty()) {
      log.warn("taking over the deploy lock " + lockFile + " left by " + describe(left) + ": " + gone(left));
    }
  }

  /** Why the holder recorded in {@code owner} let go without clearing its record. */
  private static String gone(Map<String, String> owner) {
    if (hostName().equals(owner.get("host")) && owner.containsKey("pid")) {
      long pid = Long.parseLong(owner.get("pid"));
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      return alive ? "it let go without clearing its record" : "process " + pid + " on " + owner.get("host") + " is gone";
    }
    return "its holder ended without letting go (the kernel released its lock)";
  }

  private String hung(Map<String, String> owner, Duration staleAfter) {
    String started = owner.get("started");
    if (started == null) {
      return "";
    }
    try {
      Duration held = Duration.between(Instant.parse(started), time.now());
      return held.compareTo(staleAfter) > 0 ? "; it has held it for " + held.toMinutes() + " min, longer than any deploy"
          + " takes: if that deploy hangs, stop it and its lock goes with it" : "";
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static String cause(RuntimeException e) {
    Throwable c = e.getCause() != null ? e.getCause() : e;
    return c.getMessage() != null && c.getMessage().contains("No space left") ? "no space left on device"
        : c.getClass().getSimpleName() + " " + c.getMessage();
  }

  private Map<String, String> readOwner() {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      if (!files.exists(ownerFile)) {
        return out;
      }
      for (String line : files.readString(ownerFile).split("\\R")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          out.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (RuntimeException e) {
      // Removed between exists and read: the holder just let go.
    }
    return out;
  }

  private String ownerText() {
    return "pid=" + ProcessHandle.current().pid() + "\nhost=" + hostName() + "\nstarted=" + time.now() + "\n";
  }

  private static String describe(Map<String, String> owner) {
    if (!owner.containsKey("pid")) {
      return "an owner that has not written its name yet";
    }
    return "pid " + owner.get("pid") + " on " + owner.get("host") + " since " + owner.get("started");
  }

  static String hostName() {
    String name = HOST_NAME;
    if (name == null) {
      try {
        // The kernel's name, as hostname(1) prints it; InetAddress.getLocalHost() may ask DNS.
        name = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
      } catch (java.io.IOException | RuntimeException e) {
        try {
          name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException u) {
          name = "unknown-host";
        }
      }
      HOST_NAME = name;
    }
    return name;
  }

  /** Clears the owner record, then lets go (in that order, so the next holder's record is never touched). */
  @Override
  public void close() {
    if (held == null) {
      return;
    }
    try {
      files.deleteRecursively(ownerFile);
    } finally {
      held.close();
      held = null;
    }
  }
}
