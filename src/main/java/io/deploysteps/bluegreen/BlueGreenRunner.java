package io.deploysteps.bluegreen;

import io.deploysteps.http.HttpProbe;
import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerCompose;
import io.deploysteps.docker.ImageIdentity;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Parallel;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.fs.HostFiles;
import io.deploysteps.haproxy.RuntimeApi;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * blueGreenDeploy: start the idle colour, gate it on health, switch nginx to it, drain, stop the
 * old one and keep it for a rollback that needs no pull and no build.
 */
public final class BlueGreenRunner {
  private final StepContext context;
  private final HttpProbe probe;
  private final Docker docker;
  private final HostFiles files;
  private final TimeSource time;
  private final StepLog log;

  /** HTTP checks go through the context's probe (this JVM for the CLI, curl on the agent for the plugin). */
  public BlueGreenRunner(StepContext context) {
    this.context = context;
    this.probe = context.probe();
    this.docker = context.docker();
    this.files = context.files();
    this.time = context.time();
    this.log = context.log();
  }

  public BlueGreenResult run(BlueGreenRequest request) {
    long start = time.nanoTime();
    BlueGreenRequest r = request.withImageFrom(files, context.workspace());
    if (r != request) {
      log.info("image %s from %s", r.image, request.imageDefinitions);
    }
    TrafficSwitch proxy = trafficSwitch(r);
    proxy.checkUsable();
    requireNetwork(r);
    // A missing DEPLOY_STEPS_REGISTRY_PASSWORD is bad usage: refused before the lock, the reconcile, anything.
    String registryPassword = r.rollback ? null : r.pullLogin.password(context);
    String envFile = r.envFile == null ? null : files.resolve(context.workspace(), r.envFile);
    if (envFile != null && !files.exists(envFile)) {
      throw new InvalidParameterException("envFile", envFile + " does not exist");
    }
    // Before the lock and the reconcile: no compose, or a file without both services, is bad usage.
    DockerCompose compose = r.compose == null ? null : ComposeColours.open(r, context.runner(),
        context.env().getOrDefault("DEPLOY_STEPS_DOCKER", "docker"), composeFile(r), envFile);
    PhaseClock phases = new PhaseClock(time);
    // The image lookup runs beside the lock and the reconcile; it is needed only when the new
    // container starts. No separate ping of the daemon: the reconcile's listing is the first docker
    // call and says DockerUnavailableException when the daemon is down, before anything changed.
    CompletableFuture<Optional<ImageIdentity>> imageHere = r.rollback ? CompletableFuture.completedFuture(Optional.empty())
        : Parallel.start("blueGreenDeploy-image", () -> docker.imageIdentity(r.image.toString()));
    Runnable hostCheck = proxy.startHostCheck(docker);
    phases.end("prepare");
    ServiceContainers containers = new ServiceContainers(r, docker, probe, time, log, context.env(), envFile);
    // Longer than any deploy can take (a pull of a missing image included) before a lock counts as abandoned.
    Duration staleAfter = r.healthTimeout.multipliedBy(2).plus(r.drain).plus(r.stopTimeout.multipliedBy(2)).plusMinutes(30);
    try (DeployLock lock = new DeployLock(files, time, log, proxy.lockFile(r.name))) {
      lock.acquire(r.lockTimeout, staleAfter);
      phases.end("lock");
      Outcome o = compose != null
          ? composed(r, new ComposeColours(r, compose, docker, containers, log, time, phases), proxy, imageHere, registryPassword,
              hostCheck, phases)
          : containers(r, proxy, containers, imageHere, registryPassword, hostCheck, phases);
      long total = time.millisSince(start);
      int port = o.port();
      log.info("%s live on 127.0.0.1:%d (%s) in %.1f s", o.container(), port, colour(r, port), total / 1000.0);
      return new BlueGreenResult(r.name, o.action(), port, colour(r, port), o.container(),
          o.containerId(), o.image(), o.digest(), o.previous(), phases.millis, total, o.warnings());
    }
  }

