package io.deploysteps.bluegreen;

import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.DockerCompose;
import io.deploysteps.docker.DockerContainers;
import io.deploysteps.docker.DockerException;
import io.deploysteps.docker.ImageIdentity;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.exec.CommandRunner;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

/**
 * blueGreenDeploy's colours as the two services of a compose file (seed 004's
 * {@code docker-compose up -d importback-green}, then {@code stop importback-blue}): the idle
 * service is created anew with the image, gated, switched to, and the old one stopped and kept
 * (compose keeps one container per service: the kept version is the idle service's container,
 * which the next deploy replaces). A rollback starts it again.
 */
final class ComposeColours {
  private final BlueGreenRequest r;
  private final ComposeSpec spec;
  private final DockerCompose compose;
  private final DockerContainers docker;
  private final ServiceContainers containers;
  private final StepLog log;
  private final TimeSource time;
  private final PhaseClock phases;

  ComposeColours(BlueGreenRequest r, DockerCompose compose, DockerContainers docker, ServiceContainers containers, StepLog log,
      TimeSource time, PhaseClock phases) {
    this.r = r;
    this.spec = r.compose;
    this.compose = compose;
    this.docker = docker;
    this.containers = containers;
    this.log = log;
    this.time = time;
    this.phases = phases;
  }

  /**
   * The compose of {@code file} (resolved), refused before anything changes (exit 2) when no compose
   * runs here or the file does not declare both services.
   */
  static DockerCompose open(BlueGreenRequest r, CommandRunner runner, String dockerProgram, String file, String envFile) {
    ComposeSpec spec = r.compose;
    DockerCompose compose = DockerCompose.find(runner, dockerProgram, file, spec.project(), envFile)
        .orElseThrow(() -> new InvalidParameterException("compose", "needs Docker Compose on the Docker host: neither '"
            + dockerProgram + " compose' (v2) nor 'docker-compose' (v1) runs there; nothing was changed"));
    List<String> services;
    try {
      services = compose.services(imageOrPlaceholder(r));
    } catch (DockerException e) {
      throw new InvalidParameterException("compose.file", file + " is not a compose file " + compose.program() + " reads: "
          + e.getMessage() + "; nothing was changed");
    }
    for (String colour : List.of("blue", "green")) {
      String service = colour.equals("blue") ? spec.blue() : spec.green();
      if (!services.contains(service)) {
        throw new InvalidParameterException("compose.services." + colour, "'" + service + "' is no service of " + file
            + " (it has " + services + "); nothing was changed");
      }
    }
    return compose;
  }

  /** The service containers by port (blue on the first), and the live port from the switch. */
  ColourState state(TrafficSwitch proxy) {
    Map<Integer, ContainerInfo> byPort = new LinkedHashMap<>();
    for (int port : List.of(r.ports().first(), r.ports().second())) {
      compose.containerId(spec.serviceOn(port, r.ports()), imageOrPlaceholder(r)).flatMap(docker::inspectContainer)
          .ifPresent(c -> byPort.put(port, c));
    }
    return ColourState.of(r, proxy, byPort);
  }

  /** {@code requireFree}: nothing else answers the idle port (the runner's check). */
  BlueGreenRunner.Outcome deploy(ColourState state, Cutover cutover, ImageIdentity image, IntConsumer requireFree) {
    int idle = state.idlePort();
    String service = spec.serviceOn(idle, r.ports());
    String img = r.image.toString();
    if (state.idle().filter(ContainerInfo::running).isEmpty()) {
      requireFree.accept(idle);
    }
    compose.up(service, img);
    ContainerInfo started = container(service, img);
    log.info("started %s (%s) on 127.0.0.1:%d with %s up in %.1f s", started.name(), img, idle, compose.program(),
        phases.sinceLast() / 1000.0);
    phases.end("start");
    long healthyAt = gated(state, service, started, img, "removed", () -> compose.remove(service, img));
    cutover.run(state, new Cutover.Target(started.id(), started.name(), idle, healthyAt), () -> compose.remove(service, img),
        service + " removed");
    Map<String, Object> previous = retire(state);
    return new BlueGreenRunner.Outcome("deploy", idle, started.name(), started.id(), img, image.digestFor(r.image), previous,
        cutover.warnings());
  }

