package io.deploysteps.bluegreen;

import io.deploysteps.http.HttpProbe;
import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.DockerContainers;
import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One health attempt against one container on one port, as the {@link HealthGate} repeats it.
 * When the proof is missing it also looks (at most every 250 ms) whether the container is still
 * running, so a crashing one fails in a second instead of after the whole health timeout.
 */
final class CandidateCheck implements Supplier<HealthGate.Outcome> {
  private static final long STATE_EVERY_NANOS = 250_000_000L;
  private static final int LOG_LINES = 1000;

  private final HealthCheck check;
  private final DockerContainers docker;
  private final HttpProbe probe;
  private final TimeSource time;
  private final String container;
  private final int port;
  private long lastStateCheck;

  CandidateCheck(HealthCheck check, DockerContainers docker, HttpProbe probe, TimeSource time, String container, int port) {
    this.check = check;
    this.docker = docker;
    this.probe = probe;
    this.time = time;
    this.container = container;
    this.port = port;
    // The first look at the container's state comes 250 ms in: a healthy one has usually answered by then.
    this.lastStateCheck = time.nanoTime();
  }

  static String url(int port, String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Override
  public HealthGate.Outcome get() {
    HealthGate.Outcome o = attempt();
    if (o.isPassed()) {
      return o;
    }
    long now = time.nanoTime();
    // A Docker HEALTHCHECK attempt has just inspected the container; the others look here.
    if (!(check instanceof HealthCheck.Http) || now - lastStateCheck >= STATE_EVERY_NANOS) {
      lastStateCheck = now;
      boolean inspected = check instanceof HealthCheck.DockerHealth;
      Optional<ContainerInfo> info = inspected ? Optional.empty() : docker.inspectContainer(container);
      if (!inspected) {
        if (info.isEmpty()) {
          return HealthGate.Outcome.fatal(container + " is gone");
        }
        if (!info.get().running()) {
          return HealthGate.Outcome.fatal(container + " exited with status " + info.get().exitCode() + " (" + o.detail() + ")");
        }
      }
    }
    return o;
  }

  private HealthGate.Outcome attempt() {
    if (check instanceof HealthCheck.DockerHealth) {
      return dockerHealth();
    }
    if (check instanceof HealthCheck.LogLine l) {
      String logs = docker.logs(container, LOG_LINES);
      for (String line : logs.split("\\R")) {
        if (l.pattern().matcher(line).find()) {
          return HealthGate.Outcome.passed("log line '" + line.strip() + "'");
        }
      }
      return HealthGate.Outcome.notYet("no log line matches /" + l.pattern().pattern() + "/");
    }
    HealthCheck.Http http = (HealthCheck.Http) check;
    HttpProbe.Answer a = probe.get(url(port, http.path()), Duration.ofSeconds(2));
    return http.accepts(a) ? HealthGate.Outcome.passed(a.toString())
        : HealthGate.Outcome.notYet("GET " + url(port, http.path()) + ": " + a);
  }

  private HealthGate.Outcome dockerHealth() {
    Optional<ContainerInfo> info = docker.inspectContainer(container);
    if (info.isEmpty()) {
      return HealthGate.Outcome.fatal(container + " is gone");
    }
    ContainerInfo c = info.get();
    if (!c.running()) {
      return HealthGate.Outcome.fatal(container + " exited with status " + c.exitCode());
    }
    if (c.health() == null) {
      return HealthGate.Outcome.fatal("the image of " + container + " has no HEALTHCHECK (health: docker needs one)");
    }
    return "healthy".equals(c.health()) ? HealthGate.Outcome.passed("Docker says healthy")
        : HealthGate.Outcome.notYet("Docker health is " + c.health());
  }
}