  /** The colours are containers blueGreenDeploy starts (NAME-PORT), reconciled after an interrupted run. */
  private Outcome containers(BlueGreenRequest r, TrafficSwitch proxy, ServiceContainers containers,
      CompletableFuture<Optional<ImageIdentity>> imageHere, String registryPassword, Runnable hostCheck, PhaseClock phases) {
    PortHolder holders = new PortHolder(context.runner());
    // /proc is read only when the live port answers with no container of ours behind it.
    CrashRecovery recovery = new CrashRecovery(r, proxy, docker, containers, log,
        port -> answers(port) ? holders.describe(port) : Optional.empty());
    ColourState state = recovery.reconcile();
    // Joined here, not before the reconcile: its listing ran beside the reconcile's own, and
    // nothing of this deploy has started yet.
    hostCheck.run();
    phases.end("reconcile");
    return r.rollback ? rolledBackAlready(r, recovery).orElseGet(() -> rollback(r, state, proxy, containers, phases))
        : finishedAlready(r, recovery).orElseGet(() -> {
          ImageIdentity image = pulled(r, Parallel.join(imageHere), registryPassword);
          return alreadyLive(r, state, image).orElseGet(() -> deploy(r, state, proxy, containers, phases, image));
        });
  }

  /** The colours are two services of a compose file: compose creates, stops and starts them. */
  private Outcome composed(BlueGreenRequest r, ComposeColours colours, TrafficSwitch proxy,
      CompletableFuture<Optional<ImageIdentity>> imageHere, String registryPassword, Runnable hostCheck, PhaseClock phases) {
    ColourState state = colours.state(proxy);
    hostCheck.run();
    phases.end("reconcile");
    if (r.rollback) {
      return colours.rollback(state, proxy, cutover(r, proxy, phases), (s, previous) -> requireRollbackTarget(r, s, previous));
    }
    ImageIdentity image = pulled(r, Parallel.join(imageHere), registryPassword);
    return alreadyLive(r, state, image).orElseGet(() -> colours.deploy(state, cutover(r, proxy, phases), image,
        port -> requireFree(r, port)));
  }

  private String composeFile(BlueGreenRequest r) {
    String file = files.resolve(context.workspace(), r.compose.file());
    if (!files.exists(file)) {
      throw new InvalidParameterException("compose.file", file + " does not exist; nothing was changed");
    }
    return file;
  }

  /** The one place that picks the proxy kind. */
  private TrafficSwitch trafficSwitch(BlueGreenRequest r) {
    if (r.proxyKind instanceof ProxyKind.Haproxy h) {
      return new HaproxySwitch(files, new RuntimeApi(context.runner(), h.socket()), h.backend(), h.server(),
          h.configFile() == null ? null : files.resolve(context.workspace(), h.configFile()), time, log);
    }
    if (r.proxyKind instanceof ProxyKind.Upstream u) {
      return new NginxUpstreamSwitch(files, context.runner(), files.resolve(context.workspace(), u.upstreamFile()), u.upstream(),
          u.testCommand(), u.reloadCommand());
    }
    return new NginxIncludeSwitch(files, context.runner(), files.resolve(context.workspace(), r.includeFile), r.testCommand,
        r.reloadCommand, r.address);
  }

  private Outcome deploy(BlueGreenRequest r, ColourState state, TrafficSwitch proxy, ServiceContainers containers, PhaseClock phases,
      ImageIdentity image) {
    int idle = state.idlePort();
    String candidate = r.candidateName(idle);
    // A hot standby (keepPrevious 'running') holds the port the new version starts on: it is stopped,
    // and kept, as keepPrevious true keeps it, until the new one is live.
    Optional<ContainerInfo> standby = state.idle().filter(ContainerInfo::running);
    if (standby.isPresent()) {
      docker.stop(standby.get().name(), r.stopTimeout);
      log.info("stopped the standby %s: the new version starts on 127.0.0.1:%d", standby.get().name(), idle);
    }
    Cutover cutover;
    String id;
    try {
      Cutover.Target target = startAndGate(r, state, containers, phases, image);
      id = target.id();
      cutover = cutover(r, proxy, phases);
      cutover.run(state, target, () -> containers.remove(candidate), candidate + " removed");
    } catch (RuntimeException e) {
      // Traffic is still on the old colour (the cutover puts it back when it fails): so is the standby.
      standby.ifPresent(c -> {
        docker.start(c.name());
        log.info("started the standby %s again", c.name());
      });
      throw e;
    }
    // The rename does not touch traffic or the old container: let it run during the stop. Not before
    // the watch is over: it removes the generation before the kept one, the rollback target of a
    // switch back.
    CompletableFuture<Void> promoted = Parallel.start("blueGreenDeploy-promote", () -> {
      containers.promote(idle);
      return null;
    });
    retireOld(r, state, containers, phases);
    Parallel.join(promoted);
    Optional<ContainerInfo> kept = r.keepPrevious ? state.live() : Optional.empty();
    return new Outcome("deploy", idle, r.containerName(idle), id, r.image.toString(), image.digestFor(r.image),
        kept.map(c -> previousOf(c, state)).orElse(null), cutover.warnings());
  }

