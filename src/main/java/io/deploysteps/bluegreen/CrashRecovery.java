package io.deploysteps.bluegreen;

import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.DockerContainers;
import io.deploysteps.log.StepLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Brings a service back to "one live container the traffic switch points at, at most one stopped
 * one kept" before a deploy, whatever point an earlier deploy was killed at. The switch is the
 * truth about where traffic goes; the containers are checked against it.
 */
final class CrashRecovery {
  private static final Duration QUICK_GATE = Duration.ofSeconds(5);

  private final BlueGreenRequest request;
  private final TrafficSwitch proxy;
  private final DockerContainers docker;
  private final ServiceContainers containers;
  private final StepLog log;
  private final java.util.function.IntFunction<Optional<String>> holderOf;
  private ContainerInfo finished;
  private ContainerInfo finishedPrevious;
  private boolean finishedRollback;
  private boolean reasserted;

  CrashRecovery(BlueGreenRequest request, TrafficSwitch proxy, DockerContainers docker, ServiceContainers containers, StepLog log) {
    this(request, proxy, docker, containers, log, port -> Optional.empty());
  }

  /** {@code holderOf}: who else listens on a port (a host process), to say so instead of "requests fail". */
  CrashRecovery(BlueGreenRequest request, TrafficSwitch proxy, DockerContainers docker, ServiceContainers containers, StepLog log,
      java.util.function.IntFunction<Optional<String>> holderOf) {
    this.holderOf = holderOf;
    this.request = request;
    this.proxy = proxy;
    this.docker = docker;
    this.containers = containers;
    this.log = log;
  }

  /** Repairs what needs repair and returns the state to deploy from. */
  ColourState reconcile() {
    ColourState state = settleCandidates(ColourState.read(request, proxy, docker));
    if (state.livePort().isEmpty()) {
      return removeLeftoversOfFirstDeploy(state);
    }
    int livePort = state.livePort().getAsInt();
    Optional<ContainerInfo> live = state.live();
    Optional<ContainerInfo> other = state.idle().filter(ContainerInfo::running);
    if (other.isEmpty()) {
      if (live.isEmpty() || !live.get().running()) {
        Optional<String> holder = holderOf.apply(livePort);
        if (holder.isPresent()) {
          // Moving from the host-process scripts: their app serves until the first switch to a container.
          log.info("%s sends traffic to 127.0.0.1:%d, served by %s, not by a container of %s: it serves until this"
              + " deploy switches traffic to the container on 127.0.0.1:%d; then stop it for good (and whatever starts it"
              + " at boot), since the next deploy starts the new version on port %d", proxy.name(), livePort, holder.get(),
              request.name(), state.idlePort(), livePort);
        } else {
          log.warn(proxy.name() + " sends traffic to 127.0.0.1:" + livePort + " but " + request.containerName(livePort)
              + " is not running: requests fail until a healthy colour is switched to");
        }
      }
      return state;
    }
    // Both colours run: an earlier deploy stopped between starting the idle colour and retiring the old one.
    ContainerInfo idle = other.get();
    boolean liveOk = live.isPresent() && live.get().running() && containers.gate(live.get().name(), livePort, QUICK_GATE).passed();
    if (liveOk && request.standby) {
      // keepPrevious 'running': both colours up is the standing state, the idle one the hot standby.
      log.info("%s serves 127.0.0.1:%d, %s runs as its hot standby (keepPrevious: running)", live.get().name(), livePort,
          idle.name());
      proxy.reassert();
      return state;
    }
    if (liveOk) {
      log.info("an earlier deploy was interrupted: %s and %s both run; traffic stays on 127.0.0.1:%d",
          live.get().name(), idle.name(), livePort);
      reassertOnce();
      retireNotLive(idle, live.get());
    } else if (containers.gate(idle.name(), state.idlePort(), QUICK_GATE).passed()) {
      log.warn(proxy.name() + " sends traffic to 127.0.0.1:" + livePort + " but " + request.containerName(livePort)
          + " is not healthy while " + idle.name() + " is: switching traffic to 127.0.0.1:" + state.idlePort());
      proxy.switchTo(state.idlePort(), () -> { });
      live.filter(ContainerInfo::running).ifPresent(c -> containers.retire(c, request.keepPrevious));
    } else {
      log.warn("neither " + request.containerName(livePort) + " nor " + idle.name() + " is healthy; removing "
          + idle.name() + " and deploying over it");
      containers.remove(idle.name());
    }
    return ColourState.read(request, proxy, docker);
  }

