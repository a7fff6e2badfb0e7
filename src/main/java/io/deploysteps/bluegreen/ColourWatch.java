package io.deploysteps.bluegreen;

import io.deploysteps.http.HttpProbe;
import io.deploysteps.docker.ContainerState;
import io.deploysteps.docker.DockerContainers;
import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Looks at the colour that just got traffic, from the switch until the old colour may stop: its
 * health check every 100 ms (failing twice in a row counts: one slow answer does not) and its
 * container every 250 ms (still running, the same RestartCount as when the watch began, not
 * OOM-killed). A version that passed its gate and dies a second later is caught while the old
 * colour still runs.
 */
final class ColourWatch implements AutoCloseable {
  private static final Duration PROBE_EVERY = Duration.ofMillis(100);
  private static final long STATE_EVERY_NANOS = 250_000_000L;

  private final HealthCheck check;
  private final DockerContainers docker;
  private final HttpProbe probe;
  private final TimeSource time;
  private final String container;
  private final int port;
  private final AtomicReference<String> failure = new AtomicReference<>();
  private volatile String lastAnswer = "no answer yet";
  private volatile boolean closed;
  private Integer restartsAtStart;
  private int probeFailures;
  private Thread thread;

  /** {@code container}: the id (it is renamed while watched). */
  ColourWatch(HealthCheck check, DockerContainers docker, HttpProbe probe, TimeSource time, String container, int port) {
    this.check = check;
    this.docker = docker;
    this.probe = probe;
    this.time = time;
    this.container = container;
    this.port = port;
  }

  ColourWatch start() {
    thread = new Thread(this::loop, "blueGreenDeploy-watch");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /** What the watch saw go wrong; empty while all is well. */
  Optional<String> failure() {
    return Optional.ofNullable(failure.get());
  }

  /** The last health answer, for progress lines. */
  String lastAnswer() {
    return lastAnswer;
  }

  private void loop() {
    long lastState = 0;
    boolean first = true;
    while (!closed && failure.get() == null) {
      try {
        probeOnce();
        long now = time.nanoTime();
        if (first || now - lastState >= STATE_EVERY_NANOS) {
          first = false;
          lastState = now;
          stateOnce();
        }
        time.sleep(PROBE_EVERY);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // A docker call that failed is no verdict on the container; the next round asks again.
        lastAnswer = "could not look: " + e.getMessage();
      }
    }
  }

  private void probeOnce() {
    if (!(check instanceof HealthCheck.Http http)) {
      return;
    }
    String url = CandidateCheck.url(port, http.path());
    HttpProbe.Answer a = probe.get(url, Duration.ofSeconds(1));
    lastAnswer = "GET " + url + ": " + a;
    if (http.accepts(a)) {
      probeFailures = 0;
    } else if (++probeFailures >= 2 && !closed) {
      failure.compareAndSet(null, "GET " + url + " failed twice in a row (" + a + ")");
    }
  }

  private void stateOnce() {
    Optional<ContainerState> s = docker.containerState(container);
    if (closed) {
      return;
    }
    if (s.isEmpty()) {
      failure.compareAndSet(null, "the container is gone");
      return;
    }
    ContainerState st = s.get();
    if (restartsAtStart == null) {
      restartsAtStart = st.restartCount();
    }
    if (!(check instanceof HealthCheck.Http)) {
      lastAnswer = "container " + st;
    }
    if (st.oomKilled()) {
      failure.compareAndSet(null, "the OOM killer ended it (" + st + ")");
    } else if (st.restartCount() != restartsAtStart) {
      failure.compareAndSet(null, "its restart policy restarted it (RestartCount " + restartsAtStart + " -> " + st.restartCount()
          + ", now " + st.status() + ")");
    } else if (!st.running() || !"running".equals(st.status())) {
      failure.compareAndSet(null, "it is " + st);
    } else if (check instanceof HealthCheck.DockerHealth && "unhealthy".equals(st.health())) {
      failure.compareAndSet(null, "Docker says it is unhealthy (" + st + ")");
    }
  }

  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
