package io.deploysteps.fs;

import java.util.List;
import java.util.Optional;

/**
 * Files on the machine where the commands run (the Jenkins agent, or this machine for the CLI).
 * Paths are absolute strings of that machine. Failures are {@link java.io.UncheckedIOException}.
 */
public interface HostFiles {
  boolean exists(String path);

  boolean isDirectory(String path);

  byte[] read(String path);

  String readString(String path);

  /** Writes a temp file beside {@code path} and renames it over, so readers never see half a file. */
  void writeAtomically(String path, byte[] content);

  void writeAtomically(String path, String content);

  /**
   * Takes an exclusive lock on {@code path} without waiting, or empty when another holder has it:
   * the kernel's lock on the open file, let go when the holder closes it or dies, however it dies.
   * The file is created when absent and must never be deleted.
   */
  Optional<HeldLock> tryLock(String path);

  /** Creates one directory; false when it already exists. Atomic, so it serves as a lock. */
  boolean createDirectory(String path);

  void createDirectories(String path);

  /** A new private (0700) temp directory, for things like a throwaway DOCKER_CONFIG. */
  String createTempDirectory(String prefix);

  /** Deletes a file or a directory tree; no error when it is absent. */
  void deleteRecursively(String path);

  /** Names of the entries of a directory, sorted; empty when it is absent. */
  List<String> list(String directory);

  /**
   * Every regular file under {@code root} (symbolic links not followed), as sorted '/'-separated
   * paths relative to it; empty when {@code root} is not a directory. One call, however deep the
   * tree: on an agent it is walked there, not one remote call per directory.
   */
  List<String> filesUnder(String root);

  /** Copies the file {@code from} over {@code to}, creating {@code to}'s directories; the bytes stay on that machine. */
  void copy(String from, String to);

  /** Modification time in epoch milliseconds, or -1 when absent. */
  long lastModified(String path);

  /** {@code child} resolved against {@code base} (unchanged when already absolute). */
  String resolve(String base, String child);

  /** The parent directory of {@code path}. */
  String parent(String path);

  /**
   * {@code path} with every symbolic link resolved, also when the last target does not exist yet:
   * the file a write must replace so that a symlink stays a symlink.
   */
  String realPath(String path);
}