  /**
   * A {@code NAME-PORT-next} left behind: if the switch already points at its port, the deploy
   * was killed between the switch and the rename, so it is live and takes its colour's name;
   * otherwise it never got traffic and goes.
   */
  private ColourState settleCandidates(ColourState state) {
    boolean changed = false;
    for (int port : new int[] {request.ports().first(), request.ports().second()}) {
      Optional<ContainerInfo> next = state.candidate(port);
      if (next.isEmpty()) {
        continue;
      }
      changed = true;
      if (state.livePort().isPresent() && state.livePort().getAsInt() == port) {
        log.info("%s already gets traffic (an earlier deploy was interrupted): renaming it %s", next.get().name(),
            request.containerName(port));
        containers.promote(port);
        // A first deploy leaves no second colour to find below: the switch's activation must not wait for one.
        reassertOnce();
      } else {
        log.info("removing %s: a candidate that never got traffic", next.get().name());
        containers.remove(next.get().name());
      }
    }
    return changed ? ColourState.read(request, proxy, docker) : state;
  }

  /**
   * The switch may have been written without the activation (nginx: the reload) that puts it live:
   * activates what it says, once per recovery.
   */
  private void reassertOnce() {
    if (!reasserted) {
      reasserted = true;
      proxy.reassert();
    }
  }

  /**
   * The colour that does not get traffic had it before the interrupted switch (candidates run as
   * {@code NAME-PORT-next} until they get traffic, and settleCandidates has dealt with those): it is
   * the previous version, kept stopped, whether the switch was a deploy (the live one is newer) or
   * a rollback (the live one is older).
   */
  private void retireNotLive(ContainerInfo notLive, ContainerInfo live) {
    containers.retire(notLive, request.keepPrevious);
    finished = live;
    finishedPrevious = request.keepPrevious ? notLive : null;
    finishedRollback = deployedAt(live).isBefore(deployedAt(notLive));
  }

  /**
   * The container an interrupted deploy had already switched traffic to, when this recovery
   * retired the one it replaced (so that deploy is complete now); empty otherwise.
   */
  Optional<ContainerInfo> finishedDeploy() {
    return Optional.ofNullable(finished);
  }

  /**
   * True when the switch this recovery completed went to the older version: an interrupted
   * rollback, which a re-run rollback must not undo by switching back again.
   */
  boolean finishedRollback() {
    return finished != null && finishedRollback;
  }

  /** The container that deploy replaced, kept stopped; empty when none was kept. */
  Optional<ContainerInfo> finishedPrevious() {
    return Optional.ofNullable(finishedPrevious);
  }

  /** When a container was deployed: its label, else its creation time. */
  static Instant deployedAt(ContainerInfo c) {
    String text = ColourState.deployedAt(c);
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      return c.created() == null ? Instant.EPOCH : c.created();
    }
  }

  /** Traffic never switched yet: nothing has had traffic, so any container of the service is a leftover. */
  private ColourState removeLeftoversOfFirstDeploy(ColourState state) {
    boolean removed = false;
    for (int port : new int[] {request.ports().first(), request.ports().second()}) {
      Optional<ContainerInfo> c = state.at(port);
      if (c.isPresent()) {
        log.info("removing %s: left by an earlier deploy that never switched traffic", c.get().name());
        containers.remove(c.get().name());
        removed = true;
      }
    }
    return removed ? ColourState.read(request, proxy, docker) : state;
  }
}
