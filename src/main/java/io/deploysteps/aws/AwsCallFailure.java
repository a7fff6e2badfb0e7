package io.deploysteps.aws;

import io.deploysteps.engine.StepFailedException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Every AWS caller's error mapping: turns an SDK failure into the one line a person needs: which call, which AWS error, its message. */
public final class AwsCallFailure {
  private AwsCallFailure() {}

  /** The step failure for {@code operation} (e.g. {@code ECR DescribeRepositories}) that failed with {@code e}. */
  public static StepFailedException of(String operation, SdkException e) {
    if (e instanceof AwsServiceException && ((AwsServiceException) e).awsErrorDetails() != null) {
      AwsServiceException s = (AwsServiceException) e;
      String code = s.awsErrorDetails().errorCode();
      String message = s.awsErrorDetails().errorMessage();
      return new StepFailedException(operation + " failed: " + code + (message == null ? "" : ": " + message)
          + " (HTTP " + s.statusCode() + ")", e);
    }
    // Client-side: no network, bad credentials chain, timeouts. The SDK's message says which.
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\\R")[0];
    return new StepFailedException(operation + " failed: " + message, e);
  }
}
