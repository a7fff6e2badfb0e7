package io.deploysteps.bluegreen;

import io.deploysteps.context.Checkpoints;
import io.deploysteps.context.StepContext;
import io.deploysteps.docker.BuildSpec;
import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.DeployLabels;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerBuilds;
import io.deploysteps.docker.DockerDiskUse;
import io.deploysteps.docker.DockerHost;
import io.deploysteps.docker.DockerImages;
import io.deploysteps.docker.ImageIdentity;
import io.deploysteps.docker.ImageInfo;
import io.deploysteps.docker.InMemoryContainers;
import io.deploysteps.docker.NetworkInfo;
import io.deploysteps.docker.PushResult;
import io.deploysteps.docker.Removal;
import io.deploysteps.docker.VolumeInfo;
import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import io.deploysteps.fs.FileLocks;
import io.deploysteps.fs.HeldLock;
import io.deploysteps.fs.HostFiles;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.http.HttpProbe;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.time.TimeSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Docker host with nginx in front, for the kill-point tests of blueGreenDeploy: containers in
 * memory ({@link InMemoryContainers}), the proxy's file (nginx's include or upstream block,
 * HAProxy's site config) and the deploy lock in a real directory, nginx a command that loads its
 * file when told to reload, HAProxy a runtime API that moves its server at once, and the apps'
 * answers made from what runs.
 * A run is killed as SIGKILL kills a process: from {@link #kill} on, every call of that run (its
 * threads too) throws {@link Killed} before it reads or changes anything, while its kernel lock goes;
 * what it left behind is what the next run starts from. Every change a run makes is checked to be
 * made under the deploy lock.
 */
