package io.deploysteps.bluegreen;

import io.deploysteps.time.TimeSource;
import java.net.URI;
import java.time.Duration;

/**
 * After the switch: the public URL must answer as the new container answers the same path
 * directly (same status, same body), i.e. nginx now sends requests to the new colour. {@code nginx
 * -s reload} only signals the master, and old workers accept for a moment longer, so it takes
 * several answers in a row on new connections.
 */
final class PublicCheck {
  private static final int IN_A_ROW = 3;

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
      for (int i = 0; i < IN_A_ROW; i++) {
        HttpProbe.Answer seen = probe.get(publicUrl, Duration.ofSeconds(2));
        if (!seen.answered() || seen.status() >= 500 || seen.status() != direct.status() || !seen.body().equals(direct.body())) {
          return HealthGate.Outcome.notYet(publicUrl + " gave " + seen + " while " + directUrl + " gives " + direct);
        }
      }
      return HealthGate.Outcome.passed(direct.toString());
    }, timeout);
  }
}
