package io.deploysteps.bluegreen;

import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.Docker;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Parallel;
import io.deploysteps.engine.StepContext;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.fs.HostFiles;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * blueGreenDeploy: start the idle colour, gate it on health, switch nginx to it, drain, stop the
 * old one and keep it for a rollback that needs no pull and no build.
 */
public final class BlueGreenRunner {
  /** Test-only: the runner stops at this phase (and waits to be killed), to test crash recovery. */
  static final String PAUSE_AT = "DEPLOY_STEPS_TEST_PAUSE_AT";

  private final StepContext context;
  private final HttpProbe probe;
  private final Docker docker;
  private final HostFiles files;
  private final TimeSource time;
  private final StepLog log;

  /** HTTP checks from this JVM (the CLI on the Docker host). */
  public BlueGreenRunner(StepContext context) {
    this(context, new JavaHttpProbe());
  }

  /** {@code probe}: e.g. a {@link CurlHttpProbe} over the context's runner when the engine is elsewhere. */
  public BlueGreenRunner(StepContext context, HttpProbe probe) {
    this.context = context;
    this.probe = probe;
    this.docker = context.docker();
    this.files = context.files();
    this.time = context.time();
    this.log = context.log();
  }

  public BlueGreenResult run(BlueGreenRequest r) {
    long start = time.nanoTime();
    String include = files.resolve(context.workspace(), r.includeFile);
    if (!files.isDirectory(files.parent(include))) {
      throw new InvalidParameterException("proxy.includeFile", "the directory " + files.parent(include) + " does not exist");
    }
    String envFile = r.envFile == null ? null : files.resolve(context.workspace(), r.envFile);
    if (envFile != null && !files.exists(envFile)) {
      throw new InvalidParameterException("envFile", envFile + " does not exist");
    }
    PhaseClock phases = new PhaseClock(time);
    // The image lookup runs beside the lock and the reconcile; it is needed only when the new
    // container starts. No separate ping of the daemon: the reconcile's listing is the first docker
    // call and says DockerUnavailableException when the daemon is down, before anything changed.
    CompletableFuture<Boolean> imageHere = r.rollback ? CompletableFuture.completedFuture(true)
        : Parallel.start("blueGreenDeploy-image", () -> docker.hasImage(r.image.toString()));
    phases.end("prepare");
    ProxySwitch proxy = new ProxySwitch(files, context.runner(), include, r.testCommand, r.reloadCommand);
    ServiceContainers containers = new ServiceContainers(r, docker, probe, time, log, context.env(), envFile);
    // Longer than any deploy can take (a pull of a missing image included) before a lock counts as abandoned.
    Duration staleAfter = r.healthTimeout.multipliedBy(2).plus(r.drain).plus(r.stopTimeout.multipliedBy(2)).plusMinutes(30);
    try (DeployLock lock = new DeployLock(files, time, log, DeployLock.beside(files, include, r.name))) {
      lock.acquire(r.lockTimeout, staleAfter);
      phases.end("lock");
      CrashRecovery recovery = new CrashRecovery(r, proxy, docker, containers, log);
      ColourState state = recovery.reconcile();
      phases.end("reconcile");
      Outcome o = r.rollback ? rolledBackAlready(r, recovery).orElseGet(() -> rollback(r, state, proxy, containers, phases))
          : finishedAlready(r, recovery).orElseGet(() -> {
            if (!Parallel.join(imageHere)) {
              pull(r);
            }
            return deploy(r, state, proxy, containers, phases);
          });
      long total = time.millisSince(start);
      int port = o.port;
      log.info("%s live on 127.0.0.1:%d (%s) in %.1f s", o.container, port, colour(r, port), total / 1000.0);
      return new BlueGreenResult(r.name, r.rollback ? "rollback" : "deploy", port, colour(r, port), o.container,
          o.containerId, o.image, o.previous, phases.millis, total);
    }
  }