  /** Starts the new version on the idle port and gates it; it is removed when it fails. */
  private Cutover.Target startAndGate(BlueGreenRequest r, ColourState state, ServiceContainers containers, PhaseClock phases,
      ImageIdentity image) {
    int idle = state.idlePort();
    String candidate = r.candidateName(idle);
    requireFree(r, idle);
    // The live colour becomes the kept one: the new colour names it, so pruneDocker keeps it even without labels.
    String id = containers.start(idle, r.keepPrevious ? state.live().map(ContainerInfo::id) : Optional.empty(), image);
    log.info("started %s (%s) on 127.0.0.1:%d in %.1f s", candidate, r.image, idle, phases.sinceLast() / 1000.0);
    phases.end("start");
    long healthyAt;
    try {
      context.checkpoints().reached("candidate-started");
      HealthGate.Verdict v = containers.gate(candidate, idle, r.healthTimeout);
      if (!v.passed()) {
        containers.showLogTail(candidate);
        containers.remove(candidate);
        throw new StepFailedException(candidate + " (" + r.image + ") is not healthy after " + seconds(v.elapsedMillis()) + " s ("
            + r.health + "): " + v.detail() + listenHint(r, v.detail()) + "; " + untouched(r, state) + "; " + candidate + " removed");
      }
      log.info("health ok on 127.0.0.1:%d after %s s", idle, seconds(v.elapsedMillis()));
      healthyAt = time.nanoTime();
      containers.armRestart(candidate);
      phases.end("health");
    } catch (RuntimeException e) {
      if (!(e instanceof StepFailedException)) {
        // Nothing points at the candidate yet: leave no stray container behind.
        containers.remove(candidate);
      }
      throw e;
    }
    return new Cutover.Target(id, candidate, idle, healthyAt);
  }

  private Cutover cutover(BlueGreenRequest r, TrafficSwitch proxy, PhaseClock phases) {
    return new Cutover(r, proxy, probe, docker, time, log, phases, context.checkpoints());
  }

  /**
   * The image to run, pulled as {@code pull} says before anything changes: a tag that moved in the
   * registry is what a redeploy means, so {@code always} does not run what the host has cached.
   */
  private ImageIdentity pulled(BlueGreenRequest r, Optional<ImageIdentity> here, String registryPassword) {
    if (r.pull == BlueGreenRequest.Pull.NEVER || (r.pull == BlueGreenRequest.Pull.MISSING && here.isPresent())) {
      return here.orElseThrow(() -> new StepFailedException("image " + r.image + " is not on this Docker host and pull is 'never';"
          + " nothing was changed"));
    }
    long start = time.nanoTime();
    log.info("pulling %s (pull: %s)", r.image, r.pull.name().toLowerCase(java.util.Locale.ROOT));
    if (!r.pullLogin.pull(context, docker, r.image, registryPassword)) {
      throw new StepFailedException("image " + r.image + " is not in its registry" + (here.isPresent() ? "" : " nor on this Docker host")
          + "; nothing was changed");
    }
    ImageIdentity now = docker.imageIdentity(r.image.toString())
        .orElseThrow(() -> new StepFailedException("image " + r.image + " is missing right after its pull; nothing was changed"));
    log.info("pulled %s in %.1f s: %s%s", r.image, time.millisSince(start) / 1000.0, now.digestFor(r.image),
        here.isPresent() && !here.get().id().equals(now.id()) ? " (the tag moved: the host had " + here.get().id() + ")" : "");
    return now;
  }

