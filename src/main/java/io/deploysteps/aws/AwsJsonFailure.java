package io.deploysteps.aws;

import io.deploysteps.engine.StepFailedException;

/** A JSON-protocol AWS call that failed, in one line: which call, which AWS error, its message. */
public final class AwsJsonFailure extends StepFailedException {
  private static final long serialVersionUID = 1L;
  private final String errorCode;

  AwsJsonFailure(String call, String errorCode, int status, String message) {
    super(call + " failed: " + (errorCode == null ? "" : errorCode + (message == null ? "" : ": "))
        + (message == null ? "" : message) + (status == 0 ? "" : " (HTTP " + status + ")"));
    this.errorCode = errorCode;
  }

  /** The AWS error code ({@code AccessDeniedException}), or null for a network failure. */
  public String errorCode() {
    return errorCode;
  }
}
