package io.deploysteps.exec;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.function.Predicate;

/**
 * Blanks the values of secret variables in this process's own environment block, the memory that
 * {@code /proc/PID/environ} shows and that every child starts from.
 *
 * <p>Why: the commands we start get an environment without secrets, but between fork and exec a
 * child is a copy of the JVM (the JDK's {@code jspawnhelper} is spawned with the JVM's own
 * {@code environ}), so for that instant its {@code /proc/PID/environ} holds every secret the JVM
 * was started with. The JVM copied its environment into {@link System#getenv()} when it started, so
 * the step still reads the values; only the block the kernel and libc read is overwritten, in place
 * and at the same length, as PostgreSQL's ps_status.c overwrites it for its process titles.
 * Linux only (fields 50 and 51 of {@code /proc/self/stat}, a process writing its own memory through
 * {@code /proc/self/mem}); elsewhere, or when the kernel refuses, nothing changes.
 */
public final class OwnEnvironment {
  private OwnEnvironment() {
  }

  /** Overwrites the value of every variable whose name {@code secret} accepts; how many it blanked. */
  public static int blank(Predicate<String> secret) {
    // The JVM takes its copy on first use: it must be taken before the block is blanked. With no
    // secret in it (most runs), the block is left unread: /proc/self/mem costs a cold CLI ~20 ms.
    if (System.getenv().keySet().stream().noneMatch(secret)) {
      return 0;
    }
    try {
      long[] range = environRange();
      if (range == null || range[1] <= range[0] || range[1] - range[0] > (1 << 24)) {
        return 0;
      }
      int blanked = 0;
      try (RandomAccessFile mem = new RandomAccessFile("/proc/self/mem", "rw")) {
        byte[] block = new byte[(int) (range[1] - range[0])];
        mem.seek(range[0]);
        mem.readFully(block);
        int start = 0;
        for (int i = 0; i <= block.length; i++) {
          if (i == block.length || block[i] == 0) {
            int eq = indexOf(block, (byte) '=', start, i);
            if (eq > start && eq + 1 < i
                && secret.test(new String(block, start, eq - start, StandardCharsets.UTF_8))) {
              byte[] filler = new byte[i - eq - 1];
              java.util.Arrays.fill(filler, (byte) '*');
              mem.seek(range[0] + eq + 1);
              mem.write(filler);
              blanked++;
            }
            start = i + 1;
          }
        }
      }
      return blanked;
    } catch (IOException | RuntimeException e) {
      return 0; // not Linux, or the kernel refuses: the environment stays as it was
    }
  }

  /** env_start and env_end from /proc/self/stat (fields 50 and 51, after the parenthesised name). */
  private static long[] environRange() throws IOException {
    String stat = Files.readString(Paths.get("/proc/self/stat"), StandardCharsets.UTF_8);
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    if (f.length < 49) {
      return null;
    }
    return new long[] {Long.parseLong(f[47]), Long.parseLong(f[48])};
  }

  private static int indexOf(byte[] b, byte c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