  /**
   * A deploy of the image the live colour already runs (same image id) changes nothing: starting it
   * again would only throw away the version kept for rollback. {@code force: true} deploys it anyway.
   */
  private Optional<Outcome> alreadyLive(BlueGreenRequest r, ColourState state, ImageIdentity image) {
    Optional<ContainerInfo> live = state.live().filter(ContainerInfo::running);
    if (r.force || live.isEmpty() || !image.id().equals(imageIdOf(live.get()))) {
      return Optional.empty();
    }
    ContainerInfo c = live.get();
    int port = state.livePort().getAsInt();
    log.info("%s already runs %s (%s) on 127.0.0.1:%d: nothing to do, nothing stopped (force: true deploys it again)",
        c.name(), r.image, image.digestFor(r.image), port);
    Map<String, Object> kept = state.idle().map(p -> BlueGreenResult.previous(p.name(), state.idlePort(), imageOf(p))).orElse(null);
    return Optional.of(new Outcome("unchanged", port, c.name(), c.id(), imageOf(c), image.digestFor(r.image), kept, List.of()));
  }

  /** The id of the image a container runs: its label, else (a container we did not start) its inspect. */
  private String imageIdOf(ContainerInfo c) {
    String label = c.labels().get(io.deploysteps.docker.DeployLabels.IMAGE_ID);
    return label != null ? label : docker.inspectContainer(c.id()).map(ContainerInfo::imageId).orElse("");
  }

  /** The digest a container runs: its label, else its image id. */
  private String digestOf(ContainerInfo c) {
    String label = c.labels().get(io.deploysteps.docker.DeployLabels.DIGEST);
    return label != null ? label : imageIdOf(c);
  }

  /**
   * Nothing of ours runs on the idle port, so nothing may answer there: else the health gate would
   * pass on someone else's server (a leftover of the seed scripts, another service).
   */
  private boolean answers(int port) {
    return probe.get(CandidateCheck.url(port, "/"), Duration.ofSeconds(1)).answered();
  }

