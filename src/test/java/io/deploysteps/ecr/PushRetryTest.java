package io.deploysteps.ecr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.docker.DockerException;
import io.deploysteps.docker.PushResult;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class PushRetryTest {
  private static final String REFUSED =
      "Get \"http://127.0.0.1:5099/v2/\": dial tcp 127.0.0.1:5099: connect: connection refused";
  private final List<Duration> sleeps = new ArrayList<>();
  private final TimeSource time = new TimeSource() {
    @Override
    public long nanoTime() {
      return 0;
    }

    @Override
    public Instant now() {
      return Instant.EPOCH;
    }

    @Override
    public void sleep(Duration d) {
      sleeps.add(d);
    }
  };
  private final RecordingLog log = new RecordingLog();
  private final PushRetry retry = new PushRetry(time, log.log(), 4, Duration.ofSeconds(1));
  private int calls;

  private static DockerException failure(String stderr) {
    return new DockerException("docker push r:1", new CommandResult(1, "", stderr + "\n", Duration.ZERO));
  }

  @Test
  public void classifiesNetworkErrorsOnly() {
    assertTrue(PushRetry.isNetworkError(REFUSED));
    assertTrue(PushRetry.isNetworkError("read tcp 127.0.0.1:40000->127.0.0.1:5000: read: connection reset by peer"));
    assertTrue(PushRetry.isNetworkError("net/http: TLS handshake timeout"));
    assertTrue(PushRetry.isNetworkError("Patch \"http://r/v2/a/blobs/uploads/x\": EOF"));
    assertTrue(PushRetry.isNetworkError("received unexpected HTTP status: 503 Service Unavailable"));
    assertTrue(PushRetry.isNetworkError("received unexpected HTTP status: 502 Bad Gateway"));
    assertFalse(PushRetry.isNetworkError("denied: requested access to the resource is denied"));
    assertFalse(PushRetry.isNetworkError("unauthorized: authentication required"));
    assertFalse(PushRetry.isNetworkError("no basic auth credentials"));
    assertFalse(PushRetry.isNetworkError("manifest invalid: manifest invalid"));
    assertFalse(PushRetry.isNetworkError("tag invalid: The image tag 'latest' already exists and cannot be overwritten"));
  }

  @Test
  public void retriesANetworkFailureWithExponentialBackoffThenSucceeds() {
    PushResult ok = new PushResult("sha256:" + "a".repeat(64), 1, 2);
    PushResult r = retry.push("r:1", () -> {
      if (++calls < 3) {
        throw failure(REFUSED);
      }
      return ok;
    });
    assertEquals(ok, r);
    assertEquals(3, calls);
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeps);
    assertEquals(2, log.lines().size());
    assertEquals("WARNING: push of r:1 failed (attempt 1 of 4): " + REFUSED + "; retrying in 1.0 s", log.lines().get(0));
  }

  @Test
  public void givesUpAfterTheLastAttempt() {
    try {
      retry.push("r:1", () -> {
        calls++;
        throw failure(REFUSED);
      });
      fail("expected failure");
    } catch (StepFailedException e) {
      assertEquals("push of r:1 failed after 4 attempts: " + REFUSED, e.getMessage());
    }
    assertEquals(4, calls);
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), sleeps);
  }

  @Test
  public void neverRetriesADeniedPush() {
    try {
      retry.push("r:1", () -> {
        calls++;
        throw failure("denied: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:InitiateLayerUpload");
      });
      fail("expected failure");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("push of r:1 failed: denied: "));
    }
    assertEquals(1, calls);
    assertEquals(List.of(), sleeps);
  }
}
