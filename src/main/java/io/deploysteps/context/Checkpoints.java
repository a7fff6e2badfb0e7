package io.deploysteps.context;

/**
 * The named points a runner passes where a crash would leave a state worth testing (blueGreenDeploy:
 * {@code candidate-started}, {@code include-written}, {@code before-stop}). Doors pass {@link #NONE};
 * a test stops or kills the run at a point, which is how every kill point gets its test.
 */
@FunctionalInterface
public interface Checkpoints {
  /** Passes every point without a word: what a real run gets. */
  Checkpoints NONE = point -> { };

  /** The run is at {@code point}; returns to go on (a test may throw, or block until it is killed). */
  void reached(String point);
}
