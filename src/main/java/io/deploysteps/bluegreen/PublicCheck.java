package io.deploysteps.bluegreen;

import io.deploysteps.http.HttpProbe;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Proves through the public URL which colour answers. nginx with our site template names the
 * upstream in {@link #UPSTREAM_HEADER}, which must name the expected port; without it (a site
 * config of the user's own) the answer must equal that colour's direct answer (same status, same
 * body), and when the other colour answers alike nothing is proven, which is a warning. {@code
 * nginx -s reload} only signals the master, and old workers go on accepting until the new ones run
 * (a few hundred ms on a busy host), so it takes new-connection answers from the expected colour
 * for half a second straight.
 */
final class PublicCheck {
  /** The response header blue-green-site.conf adds: {@code add_header X-Deploy-Steps-Upstream $service_url always;}. */
  static final String UPSTREAM_HEADER = TrafficSwitch.UPSTREAM_HEADER;
  static final Duration STEADY_FOR = Duration.ofMillis(500);
  private static final Duration BETWEEN = Duration.ofMillis(25);

  private final HttpProbe probe;
  private final TrafficSwitch proxy;
  private final StepLog log;
  private final String publicUrl;
  private final String path;
  private final int port;

  PublicCheck(HttpProbe probe, TrafficSwitch proxy, StepLog log, String publicUrl, int port) {
    this.probe = probe;
    this.proxy = proxy;
    this.log = log;
    this.publicUrl = publicUrl;
    this.port = port;
    URI u = URI.create(publicUrl);
    this.path = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }

  /** How the check ended and, when it passed on bodies alone that both colours give, why that proves nothing. */
  record Proof(HealthGate.Verdict verdict, Optional<String> warning) {
    boolean passed() {
      return verdict.passed();
    }
  }

  /**
   * Waits until answers come from {@code port}. {@code other}: the other colour's port, whose direct
   * answer tells whether bodies can prove anything; {@code abort}: a reason to stop at once.
   */
  Proof await(TimeSource time, Duration timeout, OptionalInt other, Supplier<Optional<String>> abort) {
    String directUrl = CandidateCheck.url(port, path);
    HttpProbe.Answer direct = probe.get(directUrl, Duration.ofSeconds(2));
    boolean[] byHeader = {false};
    HealthGate gate = new HealthGate(time, (elapsed, last) -> log.info("verifying %s answers from 127.0.0.1:%d: %.1f s of %d s,"
        + " last: %s", publicUrl, port, elapsed / 1000.0, timeout.toSeconds(), last));
    HealthGate.Verdict v = gate.await(() -> {
      long since = time.nanoTime();
      while (true) {
        Optional<String> stop = abort.get();
        if (stop.isPresent()) {
          return HealthGate.Outcome.fatal(stop.get());
        }
        HttpProbe.Answer seen = probe.get(publicUrl, Duration.ofSeconds(2));
        String upstream = seen.header(UPSTREAM_HEADER);
        byHeader[0] = upstream != null;
        if (upstream != null) {
          if (!seen.answered() || seen.status() >= 500 || proxy.portNamedBy(upstream) != port) {
            return HealthGate.Outcome.notYet(publicUrl + " gave " + seen + " from upstream " + upstream);
          }
        } else if (!seen.answered() || seen.status() >= 500 || seen.status() != direct.status() || !seen.body().equals(direct.body())) {
          return HealthGate.Outcome.notYet(publicUrl + " gave " + seen + " while " + directUrl + " gives " + direct);
        }
        if (time.nanoTime() - since >= STEADY_FOR.toNanos()) {
          return HealthGate.Outcome.passed(upstream != null ? seen + " from upstream " + upstream : direct.toString());
        }
        try {
          time.sleep(BETWEEN);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return HealthGate.Outcome.fatal("interrupted");
        }
      }
    }, timeout);
    if (!v.passed() || byHeader[0] || other.isEmpty()) {
      return new Proof(v, Optional.empty());
    }
    HttpProbe.Answer theOther = probe.get(CandidateCheck.url(other.getAsInt(), path), Duration.ofSeconds(2));
    if (theOther.status() != direct.status() || !theOther.body().equals(direct.body())) {
      return new Proof(v, Optional.empty());
    }
    return new Proof(v, Optional.of(publicUrl + " answers alike from both colours (127.0.0.1:" + port + " and 127.0.0.1:"
        + other.getAsInt() + ": " + direct + ") and " + proxy.proxyName() + " sends no " + UPSTREAM_HEADER + " header, so it cannot"
        + " prove which colour " + proxy.proxyName() + " serves: " + proxy.upstreamHeaderHint()
        + " or verify a URL whose answer tells the versions apart"));
  }
}
