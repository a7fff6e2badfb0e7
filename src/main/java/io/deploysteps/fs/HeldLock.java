package io.deploysteps.fs;

/** An exclusive lock {@link HostFiles#tryLock} took; closing lets go of it (again: no effect). */
public interface HeldLock extends AutoCloseable {
  @Override
  void close();
}
