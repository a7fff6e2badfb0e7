package io.deploysteps.bluegreen;

import io.deploysteps.time.TimeSource;
import java.net.URI;
import java.time.Duration;

/**
 * After the switch: the public URL must answer as the new container answers the same path
 * directly (same status, same body), i.e. nginx now sends requests to the new colour. {@code nginx
 * -s reload} only signals the master, and old workers go on accepting until the new ones run (a
 * few hundred ms on a busy host), so it takes new-connection answers from the new colour for half
 * a second straight.
 */
final class PublicCheck {
  static final Duration STEADY_FOR = Duration.ofMillis(500);
  private static final Duration BETWEEN = Duration.ofMillis(25);

  private final HttpProbe probe;
  private final String publicUrl;
  private final String directUrl;

  PublicCheck(HttpProbe probe, String publicUrl, int port) {
    this.probe = probe;
    this.publicUrl = publicUrl;
    URI u = URI.create(publicUrl);
    String path = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    this.directUrl = CandidateCheck.url(port, path);
  }

  HealthGate.Verdict await(TimeSource time, Duration timeout) {
    HttpProbe.Answer direct = probe.get(directUrl, Duration.ofSeconds(2));
    return new HealthGate(time).await(() -> {
      long since = time.nanoTime();
      while (true) {
        HttpProbe.Answer seen = probe.get(publicUrl, Duration.ofSeconds(2));
        if (!seen.answered() || seen.status() >= 500 || seen.status() != direct.status() || !seen.body().equals(direct.body())) {
          return HealthGate.Outcome.notYet(publicUrl + " gave " + seen + " while " + directUrl + " gives " + direct);
        }
        if (time.nanoTime() - since >= STEADY_FOR.toNanos()) {
          return HealthGate.Outcome.passed(direct.toString());
        }
        try {
          time.sleep(BETWEEN);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return HealthGate.Outcome.fatal("interrupted");
        }
      }
    }, timeout);
  }
}
