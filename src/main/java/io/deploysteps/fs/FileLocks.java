package io.deploysteps.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive locks on files of this machine, for this JVM: the kernel's lock on an open file
 * (fcntl), which exactly one process can hold and which goes with the process however it ends.
 * Such locks belong to the process, not the thread, and closing any descriptor of the file lets go
 * of them: so threads of this JVM take a slot per file first, and only the slot's owner ever opens
 * the file. The file is created when absent and never deleted (a new file under the same name
 * would be a second lock).
 */
public final class FileLocks {
  private static final ConcurrentHashMap<Path, Held> HELD = new ConcurrentHashMap<>();

  private FileLocks() {}

  /** The lock on {@code path}, or empty when another thread or process holds it. */
  public static Optional<HeldLock> tryLock(Path path) throws IOException {
    Path key = LocalHostFiles.realPathOf(path);
    Held mine = new Held(key);
    if (HELD.putIfAbsent(key, mine) != null) {
      return Optional.empty();
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock != null) {
        mine.channel = channel;
        return Optional.of(mine);
      }
    } catch (OverlappingFileLockException e) {
      // The same file under another name, held by a thread of this JVM.
    } finally {
      if (mine.channel == null) {
        if (channel != null) {
          channel.close();
        }
        HELD.remove(key, mine);
      }
    }
    return Optional.empty();
  }

  private static final class Held implements HeldLock {
    private final Path key;
    private FileChannel channel;

    Held(Path key) {
      this.key = key;
    }

    @Override
    public synchronized void close() {
      if (channel == null) {
        return;
      }
      try {
        channel.close();
      } catch (IOException e) {
        // Closing the descriptor lets go of the lock whatever close reports.
      }
      channel = null;
      HELD.remove(key, this);
    }
  }
}
