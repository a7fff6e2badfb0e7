package io.deploysteps.bluegreen;

import io.deploysteps.docker.Docker;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.fs.HeldLock;
import io.deploysteps.fs.HostFiles;
import io.deploysteps.haproxy.OpenStreams;
import io.deploysteps.haproxy.RuntimeApi;
import io.deploysteps.haproxy.ServerLine;
import io.deploysteps.haproxy.ServerState;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * The HAProxy switch: one server entry of one backend pointed at a colour over the runtime API
 * ({@code set server B/S addr 127.0.0.1 port P}, then {@code state ready}), with no reload, so no
 * client connection is closed. {@code show servers state} says where traffic goes (a server in
 * maintenance: nowhere yet). The config file's server line follows (only its address, temp file +
 * rename), so a restart of HAProxy comes back on the live colour. Other services' server lines may
 * share the file: every change reads, edits and writes it under a lock beside it, and touches only
 * this server's line.
 */
public final class HaproxySwitch implements TrafficSwitch {
  private static final String PARAMETER = "proxy.haproxy";
  /** An edit takes milliseconds; a holder for this long is hung (a dead one's kernel lock is gone). */
  private static final Duration EDIT_LOCK_WAIT = Duration.ofSeconds(10);
  private static final Duration EDIT_LOCK_POLL = Duration.ofMillis(10);

  private final HostFiles files;
  private final RuntimeApi api;
  private final String backend;
  private final String server;
  private final String configFile;
  private final StepLog log;
  private final TimeSource time;
  /** Why HAProxy could not count the old colour's streams, once it failed: the drain then waits its full time. */
  private String noCount;
  /** This server's line as this run found it before its first change: what a restore to maintenance puts back. */
  private String lineBefore;

  /** {@code configFile}: the file with the server line, or null to leave files alone (a restart then loses the switch). */
  public HaproxySwitch(HostFiles files, RuntimeApi api, String backend, String server, String configFile, TimeSource time,
      StepLog log) {
    this.files = files;
    this.log = log;
    this.time = time;
    this.api = api;
    this.backend = backend;
    this.server = server;
    this.configFile = configFile;
  }

  @Override
  public String name() {
    return "HAProxy server " + backend + "/" + server;
  }

  @Override
  public String proxyName() {
    return "HAProxy";
  }

  @Override
  public String configName() {
    return "server " + backend + "/" + server;
  }

  @Override
  public String holding(int port) {
    return "points at 127.0.0.1:" + port;
  }

  @Override
  public String upstreamHeaderHint() {
    return "add 'http-response set-header " + UPSTREAM_HEADER + " %[bc_dst]:%[bc_dst_port]' to backend " + backend
        + " (as resources/io/deploysteps/haproxy/blue-green-site.cfg does)";
  }

  @Override
  public void checkUsable() {
    if (!files.exists(api.socket())) {
      throw new InvalidParameterException(PARAMETER + ".socket", api.socket() + " does not exist (HAProxy's 'stats socket "
          + api.socket() + " level admin')");
    }
    if (configFile != null) {
      if (!files.exists(configFile)) {
        throw new InvalidParameterException(PARAMETER + ".configFile", configFile + " does not exist");
      }
      line(files.readString(configFile));
    }
  }

  @Override
  public Runnable startHostCheck(Docker docker) {
    return () -> { };
  }

  /** Beside the config file (or the socket): the one place every deploy of this service on this host touches. */
  @Override
  public String lockFile(String service) {
    return DeployLock.beside(files, configFile != null ? configFile : api.socket(), service);
  }

  /** The server as HAProxy runs it now. */
  ServerState state() {
    return ServerState.parse(api.send("show servers state " + backend), backend, server);
  }

  /** {@code 127.0.0.1:PORT} while the server takes traffic; null while it is in maintenance (never switched). */
  @Override
  public String current() {
    ServerState s = state();
    return s.inMaintenance() ? null : s.address() + ":" + s.port();
  }

  @Override
  public OptionalInt livePort() {
    ServerState s = state();
    if (s.inMaintenance()) {
      return OptionalInt.empty();
    }
    if (!s.address().equals("127.0.0.1")) {
      throw new InvalidParameterException(PARAMETER + ".server", name() + " sends traffic to " + s.address() + ":" + s.port()
          + ", not to 127.0.0.1: point it at a colour's port (set server " + backend + "/" + server
          + " addr 127.0.0.1 port PORT) or put it in maintenance before the first deploy");
    }
    return OptionalInt.of(s.port());
  }

