package io.deploysteps.bluegreen;

import io.deploysteps.engine.StepFailedException;
import io.deploysteps.fs.HostFiles;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One deploy at a time per service: a directory created atomically on the Docker host, with an
 * owner file (pid, host, start time). A second deploy waits (bounded) and then fails naming the
 * holder; a lock whose owner process is gone, or that is older than a bound, is taken over.
 */
public final class DeployLock implements AutoCloseable {
  private static final String OWNER = "owner";
  private static volatile String HOST_NAME;

  private final HostFiles files;
  private final TimeSource time;
  private final StepLog log;
  private final String dir;
  // Unique enough to tell two holders apart, without the cost of seeding a SecureRandom (UUID).
  private final String token = ProcessHandle.current().pid() + "-" + System.nanoTime() + "-" + System.identityHashCode(this);
  private boolean held;

  public DeployLock(HostFiles files, TimeSource time, StepLog log, String dir) {
    this.files = files;
    this.time = time;
    this.log = log;
    this.dir = dir;
  }

  /** The lock directory for {@code service} beside the include file. */
  public static String beside(HostFiles files, String includeFile, String service) {
    return files.resolve(files.parent(includeFile), "." + service + ".deploy-lock");
  }

  public String directory() {
    return dir;
  }

  /**
   * Takes the lock, waiting up to {@code wait}; a lock older than {@code staleAfter} or whose owner
   * process on this machine is dead counts as abandoned.
   */
  public DeployLock acquire(Duration wait, Duration staleAfter) {
    long start = time.nanoTime();
    boolean told = false;
    long toldAt = 0;
    while (true) {
      if (files.createDirectory(dir)) {
        files.writeAtomically(files.resolve(dir, OWNER), ownerText());
        held = true;
        return this;
      }
      Map<String, String> owner = readOwner();
      String stale = staleReason(owner, staleAfter);
      if (stale != null && sameOwner(owner, readOwner())) {
        log.warn("taking over the deploy lock " + dir + " held by " + describe(owner) + ": " + stale);
        files.deleteRecursively(dir);
        continue;
      }
      if (time.millisSince(start) >= wait.toMillis()) {
        throw new StepFailedException("another deploy of this service holds the lock " + dir + " (" + describe(owner)
            + "); waited " + wait.toSeconds() + " s");
      }
      long waited = time.millisSince(start);
      if (!told || waited - toldAt >= HealthGate.PROGRESS_EVERY.toMillis()) {
        log.info("waiting for the deploy lock %s held by %s: %.1f s of %d s", dir, describe(owner), waited / 1000.0, wait.toSeconds());
        told = true;
        toldAt = waited;
      }
      try {
        time.sleep(Duration.ofMillis(100));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailedException("interrupted while waiting for the deploy lock " + dir);
      }
    }
  }

  private String staleReason(Map<String, String> owner, Duration staleAfter) {
    long modified = files.lastModified(dir);
    if (modified < 0) {
      return "it is gone";
    }
    if (!owner.containsKey("pid")) {
      // Being created this very moment, or its creator died before writing the owner file.
      return Duration.between(Instant.ofEpochMilli(modified), time.now()).toSeconds() > 10 ? "it has no owner file" : null;
    }
    // Age counts even for a live owner: in Jenkins the owner is the controller's JVM, alive for ever.
    Instant since = owner.containsKey("started") ? Instant.parse(owner.get("started")) : Instant.ofEpochMilli(modified);
    if (Duration.between(since, time.now()).compareTo(staleAfter) > 0) {
      return "older than " + staleAfter.toMinutes() + " min";
    }
    if (hostName().equals(owner.get("host"))) {
      long pid = Long.parseLong(owner.get("pid"));
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? null
          : "process " + pid + " on " + owner.get("host") + " is gone";
    }
    return null;
  }

  private static boolean sameOwner(Map<String, String> a, Map<String, String> b) {
    return a.equals(b);
  }

  private Map<String, String> readOwner() {
    Map<String, String> out = new LinkedHashMap<>();
    String file = files.resolve(dir, OWNER);
    try {
      if (!files.exists(file)) {
        return out;
      }
      for (String line : files.readString(file).split("\\R")) {
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
    return "pid=" + ProcessHandle.current().pid() + "\nhost=" + hostName() + "\nstarted=" + time.now() + "\ntoken=" + token + "\n";
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

  /** Lets go, only if this deploy still holds it (a takeover may have happened). */
  @Override
  public void close() {
    if (held && readOwner().getOrDefault("token", "").equals(token)) {
      files.deleteRecursively(dir);
    }
    held = false;
  }
}