  private Outcome deploy(BlueGreenRequest r, ColourState state, ProxySwitch proxy, ServiceContainers containers, PhaseClock phases) {
    int idle = state.idlePort();
    String candidate = r.candidateName(idle);
    requireFree(r, idle);
    // The live colour becomes the kept one: the new colour names it, so pruneDocker keeps it even without labels.
    String id = containers.start(idle, r.keepPrevious ? state.live().map(ContainerInfo::id) : Optional.empty());
    log.info("started %s (%s) on 127.0.0.1:%d in %.1f s", candidate, r.image, idle, phases.sinceLast() / 1000.0);
    phases.end("start");
    try {
      pause("candidate-started");
      HealthGate.Verdict v = containers.gate(candidate, idle, r.healthTimeout);
      if (!v.passed()) {
        containers.showLogTail(candidate);
        containers.remove(candidate);
        throw new StepFailedException(candidate + " (" + r.image + ") is not healthy after " + seconds(v.elapsedMillis()) + " s ("
            + r.health + "): " + v.detail() + "; " + untouched(r, state) + "; " + candidate + " removed");
      }
      log.info("health ok on 127.0.0.1:%d after %s s", idle, seconds(v.elapsedMillis()));
      containers.armRestart(candidate);
      phases.end("health");
    } catch (RuntimeException e) {
      if (!(e instanceof StepFailedException)) {
        // Nothing points at the candidate yet: leave no stray container behind.
        containers.remove(candidate);
      }
      throw e;
    }
    switchTraffic(r, state, proxy, phases, idle, () -> containers.remove(candidate), candidate + " removed");
    // The rename does not touch traffic or the old container: let it run during the drain and stop.
    CompletableFuture<Void> promoted = Parallel.start("blueGreenDeploy-promote", () -> {
      containers.promote(idle);
      return null;
    });
    retireOld(r, state, containers, phases);
    Parallel.join(promoted);
    Optional<ContainerInfo> kept = r.keepPrevious ? state.live() : Optional.empty();
    return new Outcome(idle, r.containerName(idle), id, r.image.toString(), kept.map(c -> previousOf(c, state)).orElse(null));
  }

  /** Pulls a missing image before anything changes (docker run would, within a short timeout). */
  private void pull(BlueGreenRequest r) {
    long start = time.nanoTime();
    log.info("pulling %s", r.image);
    if (!docker.pull(r.image.toString())) {
      throw new StepFailedException("image " + r.image + " is neither on this Docker host nor in its registry; nothing was changed");
    }
    log.info("pulled %s in %.1f s", r.image, time.millisSince(start) / 1000.0);
  }

  /**
   * Nothing of ours runs on the idle port, so nothing may answer there: else the health gate would
   * pass on someone else's server (a leftover of the seed scripts, another service).
   */
  private void requireFree(BlueGreenRequest r, int port) {
    HttpProbe.Answer a = probe.get(CandidateCheck.url(port, "/"), Duration.ofSeconds(1));
    if (a.answered()) {
      throw new StepFailedException("127.0.0.1:" + port + " already answers (" + a + ") though no container of " + r.name
          + " runs there: stop what holds the port; nothing was changed");
    }
  }

  /**
   * A re-run after a deploy of the same image was killed after its switch: recovery has just
   * completed it, so starting yet another container would only lose the version kept for rollback.
   */
  private Optional<Outcome> finishedAlready(BlueGreenRequest r, CrashRecovery recovery) {
    return recovery.finishedDeploy().filter(c -> r.image.toString().equals(imageOf(c)))
        .map(c -> completed(r, recovery, c, "deploy of " + r.image));
  }

  /**
   * A re-run after a rollback was killed after its switch: recovery has just completed it, and
   * rolling back again would switch to the version the user rolled back from.
   */
  private Optional<Outcome> rolledBackAlready(BlueGreenRequest r, CrashRecovery recovery) {
    return recovery.finishedDeploy().filter(c -> recovery.finishedRollback())
        .map(c -> completed(r, recovery, c, "rollback to " + imageOf(c)));
  }

  private Outcome completed(BlueGreenRequest r, CrashRecovery recovery, ContainerInfo c, String what) {
    int port = Integer.parseInt(c.name().substring(r.name.length() + 1));
    log.info("the interrupted %s is complete: %s serves 127.0.0.1:%d, nothing more to do", what, c.name(), port);
    Map<String, Object> previous = recovery.finishedPrevious()
        .map(p -> BlueGreenResult.previous(p.name(), r.ports().other(port), imageOf(p))).orElse(null);
    return new Outcome(port, c.name(), c.id(), imageOf(c), previous);
  }