  /**
   * Points the server at {@code port} and makes it ready, reads it back, then writes the config
   * file's line. {@code afterWrite} runs between the address change and {@code state ready}. On
   * failure the server and the file are back as they were.
   */
  @Override
  public String switchTo(int port, Runnable afterWrite) {
    String saved = current();
    if (configFile != null && lineBefore == null) {
      lineBefore = line(files.readString(configFile)).line();
    }
    try {
      api.send("set server " + backend + "/" + server + " addr 127.0.0.1 port " + port);
      afterWrite.run();
      api.send("set server " + backend + "/" + server + " state ready");
      ServerState now = state();
      if (!now.address().equals("127.0.0.1") || now.port() != port || !now.ready()) {
        throw new StepFailedException(name() + " reads back as " + now.address() + ":" + now.port() + (now.ready() ? "" : " (not ready)")
            + " after the switch to 127.0.0.1:" + port);
      }
      if (configFile != null) {
        edit(text -> line(text).pointedAt(port));
      }
    } catch (RuntimeException e) {
      Optional<String> back = restore(saved);
      throw new StepFailedException("HAProxy switch failed (" + e.getMessage() + "); " + name() + " restored to "
          + (saved == null ? "maintenance" : saved) + back.map(b -> " (but: " + b + ")").orElse(""));
    }
    return saved;
  }

  /**
   * Puts the server (and its line in the config file) back to {@code saved}; null: back into
   * maintenance, the line as it was. The rest of the file stays as it is now: another service's
   * deploy may have changed its own line since this run read it.
   */
  @Override
  public Optional<String> restore(String saved) {
    try {
      if (saved == null) {
        api.send("set server " + backend + "/" + server + " state maint");
      } else {
        int colon = saved.lastIndexOf(':');
        api.send("set server " + backend + "/" + server + " addr " + saved.substring(0, colon) + " port " + saved.substring(colon + 1));
        api.send("set server " + backend + "/" + server + " state ready");
      }
      if (configFile != null && lineBefore != null) {
        edit(text -> saved == null ? line(text).replacedBy(lineBefore) : line(text).pointedAt(portOf(saved)));
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * The streams HAProxy still has on a connection to {@code 127.0.0.1:port} ({@code show sess all}):
   * the drain of the old colour ends when none is left. When HAProxy cannot say (an answer in
   * another format, a socket of too low a level), one line says why and the drain waits its full time.
   */
  @Override
  public OptionalInt openConnections(int port) {
    if (noCount != null) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(OpenStreams.to(api.send("show sess all"), backend, server, "127.0.0.1:" + port));
    } catch (RuntimeException e) {
      noCount = e.getMessage();
      log.info("drain: HAProxy cannot count its streams to 127.0.0.1:%d (%s): waiting out the full drain", port, noCount);
      return OptionalInt.empty();
    }
  }

  /**
   * The runtime is the truth: the config file's line is made to agree with it (a run killed before
   * it wrote the file). Its port alone is not enough: a first deploy to the port the shipped line
   * already names leaves it {@code disabled}, and a restart of HAProxy would serve nothing.
   */
  @Override
  public void reassert() {
    ServerState s = state();
    if (configFile == null || s.inMaintenance()) {
      return;
    }
    edit(text -> line(text).pointedAt(s.port()));
  }

  private static int portOf(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  /**
   * Reads the config file, changes it and writes it (when it changed) under {@code .FILE.edit.lock}
   * beside it: a deploy of another service whose line is in the same file may be editing it at the
   * same moment, and a write of a text read before its write would undo it.
   */
  private void edit(UnaryOperator<String> change) {
    String real = files.realPath(configFile);
    try (HeldLock held = editLock(real)) {
      String text = files.readString(real);
      String changed = change.apply(text);
      if (!changed.equals(text)) {
        files.writeAtomically(real, changed);
      }
    }
  }

  private HeldLock editLock(String real) {
    String name = real.substring(Math.max(real.lastIndexOf('/'), real.lastIndexOf('\\')) + 1);
    String path = files.resolve(files.parent(real), "." + name + ".edit.lock");
    long start = time.nanoTime();
    while (true) {
      Optional<HeldLock> held = files.tryLock(path);
      if (held.isPresent()) {
        return held.get();
      }
      if (time.millisSince(start) >= EDIT_LOCK_WAIT.toMillis()) {
        throw new StepFailedException("cannot change " + real + ": another process has held " + path + " for "
            + EDIT_LOCK_WAIT.toSeconds() + " s (an edit takes milliseconds)");
      }
      try {
        time.sleep(EDIT_LOCK_POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailedException("interrupted while waiting to change " + real);
      }
    }
  }

  private ServerLine line(String text) {
    Optional<ServerLine> l;
    try {
      l = ServerLine.find(text, backend, server);
    } catch (IllegalArgumentException e) {
      throw new InvalidParameterException(PARAMETER + ".configFile", configFile + " " + e.getMessage());
    }
    return l.orElseThrow(() -> new InvalidParameterException(PARAMETER + ".configFile",
        configFile + " has no 'server " + server + " ADDRESS' line in a 'backend " + backend + "' section"));
  }
}