final class KillableHost {
  /** Where nginx listens: {@code verifyUrl} goes through it. */
  static final int PUBLIC = 8080;
  private static final Pattern PORT = Pattern.compile("^https?://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern SERVICE_URL = Pattern.compile("set \\$service_url http://127\\.0\\.0\\.1:(\\d+);");
  /** The upstream block's server line that is not commented out; group 2 its parameters ({@code down}: nothing live). */
  private static final Pattern SERVER = Pattern.compile("(?m)^\\s*server (?:live )?127\\.0\\.0\\.1:(\\d+)([^;\\n]*)");
  /** The thread a deploy watches its new colour on, beside its own calls. */
  static final String WATCH = "blueGreenDeploy-watch";
  private static final Set<String> CHANGES = Set.of("run", "start", "stop", "rm", "update", "rename");

  final InMemoryContainers containers = new InMemoryContainers();
  /** How the proxy is told where traffic goes: nginx's include, nginx's upstream block, HAProxy's runtime API. */
  enum Kind { INCLUDE, UPSTREAM, HAPROXY }

  final Kind kind;
  /** The proxy's file the switch edits. */
  final String config;
  private final String socket;
  /** HAProxy's server app/live: its port, and whether it is in maintenance (no traffic). */
  private volatile int haproxyPort = 3000;
  private volatile boolean haproxyMaint = true;
  final String lockFile;
  /** The image references the host has (and the registry serves), with their ids. */
  final Map<String, ImageIdentity> images = Map.of(
      "shop:1", new ImageIdentity("sha256:1111", List.of("shop@sha256:d111")),
      "shop:2", new ImageIdentity("sha256:2222", List.of("shop@sha256:d222")));
  /** Changes some run made while it did not hold the deploy lock. */
  final List<String> unlockedChanges = Collections.synchronizedList(new ArrayList<>());
  final Clock time = new Clock();
  RecordingLog log = new RecordingLog();
  /** The port the proxy serves (nginx: as of its last reload; HAProxy: its server now); -1 for none. */
  volatile int served = -1;
  /**
   * Called with (thread, call) before each call of a live run (a test kills there): the thread is
   * {@code main} for the run's own, else the name of the runner's thread that makes it.
   */
  volatile BiConsumer<String, String> beforeEach = (thread, what) -> { };

  private final InheritableThreadLocal<Integer> runOfThread = new InheritableThreadLocal<>();
  private final AtomicInteger alive = new AtomicInteger();
  private final HostFiles files;

  KillableHost(Path dir, Kind kind) {
    this.files = new Gated(new LocalHostFiles());
    this.kind = kind;
    this.config = dir.resolve(kind == Kind.INCLUDE ? "service-url.inc" : kind == Kind.UPSTREAM ? "upstream.conf" : "site.cfg")
        .toString();
    this.socket = dir.resolve("admin.sock").toString();
    if (kind == Kind.UPSTREAM) {
      // Seed 004's layout before the first deploy: the block's server is down, nothing is live yet.
      write(config, "upstream shop_app {\n    server 127.0.0.1:3000 down max_fails=3;  # live colour\n    keepalive 8;\n}\n");
    } else if (kind == Kind.HAPROXY) {
      // The shipped site's backend before the first deploy: the server disabled (in maintenance).
      write(config, "backend app\n    # the step points this line at the live colour\n    server live 127.0.0.1:3000 disabled\n");
      write(socket, "");
    }
    this.lockFile = DeployLock.beside(new LocalHostFiles(), config, "shop");
    containers.beforeEach = (op, c) -> gate(op + " " + c, CHANGES.contains(op));
  }

  /** A fresh runner, as a new CLI process would make, passing {@code checkpoints}. */
  BlueGreenRunner runner(Checkpoints checkpoints) {
    runOfThread.set(alive.incrementAndGet());
    time.advance(Duration.ofMinutes(1));
    log = new RecordingLog();
    StepContext context = StepContext.builder(new Nginx(), files, log.log(), Map.of(), Path.of(config).getParent().toString(),
        Docker.of(new Images(), containers, new Host(), new Builds())).time(time).probe(this::answer).checkpoints(checkpoints).build();
    return new BlueGreenRunner(context);
  }

  /** Kills the run that is going: nothing of it runs on. */
  void kill() {
    alive.incrementAndGet();
  }

  /** The request's {@code proxy} map for this kind. */
  Map<String, Object> proxy() {
    switch (kind) {
      case INCLUDE:
        return Map.of("includeFile", config);
      case UPSTREAM:
        return Map.of("upstreamFile", config, "upstream", "shop_app");
      default:
        return Map.of("haproxy", Map.of("socket", socket, "backend", "app", "server", "live", "configFile", config));
    }
  }

  /** nginx's file as it is now, or null. */
  String configText() {
    try {
      return Files.exists(Path.of(config)) ? Files.readString(Path.of(config)) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The port the proxy's file sends traffic to, -1 when none (no include yet, a server marked down
   * or disabled): what nginx loads on a reload, and what HAProxy would come back on after a restart.
   */
  int configPort() {
    String text = configText();
    if (text == null) {
      return -1;
    }
    Matcher m = (kind == Kind.INCLUDE ? SERVICE_URL : SERVER).matcher(text);
    if (!m.find() || (kind != Kind.INCLUDE && (m.group(2).contains("down") || m.group(2).contains("disabled")))) {
      return -1;
    }
    return Integer.parseInt(m.group(1));
  }

  private static void write(String path, String text) {
    try {
      Files.writeString(Path.of(path), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True when some holder has the deploy lock now. */
  boolean lockHeld() {
    try {
      Optional<HeldLock> mine = FileLocks.tryLock(Path.of(lockFile));
      mine.ifPresent(HeldLock::close);
      return mine.isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The call of a run: refused once that run is killed; a change must be made under the lock. */
  private void gate(String what, boolean change) {
    Integer run = runOfThread.get();
    if (run == null || run != alive.get()) {
      throw new Killed(what);
    }
    String thread = Thread.currentThread().getName();
    beforeEach.accept(thread.startsWith("blueGreenDeploy-") ? thread : "main", what);
    if (run != alive.get()) {
      throw new Killed(what);
    }
    if (change && !lockHeld()) {
      unlockedChanges.add(what);
    }
  }

  /** What the app on {@code url}'s port answers; through nginx (port {@link #PUBLIC}) from the colour it serves. */
  private HttpProbe.Answer answer(String url, Duration timeout) {
    gate("GET " + url, false);
    Matcher m = PORT.matcher(url);
    int port = m.find() ? Integer.parseInt(m.group(1)) : -1;
    if (port != PUBLIC) {
      return direct(port);
    }
    int upstream = served;
    HttpProbe.Answer a = direct(upstream);
    return a.answered() ? new HttpProbe.Answer(a.status(), a.body(), Map.of(TrafficSwitch.UPSTREAM_HEADER, "http://127.0.0.1:" + upstream))
        : new HttpProbe.Answer(502, "502 Bad Gateway");
  }

  /** 200 with the image's name from the container that runs on {@code port}; refused when none does. */
  HttpProbe.Answer direct(int port) {
    return containers.all().values().stream()
        .filter(c -> c.running() && String.valueOf(port).equals(c.labels().get(DeployLabels.PORT)))
        .findFirst().map(c -> new HttpProbe.Answer(200, c.image()))
        .orElse(new HttpProbe.Answer(-1, "connection refused"));
  }

  /** A SIGKILL: nothing after it runs. */
  static final class Killed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Killed(String at) {
      super("killed at " + at);
    }
  }

  /** The clock of the host, shared by the runs (deployed-at labels order them) and their threads. */
  static final class Clock implements TimeSource {
    private final AtomicLong nanos = new AtomicLong();
    private final Instant wall = Instant.parse("2026-11-23T00:00:00Z");

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }

    @Override
    public long nanoTime() {
      return nanos.get();
    }

    @Override
    public Instant now() {
      return wall.plusNanos(nanos.get());
    }

    /**
     * The run's own sleeps move the clock; the watch's (a thread beside it) pass in real time and
     * leave it alone, so the run makes the same calls in the same order every time.
     */
    @Override
    public void sleep(Duration d) throws InterruptedException {
      if (Thread.currentThread().getName().equals(WATCH)) {
        Thread.sleep(1);
      } else {
        advance(d);
      }
    }
  }

  /**
   * nginx: {@code -t} passes, {@code -s reload} loads its file. HAProxy's runtime API (socat, the
   * command on stdin): {@code set server} moves or readies the server at once, no reload.
   */
  private final class Nginx implements CommandRunner {
    @Override
    public CommandResult run(Command command) {
      if (command.argv().get(0).equals("socat")) {
        return haproxy(new String(command.stdin(), java.nio.charset.StandardCharsets.UTF_8).strip());
      }
      boolean reload = command.argv().contains("reload");
      gate(String.join(" ", command.argv()), reload);
      if (reload) {
        served = configPort();
      }
      return new CommandResult(0, "", "", Duration.ZERO);
    }
  }

  /** HAProxy's answer to one runtime API command (show servers state in its format version 1). */
  private CommandResult haproxy(String cmd) {
    boolean change = cmd.startsWith("set ");
    gate("haproxy " + cmd, change);
    String out = "";
    Matcher addr = Pattern.compile("^set server app/live addr 127\\.0\\.0\\.1 port (\\d+)$").matcher(cmd);
    if (addr.matches()) {
      haproxyPort = Integer.parseInt(addr.group(1));
    } else if (cmd.equals("set server app/live state ready")) {
      haproxyMaint = false;
    } else if (cmd.equals("set server app/live state maint")) {
      haproxyMaint = true;
    } else if (cmd.equals("show servers state app")) {
      out = "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_port\n"
          + "3 app 1 live 127.0.0.1 2 " + (haproxyMaint ? 1 : 0) + " " + haproxyPort + "\n";
    } else {
      out = "Unknown command: " + cmd;
    }
    served = haproxyMaint ? -1 : haproxyPort;
    return new CommandResult(0, out, "", Duration.ZERO);
  }

  private final class Images implements DockerImages {
    @Override
    public Optional<ImageIdentity> imageIdentity(String image) {
      gate("image inspect " + image, false);
      return Optional.ofNullable(images.get(image));
    }

    @Override public Optional<ImageInfo> inspectImage(String image) { throw unused("inspectImage"); }
    @Override public List<ImageInfo> listImages(List<String> filters) { throw unused("listImages"); }
    @Override public List<ImageInfo> listImagesForPrune() { throw unused("listImagesForPrune"); }
    @Override public Set<String> imageIds() { throw unused("imageIds"); }
    @Override public void tag(String source, String target) { throw unused("tag"); }
    @Override public boolean removeImage(String image, boolean force) { throw unused("removeImage"); }
    @Override public Removal removeImages(List<String> references) { throw unused("removeImages"); }
  }

  private final class Builds implements DockerBuilds {
    @Override
    public boolean pull(String reference) {
      gate("pull " + reference, false);
      return images.containsKey(reference);
    }

    @Override public String build(BuildSpec spec, Consumer<String> progress) { throw unused("build"); }
    @Override public PushResult push(String reference, Consumer<String> progress) { throw unused("push"); }
    @Override public void login(String registry, String username, String password) { throw unused("login"); }
    @Override public DockerBuilds withConfigDir(String configDir, Map<String, String> clientEnv) { return this; }
  }

  private final class Host implements DockerHost {
    @Override
    public List<NetworkInfo> listNetworks(List<String> filters) {
      gate("network ls", false);
      return List.of();
    }

    @Override public String serverVersion() { throw unused("serverVersion"); }
    @Override public String dataRoot() { throw unused("dataRoot"); }
    @Override public DockerDiskUse systemDf() { throw unused("systemDf"); }
    @Override public List<VolumeInfo> listVolumes(List<String> filters) { throw unused("listVolumes"); }
    @Override public void removeVolume(String name) { throw unused("removeVolume"); }
    @Override public List<String> pruneNetworks(List<String> filters) { throw unused("pruneNetworks"); }
    @Override public long pruneBuildCache(String keepStorage, String until) { throw unused("pruneBuildCache"); }
  }

  private static UnsupportedOperationException unused(String call) {
    return new UnsupportedOperationException(call + ": blueGreenDeploy does not call it");
  }

  /** The host's files, every call gated; a write of nginx's file is a change. The kernel lock itself goes however a run ends. */
  private final class Gated implements HostFiles {
    private final HostFiles real;

    Gated(HostFiles real) {
      this.real = real;
    }

    private void read(String op, String path) {
      gate(op + " " + path, false);
    }

    private void write(String op, String path) {
      gate(op + " " + path, path.equals(config) || path.equals(real.realPath(config)));
    }

    @Override public boolean exists(String path) { read("exists", path); return real.exists(path); }
    @Override public boolean isDirectory(String path) { read("isDirectory", path); return real.isDirectory(path); }
    @Override public byte[] read(String path) { read("read", path); return real.read(path); }
    @Override public String readString(String path) { read("read", path); return real.readString(path); }
    @Override public void writeAtomically(String path, byte[] content) { write("write", path); real.writeAtomically(path, content); }
    @Override public void writeAtomically(String path, String content) { write("write", path); real.writeAtomically(path, content); }
    @Override public Optional<HeldLock> tryLock(String path) { read("lock", path); return real.tryLock(path); }
    @Override public boolean createDirectory(String path) { write("mkdir", path); return real.createDirectory(path); }
    @Override public void createDirectories(String path) { write("mkdir", path); real.createDirectories(path); }
    @Override public String createTempDirectory(String prefix) { write("mktemp", prefix); return real.createTempDirectory(prefix); }
    @Override public void deleteRecursively(String path) { write("rm", path); real.deleteRecursively(path); }
    @Override public List<String> list(String directory) { read("ls", directory); return real.list(directory); }
    @Override public List<String> filesUnder(String root) { read("find", root); return real.filesUnder(root); }
    @Override public void copy(String from, String to) { write("cp", to); real.copy(from, to); }
    @Override public long lastModified(String path) { read("stat", path); return real.lastModified(path); }
    @Override public String resolve(String base, String child) { return real.resolve(base, child); }
    @Override public String parent(String path) { return real.parent(path); }
    @Override public String realPath(String path) { return real.realPath(path); }
  }
}
