package io.deploysteps.bluegreen;

import io.deploysteps.http.HttpProbe;
import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.DeployLabels;
import io.deploysteps.docker.DockerContainers;
import io.deploysteps.docker.ImageIdentity;
import io.deploysteps.docker.RunSpec;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** What blueGreenDeploy does to one service's containers: start a colour, gate it, retire one. */
final class ServiceContainers {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final int LOG_TAIL = 30;

  private final BlueGreenRequest request;
  private final DockerContainers docker;
  private final HttpProbe probe;
  private final TimeSource time;
  private final StepLog log;
  private final Map<String, String> env;
  private final String envFile;

  ServiceContainers(BlueGreenRequest request, DockerContainers docker, HttpProbe probe, TimeSource time, StepLog log,
      Map<String, String> env, String envFile) {
    this.request = request;
    this.docker = docker;
    this.probe = probe;
    this.time = time;
    this.log = log;
    this.env = env;
    this.envFile = envFile;
  }

  /**
   * Starts the image on {@code port} as {@code NAME-PORT-next}, labelled so pruneDocker protects it
   * and, through {@link DeployLabels#PREVIOUS}, the container {@code previousId} it will keep for rollback,
   * with the id and digest of the image that runs (a tag may move later).
   */
  String start(int port, java.util.Optional<String> previousId, ImageIdentity image) {
    RunSpec.Builder spec = RunSpec.image(request.image.toString())
        .name(request.candidateName(port))
        .env(io.deploysteps.engine.NamedValues.overlay(withColour(port), env, io.deploysteps.engine.NamedValues.ENV_PREFIX))
        .label(DeployLabels.SERVICE, request.name)
        .label(DeployLabels.PORT, String.valueOf(port))
        .label(DeployLabels.IMAGE, request.image.toString())
        .label(DeployLabels.IMAGE_ID, image.id())
        .label(DeployLabels.DIGEST, image.digestFor(request.image))
        .label(DeployLabels.DEPLOYED_AT, STAMP.format(time.now()))
        .stopTimeout(request.stopTimeout);
    previousId.ifPresent(id -> spec.label(DeployLabels.PREVIOUS, id));
    String revision = env.get("GIT_COMMIT");
    if (revision != null && !revision.isBlank()) {
      spec.label(DeployLabels.REVISION, revision);
    }
    if (envFile != null) {
      spec.envFile(envFile);
    }
    if (request.network.equals("host")) {
      // The app binds the port itself; docker lets --env win over an --env-file's PORT.
      spec.network("host").env("PORT", String.valueOf(port));
    } else {
      spec.publish("127.0.0.1:" + port + ":" + request.containerPort);
      if (!request.network.equals("bridge")) {
        // The candidate is NAME-PORT-next until traffic is on it: the alias is the name nginx is pointed at
        // from the switch on (the kept NAME-PORT is stopped, and a stopped container has no DNS name).
        spec.network(request.network).networkAlias(request.containerName(port));
      }
    }
    return docker.run(spec.build());
  }

  /** env, then the colour's own variables over it ({@code colourEnv}: blue is the first port). */
  private Map<String, String> withColour(int port) {
    Map<String, String> colour = request.colourEnv.get(port == request.ports().first() ? "blue" : "green");
    if (colour.isEmpty()) {
      return request.env;
    }
    Map<String, String> merged = new java.util.LinkedHashMap<>(request.env);
    merged.putAll(colour);
    return merged;
  }

  /** Waits until {@code container} on {@code port} passes the health check, within {@code timeout}. */
  HealthGate.Verdict gate(String container, int port, Duration timeout) {
    CandidateCheck check = new CandidateCheck(request.health, docker, probe, time, container, port);
    return new HealthGate(time, (elapsed, last) -> log.info("waiting for %s on 127.0.0.1:%d to pass %s: %.1f s of %d s, last: %s",
        container, port, request.health, elapsed / 1000.0, timeout.toSeconds(), last)).await(check, timeout);
  }

  /**
   * Gives a colour that passed its health gate the service's restart policy. A candidate runs
   * without one, so a crash ends it (and the gate says why) instead of a restart loop that would
   * only look like a slow start.
   */
  void armRestart(String container) {
    if (!request.restart.equals("no")) {
      docker.setRestartPolicy(container, request.restart);
    }
  }

  /**
   * Gives the new container its colour's name once traffic is on it; the container that had the
   * name is the generation before the kept one, and goes.
   */
  void promote(int port) {
    docker.removeContainer(request.containerName(port), true);
    docker.rename(request.candidateName(port), request.containerName(port));
  }

  /** The last lines of the container's log, for a failure message. */
  void showLogTail(String container) {
    String tail = docker.logs(container, LOG_TAIL);
    log.info("last %d log lines of %s:%n%s", LOG_TAIL, container, tail.isEmpty() ? "(empty)" : tail.indent(2).stripTrailing());
  }

  /** Stops a container that no longer gets traffic: kept (stopped) for rollback, or removed. */
  void retire(ContainerInfo c, boolean keep) {
    long start = time.nanoTime();
    if (keep) {
      if (c.running()) {
        docker.stop(c.name(), request.stopTimeout);
      }
      log.info("stopped %s in %.1f s (kept for rollback)", c.name(), time.millisSince(start) / 1000.0);
    } else {
      docker.removeContainer(c.name(), true);
      log.info("removed %s", c.name());
    }
  }

  void remove(String container) {
    docker.removeContainer(container, true);
  }
}
