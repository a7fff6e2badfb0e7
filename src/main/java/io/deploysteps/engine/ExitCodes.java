package io.deploysteps.engine;

/** Exit codes of the CLI, which the shared library maps to build results. */
public final class ExitCodes {
  /** The step did what was asked. */
  public static final int OK = 0;
  /** The step ran and failed. */
  public static final int FAILED = 1;
  /** Bad usage or parameters; nothing was changed. */
  public static final int USAGE = 2;
  /** Done, with warnings that should mark the build UNSTABLE. */
  public static final int UNSTABLE = 3;

  private ExitCodes() {}
}
