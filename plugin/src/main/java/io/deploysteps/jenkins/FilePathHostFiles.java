package io.deploysteps.jenkins;

import hudson.FilePath;
import hudson.remoting.Channel;
import hudson.remoting.VirtualChannel;
import io.deploysteps.fs.FileLocks;
import io.deploysteps.fs.HeldLock;
import io.deploysteps.fs.HostFiles;
import io.deploysteps.fs.LocalHostFiles;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import jenkins.MasterToSlaveFileCallable;
import jenkins.security.MasterToSlaveCallable;

/** {@link HostFiles} on the build's agent, through {@link FilePath} (remote-safe). */
final class FilePathHostFiles implements HostFiles {
  private final VirtualChannel channel;

  FilePathHostFiles(VirtualChannel channel) {
    this.channel = channel;
  }

  private FilePath at(String path) {
    return new FilePath(channel, path);
  }

  /** FilePath's checked exceptions as HostFiles' unchecked ones. */
  private interface Remote<T> {
    T call() throws IOException, InterruptedException;
  }

  private static <T> T io(String what, Remote<T> op) {
    try {
      return op.call();
    } catch (IOException e) {
      throw new UncheckedIOException(what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(what, new IOException("interrupted", e));
    }
  }

  @Override
  public boolean exists(String path) {
    return io("cannot check " + path, () -> at(path).exists());
  }

  @Override
  public boolean isDirectory(String path) {
    return io("cannot check " + path, () -> at(path).isDirectory());
  }

  @Override
  public byte[] read(String path) {
    return io("cannot read " + path, () -> {
      try (InputStream in = at(path).read()) {
        return in.readAllBytes();
      }
    });
  }

  @Override
  public String readString(String path) {
    return new String(read(path), StandardCharsets.UTF_8);
  }

  @Override
  public void writeAtomically(String path, byte[] content) {
    io("cannot write " + path, () -> at(path).act(new WriteAtomically(content)));
  }

  @Override
  public void writeAtomically(String path, String content) {
    writeAtomically(path, content.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean createDirectory(String path) {
    return io("cannot create directory " + path, () -> at(path).act(new CreateDirectory()));
  }

  @Override
  public void createDirectories(String path) {
    io("cannot create directory " + path, () -> {
      at(path).mkdirs();
      return null;
    });
  }

  @Override
  public String createTempDirectory(String prefix) {
    CreatePrivateTempDirectory task = new CreatePrivateTempDirectory(prefix);
    return io("cannot create a temp directory", () -> channel == null ? task.call() : channel.call(task));
  }

  @Override
  public void deleteRecursively(String path) {
    io("cannot delete " + path, () -> {
      at(path).deleteRecursive();
      return null;
    });
  }

  @Override
  public List<String> list(String directory) {
    return io("cannot list " + directory, () -> {
      FilePath dir = at(directory);
      List<String> names = new ArrayList<>();
      if (dir.isDirectory()) {
        for (FilePath child : dir.list()) {
          names.add(child.getName());
        }
      }
      Collections.sort(names);
      return names;
    });
  }

  @Override
  public List<String> filesUnder(String root) {
    return io("cannot list files under " + root, () -> at(root).act(new FilesUnder()));
  }

  @Override
  public void copy(String from, String to) {
    io("cannot copy " + from + " to " + to, () -> at(from).act(new CopyTo(to)));
  }

  /** The walk runs on the agent: one remote call for the whole tree, not one per directory. */
  private static final class FilesUnder extends MasterToSlaveFileCallable<List<String>> {
    private static final long serialVersionUID = 1L;

    @Override
    public List<String> invoke(File f, VirtualChannel channel) {
      return new ArrayList<>(new LocalHostFiles().filesUnder(f.getPath()));
    }
  }

  /** A copy on the agent: an artifact's bytes never travel through the controller. */
  private static final class CopyTo extends MasterToSlaveFileCallable<Void> {
    private static final long serialVersionUID = 1L;
    private final String to;

    CopyTo(String to) {
      this.to = to;
    }

    @Override
    public Void invoke(File f, VirtualChannel channel) {
      new LocalHostFiles().copy(f.getPath(), to);
      return null;
    }
  }

  @Override
  public long lastModified(String path) {
    return io("cannot stat " + path, () -> at(path).exists() ? at(path).lastModified() : -1L);
  }

  @Override
  public String resolve(String base, String child) {
    return at(base).child(child).getRemote();
  }

  @Override
  public String parent(String path) {
    FilePath parent = at(path).getParent();
    return parent == null ? "/" : parent.getRemote();
  }

  /**
   * The engine's own atomic write (temp file beside the target, then a move with ATOMIC_MOVE and
   * REPLACE_EXISTING), run on the agent. Not FilePath.renameTo: it moves without REPLACE_EXISTING,
   * so it fails whenever the target exists (the proxy include after the first deploy).
   */
  private static final class WriteAtomically extends MasterToSlaveFileCallable<Void> {
    private static final long serialVersionUID = 1L;
    private final byte[] content;

    WriteAtomically(byte[] content) {
      this.content = content.clone();
    }

    @Override
    public Void invoke(File f, VirtualChannel channel) {
      new LocalHostFiles().writeAtomically(f.getPath(), content);
      return null;
    }
  }

  /**
   * The lock is the agent JVM's (the kernel's lock on the open file goes with that process); the
   * controller holds a key to it. Should the controller go away mid-deploy, the channel closing lets
   * go of every lock taken over it, so a controller restart leaves no lock behind.
   */
  @Override
  public Optional<HeldLock> tryLock(String path) {
    String key = io("cannot lock " + path, () -> at(path).act(new TryLock()));
    if (key == null) {
      return Optional.empty();
    }
    return Optional.of(new HeldLock() {
      private boolean open = true;

      @Override
      public synchronized void close() {
        if (open) {
          open = false;
          Unlock task = new Unlock(key);
          io("cannot let go of the lock " + path, () -> channel == null ? task.call() : channel.call(task));
        }
      }
    });
  }

  /** Locks taken over remoting, on the agent, by key; and the channel each was taken over. */
  private static final Map<String, HeldLock> AGENT_LOCKS = new ConcurrentHashMap<>();
  private static final Map<String, Channel> TAKEN_OVER = new ConcurrentHashMap<>();
  private static final Set<Channel> WATCHED = ConcurrentHashMap.newKeySet();

  /** {@link FileLocks#tryLock} on the agent; returns the key to let go with, or null when held. */
  private static final class TryLock extends MasterToSlaveFileCallable<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String invoke(File f, VirtualChannel channel) throws IOException {
      Optional<HeldLock> lock = FileLocks.tryLock(f.toPath());
      if (lock.isEmpty()) {
        return null;
      }
      String key = UUID.randomUUID().toString();
      AGENT_LOCKS.put(key, lock.get());
      Channel current = Channel.current();
      if (current != null) {
        TAKEN_OVER.put(key, current);
        if (WATCHED.add(current)) {
          current.addListener(new Channel.Listener() {
            @Override
            public void onClosed(Channel c, IOException cause) {
              WATCHED.remove(c);
              TAKEN_OVER.forEach((k, over) -> {
                if (over == c) {
                  Unlock.release(k);
                }
              });
            }
          });
        }
      }
      return key;
    }
  }

  private static final class Unlock extends MasterToSlaveCallable<Void, IOException> {
    private static final long serialVersionUID = 1L;
    private final String key;

    Unlock(String key) {
      this.key = key;
    }

    static void release(String key) {
      TAKEN_OVER.remove(key);
      HeldLock lock = AGENT_LOCKS.remove(key);
      if (lock != null) {
        lock.close();
      }
    }

    @Override
    public Void call() {
      release(key);
      return null;
    }
  }

  @Override
  public String realPath(String path) {
    return io("cannot resolve " + path, () -> at(path).act(new RealPath()));
  }

  /** {@link LocalHostFiles#realPathOf} on the agent, where the links are. */
  private static final class RealPath extends MasterToSlaveFileCallable<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String invoke(File f, VirtualChannel channel) throws IOException {
      return LocalHostFiles.realPathOf(f.toPath()).toString();
    }
  }

  /** Files.createDirectory on the agent: atomic, so it serves as a lock. */
  private static final class CreateDirectory extends MasterToSlaveFileCallable<Boolean> {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean invoke(File f, VirtualChannel channel) throws IOException {
      try {
        Files.createDirectory(f.toPath());
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
  }

  /** A 0700 directory in the agent's temp directory (e.g. a throwaway DOCKER_CONFIG). */
  private static final class CreatePrivateTempDirectory extends MasterToSlaveCallable<String, IOException> {
    private static final long serialVersionUID = 1L;
    private final String prefix;

    CreatePrivateTempDirectory(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public String call() throws IOException {
      return Files.createTempDirectory(prefix,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))).toString();
    }
  }
}
