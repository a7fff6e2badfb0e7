package io.deploysteps.bluegreen;

import io.deploysteps.context.Checkpoints;
import io.deploysteps.http.HttpProbe;
import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.DockerContainers;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * From the switch until the old colour may stop: switch traffic, verify through the public URL, then
 * drain and wait out minHealthy while a {@link ColourWatch} looks at the new colour. Any failure
 * switches back to the old colour (it still runs) and proves through the public URL that it
 * answers before the new one is undone; when that cannot be proven both colours stay running and
 * the message says what the proxy was told.
 */
final class Cutover {
  private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration TICK = Duration.ofMillis(20);
  /** How often the drain asks the proxy for its connections to the old colour (each ask may start a process and read a dump of every stream). */
  private static final Duration ASK_EVERY = Duration.ofMillis(250);

  private final BlueGreenRequest r;
  private final TrafficSwitch proxy;
  private final HttpProbe probe;
  private final DockerContainers docker;
  private final TimeSource time;
  private final StepLog log;
  private final PhaseClock phases;
  private final Checkpoints checkpoints;
  private final List<String> warnings = new ArrayList<>();

  Cutover(BlueGreenRequest r, TrafficSwitch proxy, HttpProbe probe, DockerContainers docker, TimeSource time, StepLog log, PhaseClock phases,
      Checkpoints checkpoints) {
    this.r = r;
    this.proxy = proxy;
    this.probe = probe;
    this.docker = docker;
    this.time = time;
    this.log = log;
    this.phases = phases;
    this.checkpoints = checkpoints;
  }

  /** The colour that gets traffic: its container id, its name now, its port, when it passed its health gate. */
  record Target(String id, String name, int port, long healthyAtNanos) {}

  /** What the cutover warned about (a verify that could not tell the colours apart). */
  List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** Switches to {@code next}; returns once the old colour may stop, or throws after switching back and {@code undo}. */
  void run(ColourState state, Target next, Runnable undo, String undone) {
    Optional<ContainerInfo> old = state.live().filter(ContainerInfo::running);
    String before = proxy.current();
    try {
      proxy.switchTo(next.port(), () -> checkpoints.reached("include-written"));
    } catch (RuntimeException e) {
      throw switchBack(state, before, next, e.getMessage(), undo, undone, false);
    }
    log.info("switched %s to 127.0.0.1:%d in %.1f s", proxy.name(), next.port(), phases.sinceLast() / 1000.0);
    phases.end("switch");
    // Nothing to fall back to on a first deploy (or with the old colour down): no watch. Nor with
    // no verify, no drain and no minHealthy: the old colour stops now, there is no time to watch in.
    boolean window = r.verifyUrl != null || !r.drain.isZero() || !r.minHealthy.isZero();
    try (ColourWatch watch = old.isPresent() && window
        ? new ColourWatch(r.health, docker, probe, time, next.id(), next.port()).start() : null) {
      if (r.verifyUrl != null) {
        OptionalInt other = old.isPresent() ? state.livePort() : OptionalInt.empty();
        PublicCheck.Proof p = new PublicCheck(probe, proxy, log, r.verifyUrl.toString(), next.port())
            .await(time, VERIFY_TIMEOUT, other, () -> watch == null ? Optional.empty() : watch.failure().map(f -> died(next, f)));
        if (!p.passed()) {
          Optional<String> died = watch == null ? Optional.empty() : watch.failure();
          throw died.isPresent() ? switchBack(state, before, next, died(next, died.get()), undo, undone, false)
              : switchBack(state, before, next, r.verifyUrl + " does not answer from 127.0.0.1:" + next.port() + " after the switch: "
                  + p.verdict().detail(), undo, undone, true);
        }
        p.warning().ifPresent(w -> {
          log.warn(w);
          warnings.add(w);
        });
        log.info("verified %s answers from 127.0.0.1:%d after %s s: %s", r.verifyUrl, next.port(), seconds(p.verdict().elapsedMillis()),
            p.verdict().detail());
        phases.end("verify");
      }
      checkpoints.reached("before-stop");
      if (watch != null) {
        Optional<String> f = settle(watch, next, state.livePort().getAsInt());
        if (f.isPresent()) {
          throw switchBack(state, before, next, died(next, f.get()), undo, undone, false);
        }
      }
    }
  }

