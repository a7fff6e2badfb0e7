package io.deploysteps.prune;

import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import io.deploysteps.engine.StepFailedException;
import java.time.Duration;

/**
 * How full the filesystem holding Docker's data root is. Read on the host that runs the commands
 * (in Jenkins, the agent) with GNU {@code df}, never with java.io.File of the JVM's machine.
 */
public interface DiskUsage {
  /** One reading: bytes used and available as {@code df} counts them (reserved blocks excluded). */
  record Reading(long usedBytes, long availableBytes) {
    /** Used percent as df's Use% computes it: used / (used + available). */
    public double usedPercent() {
      long total = usedBytes + availableBytes;
      return total == 0 ? 0 : usedBytes * 100.0 / total;
    }

    /** Bytes to free to come down to {@code percent}. */
    public long bytesAbove(double percent) {
      return Math.max(0, usedBytes - (long) Math.floor((usedBytes + availableBytes) * percent / 100.0));
    }
  }

  Reading read();

  /** {@code df --block-size=1 --output=used,avail PATH} through the runner. */
  static DiskUsage df(CommandRunner runner, String path) {
    return () -> {
      Command c = Command.of("df", "--block-size=1", "--output=used,avail", path).timeout(Duration.ofSeconds(30)).build();
      CommandResult r = runner.run(c);
      String[] lines = r.stdout().strip().split("\\R");
      if (!r.ok() || lines.length < 2) {
        throw new StepFailedException("cannot read the disk use of " + path + ": " + c.display() + ": " + r.lastErrorLine());
      }
      String[] f = lines[lines.length - 1].strip().split("\\s+");
      try {
        return new Reading(Long.parseLong(f[0]), Long.parseLong(f[1]));
      } catch (RuntimeException e) {
        throw new StepFailedException("cannot read the disk use of " + path + ": unexpected df output '" + lines[lines.length - 1] + "'");
      }
    };
  }
}
