package io.deploysteps.engine;

/** The step ran and failed; the message is the one line a person needs (exit 1). */
public class StepFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StepFailedException(String message) {
    super(message);
  }

  public StepFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
