package io.deploysteps.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@link HostFiles} on this machine, through java.nio. */
public final class LocalHostFiles implements HostFiles {
  private static final long PID = ProcessHandle.current().pid();
  private static final java.util.concurrent.atomic.AtomicLong TEMP_COUNTER =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime() & 0xffffff);

  @Override
  public boolean exists(String path) {
    return Files.exists(Paths.get(path));
  }

  @Override
  public boolean isDirectory(String path) {
    return Files.isDirectory(Paths.get(path));
  }

  @Override
  public byte[] read(String path) {
    try {
      return Files.readAllBytes(Paths.get(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  @Override
  public String readString(String path) {
    return new String(read(path), StandardCharsets.UTF_8);
  }

  @Override
  public void writeAtomically(String path, byte[] content) {
    Path target = Paths.get(path).toAbsolutePath();
    Path tmp = null;
    try {
      tmp = newTempBeside(target);
      Files.write(tmp, content);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the original error matters more
        }
      }
    }
  }

  /**
   * An empty new file in the target's directory (so the rename is atomic), created exclusively and
   * with the umask's permissions, as the target would be. Not Files.createTempFile: its random name
   * seeds a SecureRandom, 15-25 ms in a cold CLI on the deploy's critical path; an exclusive create
   * with a pid-and-counter name is just as safe from collisions.
   */
  private static Path newTempBeside(Path target) throws IOException {
    while (true) {
      Path tmp = target.resolveSibling("." + target.getFileName() + "." + PID + "." + TEMP_COUNTER.incrementAndGet() + ".tmp");
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        // left by a process that had our pid before: take the next number
      }
    }
  }

  @Override
  public void writeAtomically(String path, String content) {
    writeAtomically(path, content.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Optional<HeldLock> tryLock(String path) {
    try {
      return FileLocks.tryLock(Paths.get(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + path, e);
    }
  }

  @Override
  public boolean createDirectory(String path) {
    try {
      Files.createDirectory(Paths.get(path));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create directory " + path, e);
    }
  }

  @Override
  public void createDirectories(String path) {
    try {
      Files.createDirectories(Paths.get(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create directory " + path, e);
    }
  }

  @Override
  public String createTempDirectory(String prefix) {
    try {
      return Files.createTempDirectory(prefix,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temp directory", e);
    }
  }

  @Override
  public void deleteRecursively(String path) {
    Path root = Paths.get(path);
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException ignored) {
      // already gone
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  @Override
  public List<String> list(String directory) {
    Path dir = Paths.get(directory);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(p -> names.add(p.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
    Collections.sort(names);
    return names;
  }

  @Override
  public List<String> filesUnder(String root) {
    Path dir = Paths.get(root);
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            out.add(dir.relativize(file).toString());
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // an unreadable corner of a build tree is not an artifact
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list files under " + root, e);
    }
    Collections.sort(out);
    return out;
  }

  @Override
  public void copy(String from, String to) {
    try {
      Path target = Paths.get(to);
      Files.createDirectories(target.getParent());
      Files.copy(Paths.get(from), target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
  }

  @Override
  public long lastModified(String path) {
    try {
      return Files.getLastModifiedTime(Paths.get(path)).toMillis();
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public String resolve(String base, String child) {
    return Paths.get(base).resolve(child).toString();
  }

  @Override
  public String realPath(String path) {
    try {
      return realPathOf(Paths.get(path)).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + path, e);
    }
  }

  /** {@link #realPath} on the machine it runs on (the plugin calls it on the agent). */
  public static Path realPathOf(Path path) throws IOException {
    Path p = path.toAbsolutePath();
    for (int hops = 0; Files.isSymbolicLink(p); hops++) {
      if (hops == 40) {
        throw new IOException(path + ": too many levels of symbolic links");
      }
      p = p.getParent().resolve(Files.readSymbolicLink(p));
    }
    Path parent = p.getParent();
    return parent != null && Files.isDirectory(parent) ? parent.toRealPath().resolve(p.getFileName()) : p;
  }

  @Override
  public String parent(String path) {
    Path p = Paths.get(path).toAbsolutePath().getParent();
    return p == null ? "/" : p.toString();
  }
}