  /**
   * Waits out the drain and what is left of minHealthy, looking at the watch every 20 ms and saying
   * every 5 s how it goes; what the watch saw when the new colour failed meanwhile.
   */
  private Optional<String> settle(ColourWatch watch, Target next, int oldPort) {
    long start = time.nanoTime();
    long drainEnd = start + r.drain.toNanos();
    long healthyEnd = next.healthyAtNanos() + r.minHealthy.toNanos();
    long end = Math.max(drainEnd, healthyEnd);
    long reported = start;
    long nextAsk = start;
    while (true) {
      if (watch.failure().isPresent()) {
        return watch.failure();
      }
      // One reading per round: a second one could pass the end and make the sleep below negative.
      long now = time.nanoTime();
      if (now < drainEnd && now >= nextAsk) {
        nextAsk = now + ASK_EVERY.toNanos();
        if (drained(oldPort)) {
          drainEnd = now;
          end = Math.max(drainEnd, healthyEnd);
        }
      }
      if (now >= end) {
        break;
      }
      if (now - reported >= HealthGate.PROGRESS_EVERY.toNanos()) {
        reported = now;
        log.info("draining 127.0.0.1:%d before it stops: %.1f s of %.1f s; 127.0.0.1:%d healthy for %.1f s (minHealthy %s s), last: %s",
            oldPort, (now - start) / 1e9, (end - start) / 1e9, next.port(), (now - next.healthyAtNanos()) / 1e9,
            seconds(r.minHealthy.toMillis()), watch.lastAnswer());
      }
      try {
        time.sleep(Duration.ofNanos(Math.max(0, Math.min(TICK.toNanos(), end - now))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (end > start) {
      phases.end("drain");
    }
    return watch.failure();
  }

  /** True when the proxy can tell that no connection to the old colour is left (nginx cannot: the full drain). */
  private boolean drained(int oldPort) {
    OptionalInt open = proxy.openConnections(oldPort);
    if (open.isPresent() && open.getAsInt() == 0) {
      log.info("drained 127.0.0.1:%d early: %s has no connection to it left", oldPort, proxy.proxyName());
      return true;
    }
    return false;
  }

  private String died(Target next, String seen) {
    return next.name() + " (127.0.0.1:" + next.port() + ") failed " + seconds((time.nanoTime() - next.healthyAtNanos()) / 1_000_000L)
        + " s after its health gate: " + seen;
  }

  /**
   * Puts the switch back, activates it again (an activation may have applied though it failed), and
   * proves through the public URL that the old colour answers before {@code undo}. Returns the
   * exception to throw.
   */
  private StepFailedException switchBack(ColourState state, String before, Target next, String reason, Runnable undo,
      String undone, boolean drainFirst) {
    Optional<ContainerInfo> old = state.live().filter(ContainerInfo::running);
    if (before == null || old.isEmpty()) {
      Optional<String> reload = proxy.restore(before);
      undo.run();
      return new StepFailedException(reason + "; " + proxy.name() + (before == null ? " removed (no traffic had been switched)"
          : " restored" + reload.map(x -> " (" + x + ")").orElse("")) + "; " + undone);
    }
    int oldPort = state.livePort().getAsInt();
    String oldName = old.get().name();
    Optional<String> reload = proxy.restore(before);
    String proxySays = reload.orElse("test and reload passed");
    if (r.verifyUrl == null) {
      if (reload.isEmpty()) {
        drainIf(drainFirst);
        undo.run();
        return new StepFailedException(reason + "; traffic switched back to 127.0.0.1:" + oldPort + " (" + oldName + "): "
            + proxy.name() + " restored, " + proxySays + " (no verifyUrl to prove it); " + undone);
      }
      return new StepFailedException(reason + "; " + proxy.name() + " is restored to 127.0.0.1:" + oldPort + " but " + proxySays
          + ", and there is no verifyUrl to see which colour " + proxy.proxyName() + " serves: it may still send traffic to 127.0.0.1:"
          + next.port()
          + ". Both colours are left running (" + oldName + " on 127.0.0.1:" + oldPort + ", " + next.name() + " on 127.0.0.1:"
          + next.port() + "): fix " + proxy.proxyName() + ", reload it, then deploy again");
    }
    PublicCheck.Proof p = new PublicCheck(probe, proxy, log, r.verifyUrl.toString(), oldPort)
        .await(time, VERIFY_TIMEOUT, OptionalInt.empty(), Optional::empty);
    if (p.passed()) {
      log.info("switched back: %s answers from 127.0.0.1:%d (%s) again", r.verifyUrl, oldPort, oldName);
      drainIf(drainFirst);
      undo.run();
      return new StepFailedException(reason + "; traffic is back on 127.0.0.1:" + oldPort + " (" + oldName + "), proven: "
          + r.verifyUrl + " answers from it (" + proxySays + "); " + undone);
    }
    return new StepFailedException(reason + "; switching back to 127.0.0.1:" + oldPort + " is NOT proven: " + proxy.name()
        + " " + proxy.holding(oldPort) + " again, " + proxySays + ", but " + p.verdict().detail()
        + ". Both colours are left running (" + oldName + " on 127.0.0.1:" + oldPort + ", " + next.name() + " on 127.0.0.1:"
        + next.port() + "): fix " + proxy.proxyName() + ", reload it, then deploy again");
  }

  /** After a failed verify the new colour may still serve requests the proxy sent it: they finish first. */
  private void drainIf(boolean drainFirst) {
    if (drainFirst && !r.drain.isZero()) {
      try {
        time.sleep(r.drain);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
  }
}
