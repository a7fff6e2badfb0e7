package io.deploysteps.docker;

import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.log.StepLog;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes the session directories a killed step left (SIGKILL runs no shutdown hook): those of
 * this user whose process is gone, or that are older than the longest docker call a step makes.
 * Another user's directories are never touched.
 */
final class StaleSessions {
  /** DockerCli's timeout for a build or a push: no live session is older. */
  static final Duration LONGEST_BUILD = Duration.ofMinutes(60);
  private static final Pattern PID = Pattern.compile("-([0-9]{1,10})-[0-9]+$");

  private StaleSessions() {}

  static int sweep(Path tmp, String prefix, StepLog log) {
    String me = System.getProperty("user.name");
    long now = System.currentTimeMillis();
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp, prefix + "*")) {
      for (Path p : entries) {
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
            || !me.equals(Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName())) {
          continue;
        }
        long age = now - Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis();
        if (age > LONGEST_BUILD.toMillis() || ownerGone(p.getFileName().toString())) {
          new LocalHostFiles().deleteRecursively(p.toString());
          log.info("removed %s, left by a step that was killed", p);
          removed++;
        }
      }
    } catch (IOException | RuntimeException e) {
      log.warn("cannot sweep old docker configs in " + tmp + ": " + e.getMessage());
    }
    return removed;
  }

  private static boolean ownerGone(String name) {
    Matcher m = PID.matcher(name);
    if (!m.find()) {
      return false; // an older name without a pid: only its age tells
    }
    long pid = Long.parseLong(m.group(1));
    return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
  }
}