  /** {@code requireTarget}: the runner's check that the kept version is the one to go back to. */
  BlueGreenRunner.Outcome rollback(ColourState state, TrafficSwitch proxy, Cutover cutover,
      BiConsumer<ColourState, ContainerInfo> requireTarget) {
    if (state.livePort().isEmpty()) {
      throw new StepFailedException(proxy.name() + " does not exist yet: nothing was deployed, nothing to roll back to");
    }
    int idle = state.idlePort();
    String service = spec.serviceOn(idle, r.ports());
    ContainerInfo previous = state.idle().orElseThrow(() -> new StepFailedException("service " + service
        + " has no container to roll back to (keepPrevious was false, or a failed deploy removed it)"));
    requireTarget.accept(state, previous);
    String img = previous.image();
    log.info("rolling back to %s (%s, service %s) on 127.0.0.1:%d", previous.name(), img, service, idle);
    if (previous.running()) {
      log.info("%s already runs on 127.0.0.1:%d (hot standby): checking it, then switching", previous.name(), idle);
    } else {
      compose.start(service, img);
      log.info("started %s (%s) on 127.0.0.1:%d again with %s start in %.1f s", previous.name(), img, idle, compose.program(),
          phases.sinceLast() / 1000.0);
    }
    phases.end("start");
    Runnable stopAgain = () -> compose.stop(service, r.stopTimeout, img);
    long healthyAt = gated(state, service, previous, img, "stopped again", stopAgain);
    cutover.run(state, new Cutover.Target(previous.id(), previous.name(), idle, healthyAt), stopAgain, service + " stopped again");
    Map<String, Object> kept = retire(state);
    return new BlueGreenRunner.Outcome("rollback", idle, previous.name(), previous.id(), img, previous.imageId(), kept,
        cutover.warnings());
  }

  /** The health gate of the service's container; on a failure its log tail, {@code undo}, and the step fails. */
  private long gated(ColourState state, String service, ContainerInfo c, String img, String undone, Runnable undo) {
    int port = state.idlePort();
    HealthGate.Verdict v = containers.gate(c.name(), port, r.healthTimeout);
    if (!v.passed()) {
      containers.showLogTail(c.name());
      undo.run();
      throw new StepFailedException(c.name() + " (" + img + ", service " + service + ") is not healthy after "
          + BlueGreenRunner.seconds(v.elapsedMillis()) + " s (" + r.health + "): " + v.detail() + "; "
          + BlueGreenRunner.untouched(r, state) + "; " + service + " " + undone);
    }
    log.info("health ok on 127.0.0.1:%d after %s s", port, BlueGreenRunner.seconds(v.elapsedMillis()));
    phases.end("health");
    return time.nanoTime();
  }

  /** After the cutover: the old service stops and is kept (keepPrevious), keeps running (running), or goes. */
  private Map<String, Object> retire(ColourState state) {
    Optional<ContainerInfo> old = state.live();
    if (old.isEmpty()) {
      phases.end("stop");
      return null;
    }
    ContainerInfo c = old.get();
    String service = spec.serviceOn(state.livePort().getAsInt(), r.ports());
    long start = time.nanoTime();
    if (r.standby) {
      log.info("kept %s running as a hot standby (keepPrevious: running): a rollback is only the switch", c.name());
    } else if (r.keepPrevious) {
      compose.stop(service, r.stopTimeout, c.image());
      log.info("stopped %s (service %s) in %.1f s (kept for rollback)", c.name(), service, time.millisSince(start) / 1000.0);
    } else {
      compose.remove(service, c.image());
      log.info("removed %s (service %s)", c.name(), service);
    }
    phases.end("stop");
    return r.keepPrevious ? BlueGreenResult.previous(c.name(), state.livePort().getAsInt(), c.image()) : null;
  }

  private ContainerInfo container(String service, String img) {
    return compose.containerId(service, img).flatMap(docker::inspectContainer).orElseThrow(() -> new StepFailedException(
        compose.program() + " up " + service + " left no container of it; nothing was switched"));
  }

  /**
   * What {@value DockerCompose#IMAGE_VARIABLE} holds for commands that create nothing (a rollback's
   * checks): compose wants the file's variables set, and only {@code up} uses the image.
   */
  private static String imageOrPlaceholder(BlueGreenRequest r) {
    return r.image != null ? r.image.toString() : r.to != null ? r.to.toString() : "rollback-creates-nothing";
  }
}