  private void requireFree(BlueGreenRequest r, int port) {
    HttpProbe.Answer a = probe.get(CandidateCheck.url(port, "/"), Duration.ofSeconds(1));
    if (a.answered()) {
      String what = "127.0.0.1:" + port + " already answers (" + a + ") though no container of " + r.name + " runs there";
      Optional<String> holder = new PortHolder(context.runner()).describe(port);
      throw new StepFailedException(holder.map(h -> what + ": " + h + " listens on it. The colours alternate on ports "
          + r.ports() + ", so this deploy starts the new version on " + port + ": stop that process, or, moving from a"
          + " host process, run it on the port the proxy points at (" + r.ports().other(port) + ") until the first deploy"
          + " switches traffic to the container, then stop it for good; nothing was changed")
          .orElse(what + ": stop what holds the port; nothing was changed"));
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
    return new Outcome(r.rollback ? "rollback" : "deploy", port, c.name(), c.id(), imageOf(c), digestOf(c), previous, List.of());
  }

  private Outcome rollback(BlueGreenRequest r, ColourState state, TrafficSwitch proxy, ServiceContainers containers, PhaseClock phases) {
    if (state.livePort().isEmpty()) {
      throw new StepFailedException(proxy.name() + " does not exist yet: nothing was deployed, nothing to roll back to");
    }
    int idle = state.idlePort();
    ContainerInfo previous = state.idle().orElseThrow(() -> new StepFailedException(
        "no kept previous container " + r.containerName(idle) + " to roll back to (keepPrevious was false, or it was removed)"));
    requireRollbackTarget(r, state, previous);
    log.info("rolling back to %s (%s, deployed %s) on 127.0.0.1:%d", previous.name(), imageOf(previous),
        ColourState.deployedAt(previous), idle);
    if (previous.running()) {
      // A hot standby (keepPrevious 'running'): already up, so the rollback is the check and the switch.
      log.info("%s already runs on 127.0.0.1:%d (hot standby): checking it, then switching", previous.name(), idle);
    } else {
      requireFree(r, idle);
      docker.start(previous.name());
      log.info("started %s (%s) on 127.0.0.1:%d again in %.1f s", previous.name(), imageOf(previous), idle,
          phases.sinceLast() / 1000.0);
    }
    phases.end("start");
    HealthGate.Verdict v = containers.gate(previous.name(), idle, r.healthTimeout);
    if (!v.passed()) {
      containers.showLogTail(previous.name());
      docker.stop(previous.name(), r.stopTimeout); // a sick standby too: it must not look like a rollback target that works
      throw new StepFailedException(previous.name() + " is not healthy after " + seconds(v.elapsedMillis()) + " s: " + v.detail()
          + "; " + untouched(r, state) + "; " + previous.name() + " stopped again");
    }
    log.info("health ok on 127.0.0.1:%d after %s s", idle, seconds(v.elapsedMillis()));
    long healthyAt = time.nanoTime();
    containers.armRestart(previous.name()); // kept from before this option, or by the seed scripts
    phases.end("health");
    Cutover cutover = cutover(r, proxy, phases);
    cutover.run(state, new Cutover.Target(previous.id(), previous.name(), idle, healthyAt),
        () -> docker.stop(previous.name(), r.stopTimeout), previous.name() + " stopped again");
    retireOld(r, state, containers, phases);
    Optional<ContainerInfo> kept = r.keepPrevious ? state.live() : Optional.empty();
    return new Outcome("rollback", idle, previous.name(), previous.id(), imageOf(previous), digestOf(previous),
        kept.map(c -> previousOf(c, state)).orElse(null), cutover.warnings());
  }

  /**
   * A rollback goes back to the version before the live one. When the live one is the older of the
   * two, the last switch was a rollback, and another would go forward to the version rolled back
   * from: only when {@code to} names it. A {@code to} must name the kept version.
   */
  private void requireRollbackTarget(BlueGreenRequest r, ColourState state, ContainerInfo previous) {
    boolean named = r.to != null && (r.to.toString().equals(imageOf(previous)) || r.to.toString().equals(digestOf(previous)));
    if (r.to != null && !named) {
      throw new InvalidParameterException("to", "'" + r.to + "' is not the kept version: " + previous.name() + " runs "
          + imageOf(previous) + " (" + digestOf(previous) + "); nothing was changed");
    }
    Optional<ContainerInfo> live = state.live();
    if (!named && live.isPresent() && CrashRecovery.deployedAt(live.get()).isBefore(CrashRecovery.deployedAt(previous))) {
      throw new InvalidParameterException("to", "the last rollback left " + live.get().name() + " (" + imageOf(live.get())
          + ") live; rolling back again would go forward to " + previous.name() + " (" + imageOf(previous)
          + "), the version rolled back from. Give to: '" + imageOf(previous) + "' to go there; nothing was changed");
    }
  }

  /** After the cutover (which drained): the old colour stops, older generations go. */
  private void retireOld(BlueGreenRequest r, ColourState state, ServiceContainers containers, PhaseClock phases) {
    state.live().ifPresent(old -> {
      if (r.standby) {
        log.info("kept %s running as a hot standby (keepPrevious: running): a rollback is only the switch", old.name());
      } else {
        containers.retire(old, r.keepPrevious);
      }
    });
    for (ContainerInfo stray : state.strays()) {
      log.info("removing %s: an older generation of %s", stray.name(), r.name);
      containers.remove(stray.name());
    }
    phases.end("stop");
  }

  /**
   * A daemon started with {@code --bridge=none} accepts {@code -p} and publishes nothing, and a
   * missing user network fails only at {@code docker run}: refuse both before anything changes.
   */
  private void requireNetwork(BlueGreenRequest r) {
    if (r.network.equals("host")) {
      return;
    }
    boolean exists = docker.listNetworks(List.of("name=" + r.network)).stream().anyMatch(n -> n.name().equals(r.network));
    if (!exists && r.network.equals("bridge")) {
      throw new InvalidParameterException("network", "'bridge' needs the daemon's bridge network, and this Docker host has none"
          + " (dockerd --bridge=none: -p would publish nothing); use network 'host' with an app listening on $PORT; nothing was changed");
    }
    if (!exists) {
      throw new InvalidParameterException("network", "'" + r.network + "' is no network of this Docker host: create it (docker network"
          + " create " + r.network + ") and run nginx on it, or name one that exists; nothing was changed");
    }
  }

  /**
   * With network host nothing maps ports: an image that listens on a fixed port (seed 003's
   * {@code -p 4000:3000}) is refused on the colour's port for the whole timeout, so say why.
   */
  static String listenHint(BlueGreenRequest r, String detail) {
    if (!r.network.equals("host") || detail == null || !detail.toLowerCase(java.util.Locale.ROOT).contains("refused")) {
      return "";
    }
    return " (with network 'host' the app must listen on $PORT, which the container gets; an image with a fixed port"
        + " needs network: 'bridge', containerPort: N)";
  }

  static String untouched(BlueGreenRequest r, ColourState state) {
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

  static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0);
  }

  /** What ended up live. */
  record Outcome(String action, int port, String container, String containerId, String image, String digest,
      Map<String, Object> previous, List<String> warnings) {}
}