  private Outcome rollback(BlueGreenRequest r, ColourState state, ProxySwitch proxy, ServiceContainers containers, PhaseClock phases) {
    if (state.livePort().isEmpty()) {
      throw new StepFailedException(proxy.includeFile() + " does not exist yet: nothing was deployed, nothing to roll back to");
    }
    int idle = state.idlePort();
    ContainerInfo previous = state.idle().orElseThrow(() -> new StepFailedException(
        "no kept previous container " + r.containerName(idle) + " to roll back to (keepPrevious was false, or it was removed)"));
    requireFree(r, idle);
    docker.start(previous.name());
    log.info("started %s (%s) on 127.0.0.1:%d again in %.1f s", previous.name(), imageOf(previous), idle,
        phases.sinceLast() / 1000.0);
    phases.end("start");
    HealthGate.Verdict v = containers.gate(previous.name(), idle, r.healthTimeout);
    if (!v.passed()) {
      containers.showLogTail(previous.name());
      docker.stop(previous.name(), r.stopTimeout);
      throw new StepFailedException(previous.name() + " is not healthy after " + seconds(v.elapsedMillis()) + " s: " + v.detail()
          + "; " + untouched(r, state) + "; " + previous.name() + " stopped again");
    }
    log.info("health ok on 127.0.0.1:%d after %s s", idle, seconds(v.elapsedMillis()));
    containers.armRestart(previous.name()); // kept from before this option, or by the seed scripts
    phases.end("health");
    switchTraffic(r, state, proxy, phases, idle, () -> docker.stop(previous.name(), r.stopTimeout),
        previous.name() + " stopped again");
    retireOld(r, state, containers, phases);
    Optional<ContainerInfo> kept = r.keepPrevious ? state.live() : Optional.empty();
    return new Outcome(idle, previous.name(), previous.id(), imageOf(previous),
        kept.map(c -> previousOf(c, state)).orElse(null));
  }

  /** Switch, then verify through the public URL; on a failure traffic goes back and {@code undo} runs. */
  private void switchTraffic(BlueGreenRequest r, ColourState state, ProxySwitch proxy, PhaseClock phases, int port,
      Runnable undo, String undone) {
    String before;
    try {
      before = proxy.switchTo(port, () -> pause("include-written"));
    } catch (RuntimeException e) {
      undo.run();
      throw new StepFailedException(e.getMessage() + "; " + untouched(r, state) + "; " + undone, e);
    }
    log.info("switched %s to 127.0.0.1:%d in %.1f s", proxy.includeFile(), port, phases.sinceLast() / 1000.0);
    phases.end("switch");
    if (r.verifyUrl != null) {
      HealthGate.Verdict v = new PublicCheck(probe, r.verifyUrl.toString(), port).await(time, Duration.ofSeconds(10));
      if (!v.passed()) {
        proxy.revert(before);
        undo.run();
        throw new StepFailedException(r.verifyUrl + " does not answer from 127.0.0.1:" + port + " after the switch: "
            + v.detail() + "; traffic switched back to " + state.livePort().orElse(-1) + "; " + undone);
      }
      log.info("verified %s answers from 127.0.0.1:%d after %s s", r.verifyUrl, port, seconds(v.elapsedMillis()));
      phases.end("verify");
    }
  }

  private void retireOld(BlueGreenRequest r, ColourState state, ServiceContainers containers, PhaseClock phases) {
    pause("before-stop");
    if (!r.drain.isZero() && state.live().filter(ContainerInfo::running).isPresent()) {
      try {
        time.sleep(r.drain);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      phases.end("drain");
    }
    state.live().ifPresent(old -> containers.retire(old, r.keepPrevious));
    for (ContainerInfo stray : state.strays()) {
      log.info("removing %s: an older generation of %s", stray.name(), r.name);
      containers.remove(stray.name());
    }
    phases.end("stop");
  }

  private static String untouched(BlueGreenRequest r, ColourState state) {
    return state.livePort().isPresent()
        ? "traffic stays on 127.0.0.1:" + state.livePort().getAsInt() + " (" + r.containerName(state.livePort().getAsInt())
            + "), which was not touched"
        : "no traffic was switched";
  }

  private static Map<String, Object> previousOf(ContainerInfo c, ColourState state) {
    return BlueGreenResult.previous(c.name(), state.livePort().orElse(-1), imageOf(c));
  }

  private static String imageOf(ContainerInfo c) {
    return c.labels().getOrDefault(io.deploysteps.docker.DeployLabels.IMAGE, c.image());
  }

  private static String colour(BlueGreenRequest r, int port) {
    return port == r.ports().first() ? "blue" : "green";
  }

  private static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0);
  }

  private void pause(String phase) {
    if (phase.equals(context.env().get(PAUSE_AT))) {
      log.info("test pause at %s (waiting to be killed)", phase);
      try {
        time.sleep(Duration.ofHours(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** What ended up live. */
  private static final class Outcome {
    final int port;
    final String container;
    final String containerId;
    final String image;
    final Map<String, Object> previous;

    Outcome(int port, String container, String containerId, String image, Map<String, Object> previous) {
      this.port = port;
      this.container = container;
      this.containerId = containerId;
      this.image = image;
      this.previous = previous;
    }
  }
}
