package io.deploysteps.ecr;

import io.deploysteps.docker.DockerException;
import io.deploysteps.docker.DockerUnavailableException;
import io.deploysteps.docker.PushResult;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Retries a push that failed for a network reason (connection refused or reset, timeout, EOF, a 5xx
 * from the registry), a bounded number of times with exponential backoff. Anything else (denied,
 * unauthorized, manifest invalid, disk full) fails at once: retrying would only hide it.
 */
final class PushRetry {
  private static final Pattern NETWORK = Pattern.compile(
      "connection refused|connection reset|broken pipe|i/o timeout|timeout|timed out|\\beof\\b|no route to host"
          + "|tls handshake|temporary failure|server misbehaving|network is unreachable"
          + "|\\b50[0-4]\\b|internal server error|bad gateway|service unavailable|gateway time-?out");
  private static final Pattern AUTH = Pattern.compile(
      "denied|unauthorized|authentication required|forbidden|no basic auth credentials|\\b40[13]\\b");

  private final TimeSource time;
  private final StepLog log;
  private final int attempts;
  private final Duration firstBackoff;

  PushRetry(TimeSource time, StepLog log, int attempts, Duration firstBackoff) {
    this.time = time;
    this.log = log;
    this.attempts = attempts;
    this.firstBackoff = firstBackoff;
  }

  static boolean isNetworkError(String stderr) {
    String s = stderr.toLowerCase(Locale.ROOT);
    return !AUTH.matcher(s).find() && NETWORK.matcher(s).find();
  }

  PushResult push(String reference, Supplier<PushResult> push) {
    Duration backoff = firstBackoff;
    for (int attempt = 1; ; attempt++) {
      try {
        return push.get();
      } catch (DockerUnavailableException e) {
        throw e; // the daemon, not the registry: nothing a retry of the push fixes
      } catch (DockerException e) {
        String why = e.stderr().isBlank() ? e.getMessage() : lastLine(e.stderr());
        if (!isNetworkError(e.stderr() + "\n" + e.getMessage())) {
          throw new StepFailedException("push of " + reference + " failed: " + why, e);
        }
        if (attempt >= attempts) {
          throw new StepFailedException("push of " + reference + " failed after " + attempts + " attempts: " + why, e);
        }
        log.warn(String.format(Locale.ROOT, "push of %s failed (attempt %d of %d): %s; retrying in %.1f s",
            reference, attempt, attempts, why, backoff.toMillis() / 1000.0));
        try {
          time.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new StepFailedException("interrupted while waiting to retry the push of " + reference, ie);
        }
        backoff = backoff.multipliedBy(2);
      }
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\\R");
    return lines[lines.length - 1].strip();
  }
}
