package io.deploysteps.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.engine.Json;
import io.deploysteps.engine.Parallel;
import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import io.deploysteps.exec.CommandTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link Docker} over the docker CLI: argv built here, JSON read from {@code inspect} and
 * {@code --format '{{json .}}'}. Env values and passwords go through the environment and stdin,
 * never argv.
 */
public final class DockerCli implements Docker {
  private static final Pattern CLIENT_VERSION = Pattern.compile("Docker version (\\d+)\\.");
  private static final Duration QUICK = Duration.ofMinutes(2);
  private static final Duration PING = Duration.ofSeconds(10);
  private static final Duration LONG = Duration.ofMinutes(60);
  private static final Pattern DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");
  private static final Pattern BUILT = Pattern.compile("Successfully built ([0-9a-f]+)");
  private static final Pattern RECLAIMED = Pattern.compile("Total reclaimed space:\\s*(\\S+)");
  private static final int INSPECT_BATCH = 200;

  private final CommandRunner runner;
  private final String binary;
  private final Map<String, String> env;
  private final String configDir;
  /** Where a build looks its image id up: this CLI, or the same daemon's Engine API (no docker process). */
  private final DockerImages idLookup;

  /**
   * @param env the environment that decides which daemon is used (DOCKER_HOST, DOCKER_CONTEXT...)
   */
  public DockerCli(CommandRunner runner, String binary, Map<String, String> env) {
    this(runner, binary, env, null, null);
  }

  private DockerCli(CommandRunner runner, String binary, Map<String, String> env, String configDir,
      DockerImages idLookup) {
    this.runner = runner;
    this.binary = binary;
    this.env = Map.copyOf(env);
    this.configDir = configDir;
    this.idLookup = idLookup == null ? this : idLookup;
  }

  @Override
  public DockerCli withConfigDir(String dir, Map<String, String> clientEnv) {
    Map<String, String> both = new java.util.HashMap<>(env);
    both.putAll(clientEnv);
    return new DockerCli(runner, binary, both, dir, idLookup == this ? null : idLookup);
  }

  /** The same CLI, reading a built image's id from {@code images} (which must serve the same daemon). */
  DockerCli withIdLookup(DockerImages images) {
    return new DockerCli(runner, binary, env, configDir, images);
  }

  private String dockerHost() {
    String host = env.get("DOCKER_HOST");
    if (host == null) {
      host = System.getenv("DOCKER_HOST");
    }
    return host == null ? "unix:///var/run/docker.sock (default)" : host;
  }

  private Command.Builder docker(String... args) {
    Command.Builder b = Command.of(binary).env(env).timeout(QUICK);
    if (configDir != null) {
      b.arg("--config").arg(configDir);
    }
    return b.args(List.of(args));
  }

  private CommandResult call(Command command) {
    CommandResult r;
    try {
      r = runner.run(command);
    } catch (CommandTimeoutException e) {
      if (command.timeout().compareTo(PING) <= 0) {
        throw new DockerUnavailableException(dockerHost(), "no answer within " + command.timeout().toSeconds() + " s",
            command.display());
      }
      throw e;
    }
    if (!r.ok() && isDaemonDown(r.stderr())) {
      throw new DockerUnavailableException(dockerHost(), r.lastErrorLine(), command.display());
    }
    return r;
  }

  private CommandResult check(Command command) {
    CommandResult r = call(command);
    if (!r.ok()) {
      throw new DockerException(command.display(), r);
    }
    return r;
  }

  static boolean isDaemonDown(String stderr) {
    return stderr.contains("Cannot connect to the Docker daemon")
        || stderr.contains("Is the docker daemon running")
        || stderr.contains("error during connect");
  }

  private static boolean isNoSuch(String stderr) {
    return stderr.contains("No such") || stderr.contains("not found");
  }

  @Override
  public String serverVersion() {
    CommandResult r = call(docker("version", "--format", "{{.Server.Version}}").timeout(PING).build());
    if (!r.ok() || r.stdout().isBlank()) {
      throw new DockerUnavailableException(dockerHost(), r.lastErrorLine(), "docker version");
    }
    return r.stdout().strip();
  }

  @Override
  public String build(BuildSpec spec, Consumer<String> progress) {
    Command.Builder b = (spec.builder == ImageBuilder.BUILDX ? docker("buildx", "build", "--load") : docker("build"))
        .timeout(LONG).outputLines(progress);
    if (spec.builder != ImageBuilder.BUILDX) {
      // Set either way: which builder a bare "docker build" picks depends on the CLI's version and the daemon's config.
      b.env("DOCKER_BUILDKIT", spec.builder == ImageBuilder.BUILDKIT ? "1" : "0");
    }
    if (spec.builder.buildKit()) {
      b.arg("--progress").arg("plain");
    }
    for (String to : spec.cacheTo) {
      if (to.equals("inline")) {
        // Inline cache travels in the image's config; both BuildKit paths take it as this build arg.
        b.arg("--build-arg").arg("BUILDKIT_INLINE_CACHE=1");
      } else {
        b.arg("--cache-to").arg("type=registry,ref=" + to + ",mode=max");
      }
    }
    if (spec.dockerfile != null) {
      b.arg("--file").arg(spec.dockerfile);
    }
    spec.tags.forEach(t -> b.arg("--tag").arg(t));
    // "--build-arg KEY" takes the value from the client's environment, so values stay out of argv.
    spec.buildArgs.forEach((k, v) -> b.arg("--build-arg").arg(k).env(k, v));
    spec.labels.forEach((k, v) -> b.arg("--label").arg(k + "=" + v));
    if (spec.target != null) {
      b.arg("--target").arg(spec.target);
    }
    if (spec.platform != null) {
      b.arg("--platform").arg(spec.platform);
    }
    spec.cacheFrom.forEach(c -> b.arg("--cache-from").arg(c));
    if (spec.pull) {
      b.arg("--pull");
    }
    if (spec.noCache) {
      b.arg("--no-cache");
    }
    b.arg(spec.context);
    CommandResult r = check(b.build());
    if (!spec.tags.isEmpty()) {
      return idLookup.inspectImage(spec.tags.get(0))
          .orElseThrow(() -> new DockerException("built image " + spec.tags.get(0) + " is missing", "docker build"))
          .id();
    }
    Matcher m = BUILT.matcher(r.stdout());
    String id = null;
    while (m.find()) {
      id = m.group(1);
    }
    if (id == null) {
      throw new DockerException("docker build printed no image id", "docker build");
    }
    return inspectImage(id).map(ImageInfo::id).orElse(id);
  }

  @Override
  public ImageBuilder availableBuilder() {
    // Both at once: a CLI without buildx fails the first quickly, and the second needs no daemon.
    var buildx = Parallel.start("docker-buildx", () -> call(docker("buildx", "version").timeout(PING).build()));
    CommandResult client = call(docker("--version").timeout(PING).build());
    if (Parallel.join(buildx).ok()) {
      return ImageBuilder.BUILDX;
    }
    return client.ok() && clientBuildsBuildKitIn(client.stdout()) ? ImageBuilder.BUILDKIT : ImageBuilder.LEGACY;
  }

  /** {@code Docker version 20.10.24+dfsg1, build 297e128}: before 23.0 the CLI has BuildKit in it. */
  static boolean clientBuildsBuildKitIn(String versionLine) {
    Matcher m = CLIENT_VERSION.matcher(versionLine);
    return m.find() && Integer.parseInt(m.group(1)) < 23 && Integer.parseInt(m.group(1)) >= 18;
  }

  @Override
  public void tag(String source, String target) {
    check(docker("tag", source, target).build());
  }

  @Override
  public PushResult push(String reference, Consumer<String> progress) {
    CommandResult r = check(docker("push", reference).timeout(LONG).outputLines(progress).build());
    Matcher m = DIGEST.matcher(r.stdout());
    String digest = null;
    while (m.find()) {
      digest = m.group(1);
    }
    if (digest == null) {
      throw new DockerException("docker push " + reference + " printed no digest", "docker push " + reference);
    }
    int pushed = 0;
    int existing = 0;
    for (String line : r.stdout().split("\\R")) {
      if (line.endsWith(": Pushed")) {
        pushed++;
      } else if (line.endsWith(": Layer already exists")) {
        existing++;
      }
    }
    return new PushResult(digest, pushed, existing);
  }

  @Override
  public boolean pull(String reference) {
    Command c = docker("pull", "--quiet", reference).timeout(LONG).build();
    CommandResult r = call(c);
    if (r.ok()) {
      return true;
    }
    String err = r.stderr();
    if (err.contains("manifest unknown") || err.contains("not found") || err.contains("does not exist")
        || err.contains("pull access denied")) {
      return false;
    }
    throw new DockerException(c.display(), r);
  }

  @Override
  public void login(String registry, String username, String password) {
    check(docker("login", "--username", username, "--password-stdin", registry)
        .stdin(password).secret(password).build());
  }

  /**
   * {@code docker run --detach}. The env goes in an {@code --env-file} in a private (0700) temp
   * directory of the docker host, deleted as soon as docker returns: with {@code --env KEY} and
   * the value in docker's own environment, a key such as DOCKER_HOST, DOCKER_CONFIG or PATH would
   * steer this very docker call. (Where the daemon is this machine's socket, EngineApiDocker
   * creates the container over the API and no file is written at all.)
   */
  @Override
  public String run(RunSpec spec) {
    if (spec.env.isEmpty()) {
      return runWithEnvFile(spec, null);
    }
    StringBuilder lines = new StringBuilder();
    spec.env.forEach((k, v) -> {
      if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
        throw new io.deploysteps.engine.InvalidParameterException("env", "the value of " + k + " holds a line break,"
            + " which an --env-file cannot carry (the docker daemon is not this machine's socket)");
      }
      lines.append(k).append('=').append(v).append('\n');
    });
    String dir = check(Command.of("mktemp", "-d", "-t", "deploy-steps-env.XXXXXXXXXX").build()).stdout().strip();
    if (!dir.startsWith("/")) {
      throw new DockerException("mktemp -d printed no directory for the env file", "mktemp");
    }
    String file = dir + "/env";
    try {
      // On stdin, which is never shown; not masks: a value like "1" would mask every 1 of every line.
      check(Command.of("dd", "of=" + file).stdin(lines.toString()).build());
      return runWithEnvFile(spec, file);
    } finally {
      call(Command.of("rm", "-rf", dir).build());
    }
  }

  private String runWithEnvFile(RunSpec spec, String envFile) {
    Command.Builder b = docker("run", "--detach");
    if (spec.name != null) {
      b.arg("--name").arg(spec.name);
    }
    if (spec.network != null) {
      b.arg("--network").arg(spec.network);
    }
    if (spec.networkAlias != null) {
      b.arg("--network-alias").arg(spec.networkAlias);
    }
    if (spec.init) {
      b.arg("--init");
    }
    if (envFile != null) {
      b.arg("--env-file").arg(envFile);
    }
    if (spec.envFile != null) {
      b.arg("--env-file").arg(spec.envFile);
    }
    spec.labels.forEach((k, v) -> b.arg("--label").arg(k + "=" + v));
    spec.publish.forEach(p -> b.arg("--publish").arg(p));
    if (spec.restart != null) {
      b.arg("--restart").arg(spec.restart);
    }
    if (spec.stopTimeout != null) {
      b.arg("--stop-timeout").arg(String.valueOf(spec.stopTimeout.toSeconds()));
    }
    b.arg(spec.image).args(spec.command);
    return check(b.build()).stdout().strip();
  }

  @Override
  public void start(String container) {
    check(docker("start", container).build());
  }

  @Override
  public void stop(String container, Duration grace) {
    long seconds = Math.max(0, grace.toSeconds());
    check(docker("stop", "--time", String.valueOf(seconds), container)
        .timeout(QUICK.plus(Duration.ofSeconds(seconds))).build());
  }

  @Override
  public void removeContainer(String container, boolean force) {
    Command c = force ? docker("rm", "--force", container).build() : docker("rm", container).build();
    CommandResult r = call(c);
    if (!r.ok() && !isNoSuch(r.stderr())) {
      throw new DockerException(c.display(), r);
    }
  }

  @Override
  public boolean removeImage(String image, boolean force) {
    Command c = force ? docker("rmi", "--force", image).build() : docker("rmi", image).build();
    return call(c).ok();
  }

  @Override
  public Optional<ContainerInfo> inspectContainer(String container) {
    return inspectOne("container", container, ContainerInfo::fromInspect);
  }

  @Override
  public Optional<ImageInfo> inspectImage(String image) {
    return inspectOne("image", image, ImageInfo::fromInspect);
  }

  /** One object's inspect JSON; empty when Docker says there is no such object. */
  private <T> Optional<T> inspectOne(String kind, String ref, java.util.function.Function<JsonNode, T> read) {
    Command c = docker(kind, "inspect", ref).build();
    CommandResult r = call(c);
    if (!r.ok()) {
      if (isNoSuch(r.stderr())) {
        return Optional.empty();
      }
      throw new DockerException(c.display(), r);
    }
    JsonNode arr = Json.read(r.stdout());
    return arr.size() == 0 ? Optional.empty() : Optional.of(read.apply(arr.get(0)));
  }

  @Override
  public List<ContainerInfo> listContainers(List<String> filters) {
    return listAndInspect("container", docker("ps", "--all", "--quiet", "--no-trunc"), filters, ContainerInfo::fromInspect);
  }

  @Override
  public List<ImageInfo> listImages(List<String> filters) {
    return listAndInspect("image", docker("image", "ls", "--all", "--quiet", "--no-trunc"), filters, ImageInfo::fromInspect);
  }

  /** Ids from a {@code --quiet} listing, then their full JSON from one inspect per batch. */
  private <T> List<T> listAndInspect(String kind, Command.Builder listing, List<String> filters,
      java.util.function.Function<JsonNode, T> read) {
    filters.forEach(f -> listing.arg("--filter").arg(f));
    List<T> out = new ArrayList<>();
    for (JsonNode n : inspectAll(kind, ids(check(listing.build()).stdout()))) {
      out.add(read.apply(n));
    }
    return out;
  }

  private static List<String> ids(String stdout) {
    Set<String> ids = new LinkedHashSet<>();
    for (String line : stdout.split("\\R")) {
      if (!line.isBlank()) {
        ids.add(line.strip());
      }
    }
    return new ArrayList<>(ids);
  }

  /** One inspect call per batch of ids; objects removed in between are skipped. */
  private List<JsonNode> inspectAll(String kind, List<String> ids) {
    List<JsonNode> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += INSPECT_BATCH) {
      Command.Builder b = docker(kind, "inspect").args(ids.subList(i, Math.min(ids.size(), i + INSPECT_BATCH)));
      CommandResult r = call(b.build());
      if (!r.ok() && !isNoSuch(r.stderr())) {
        throw new DockerException(b.build().display(), r);
      }
      if (!r.stdout().isBlank()) {
        Json.read(r.stdout()).forEach(out::add);
      }
    }
    return out;
  }

  @Override
  public String logs(String container, int lines) {
    CommandResult r = call(docker("logs", "--tail", String.valueOf(lines), container).build());
    String both = r.stdout() + r.stderr();
    return both.strip();
  }

  /** Runs argv inside a running container (tests and diagnostics; no step needs it). */
  public CommandResult exec(String container, List<String> argv) {
    return call(docker("exec", container).args(argv).build());
  }

  /** The Size column of its rows, which the CLI rounds to 4 significant digits. */
  @Override
  public DockerDiskUse systemDf() {
    Map<String, Long> rows = new java.util.HashMap<>();
    for (JsonNode row : jsonLines(check(docker("system", "df", "--format", "{{json .}}").build()).stdout())) {
      rows.put(row.path("Type").asText("?"), HumanSize.bytes(row.path("Size").asText("0B")));
    }
    return new DockerDiskUse(rows.getOrDefault("Images", 0L), rows.getOrDefault("Containers", 0L),
        rows.getOrDefault("Local Volumes", 0L), rows.getOrDefault("Build Cache", 0L));
  }

  /** {@code docker volume ls} prints the labels as one {@code k=v,k2=v2} column. */
  @Override
  public List<VolumeInfo> listVolumes(List<String> filters) {
    Command.Builder b = docker("volume", "ls", "--format", "{{json .}}");
    filters.forEach(f -> b.arg("--filter").arg(f));
    List<VolumeInfo> out = new ArrayList<>();
    for (JsonNode v : jsonLines(check(b.build()).stdout())) {
      Map<String, String> labels = new java.util.LinkedHashMap<>();
      for (String pair : v.path("Labels").asText("").split(",")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          labels.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
      out.add(new VolumeInfo(v.path("Name").asText(), labels));
    }
    return out;
  }

  @Override
  public void removeVolume(String name) {
    check(docker("volume", "rm", name).build());
  }

  /** The bytes of its {@code Total reclaimed space:} line. */
  @Override
  public long pruneBuildCache(String keepStorage, String until) {
    Command.Builder b = docker("builder", "prune", "--force").timeout(LONG);
    if (keepStorage != null) {
      b.arg("--keep-storage").arg(keepStorage);
    }
    if (until != null) {
      b.arg("--filter").arg("until=" + until);
    }
    Matcher m = RECLAIMED.matcher(check(b.build()).stdout());
    return m.find() ? HumanSize.bytes(m.group(1)) : 0;
  }

  @Override
  public String dataRoot() {
    return check(docker("info", "--format", "{{.DockerRootDir}}").build()).stdout().strip();
  }

  // --- pruneDocker ---

  @Override
  public Removal removeImages(List<String> references) {
    return removal(call(docker("rmi").args(references).timeout(LONG).build()));
  }

  @Override
  public Removal removeContainers(List<String> ids) {
    return removal(call(docker("rm").args(ids).timeout(LONG).build()));
  }

  /** stdout names what went, stderr has a line per refusal; a failure that says nothing is one too. */
  private static Removal removal(CommandResult r) {
    List<String> refusals = r.stderr().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (!r.ok() && refusals.isEmpty()) {
      refusals = List.of("docker exited " + r.exitCode() + " without a word");
    }
    return new Removal(r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList(), refusals);
  }

  @Override
  public Set<String> imageIds() {
    return new LinkedHashSet<>(ids(check(docker("image", "ls", "--all", "--quiet", "--no-trunc").build()).stdout()));
  }

  /** The fields pruneDocker reads, one JSON line per image: a tenth of a full inspect to transfer and parse. */
  private static final String PRUNE_IMAGE_FORMAT = "{\"Id\":{{json .Id}},\"RepoTags\":{{json .RepoTags}},"
      + "\"RepoDigests\":{{json .RepoDigests}},\"Created\":{{json .Created}},\"Size\":{{.Size}},"
      + "\"Parent\":{{json .Parent}},\"Config\":{{if .Config}}{\"Labels\":{{json .Config.Labels}}}{{else}}{}{{end}}}";
  private static final int PRUNE_INSPECT_BATCH = 1000;
  private static final int PRUNE_INSPECTS = 3;
  private static final int PRUNE_INSPECT_MIN = 50;

  @Override
  public List<ImageInfo> listImagesForPrune() {
    List<String> all = ids(check(docker("image", "ls", "--all", "--quiet", "--no-trunc").build()).stdout());
    // The CLI inspects one image per API call: a few calls side by side (bench/prune, 300 images on
    // 2 cores: 200 ms in one call, 120-145 ms in 3).
    int per = Math.min(PRUNE_INSPECT_BATCH, Math.max(PRUNE_INSPECT_MIN, (all.size() + PRUNE_INSPECTS - 1) / PRUNE_INSPECTS));
    List<ImageInfo> out = new ArrayList<>();
    Parallel.map("docker-inspect", PRUNE_INSPECTS, Parallel.chunks(all, per), this::inspectForPrune).forEach(out::addAll);
    return out;
  }

  private List<ImageInfo> inspectForPrune(List<String> ids) {
    Command c = docker("image", "inspect", "--format", PRUNE_IMAGE_FORMAT).args(ids).build();
    CommandResult r = call(c);
    if (!r.ok() && !isNoSuch(r.stderr())) {
      throw new DockerException(c.display(), r);
    }
    List<ImageInfo> out = new ArrayList<>();
    jsonLines(r.stdout()).forEach(n -> out.add(ImageInfo.fromInspect(n)));
    return out;
  }

  @Override
  public List<NetworkInfo> listNetworks(List<String> filters) {
    Command.Builder b = docker("network", "ls", "--no-trunc", "--format", "{{json .}}");
    filters.forEach(f -> b.arg("--filter").arg(f));
    List<NetworkInfo> out = new ArrayList<>();
    for (JsonNode n : jsonLines(check(b.build()).stdout())) {
      String name = n.path("Name").asText();
      out.add(new NetworkInfo(n.path("ID").asText(name), name));
    }
    return out;
  }

  @Override
  public List<String> pruneNetworks(List<String> filters) {
    Command.Builder b = docker("network", "prune", "--force");
    filters.forEach(f -> b.arg("--filter").arg(f));
    List<String> removed = new ArrayList<>();
    boolean list = false;
    for (String line : check(b.build()).stdout().split("\\R")) {
      if (line.startsWith("Deleted Networks:")) {
        list = true;
      } else if (list && !line.isBlank()) {
        removed.add(line.strip());
      }
    }
    return removed;
  }

  private static List<JsonNode> jsonLines(String stdout) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : stdout.split("\\R")) {
      if (!line.isBlank()) {
        out.add(Json.read(line));
      }
    }
    return out;
  }

  // --- blueGreenDeploy ---

  private static final List<String> BRIEF_LABELS = List.of(DeployLabels.SERVICE, DeployLabels.PORT, DeployLabels.IMAGE,
      DeployLabels.REVISION, DeployLabels.DEPLOYED_AT, DeployLabels.KEEP, DeployLabels.IMAGE_ID, DeployLabels.DIGEST);

  @Override
  public List<ContainerInfo> listContainersBrief(List<String> filters) {
    StringBuilder format = new StringBuilder("{{.ID}}\t{{.Names}}\t{{.Image}}\t{{.State}}\t{{.CreatedAt}}");
    BRIEF_LABELS.forEach(l -> format.append("\t{{.Label \"").append(l).append("\"}}"));
    Command.Builder b = docker("ps", "--all", "--no-trunc", "--format", format.toString());
    filters.forEach(f -> b.arg("--filter").arg(f));
    Command command = b.build();
    List<ContainerInfo> out = new ArrayList<>();
    int fields = 5 + BRIEF_LABELS.size();
    for (String line : check(command).stdout().split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length < fields) {
        // Never "no such container": a deploy would then start over a colour it did not see.
        throw new DockerException(command.display() + " printed a line of " + f.length + " fields, not " + fields + ": '"
            + line + "'", command.display());
      }
      java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
      for (int i = 0; i < BRIEF_LABELS.size(); i++) {
        if (!f[5 + i].isEmpty()) {
          labels.put(BRIEF_LABELS.get(i), f[5 + i]);
        }
      }
      out.add(ContainerInfo.brief(f[0], f[1].split(",")[0], f[2], f[3], DockerTime.parse(f[4]), labels));
    }
    return out;
  }

  @Override
  public Optional<ImageIdentity> imageIdentity(String image) {
    Command c = docker("image", "inspect", "--format", "{{.Id}}{{range .RepoDigests}} {{.}}{{end}}", image).build();
    CommandResult r = call(c);
    if (!r.ok()) {
      if (isNoSuch(r.stderr())) {
        return Optional.empty();
      }
      throw new DockerException(c.display(), r);
    }
    List<String> words = List.of(r.stdout().strip().split("\\s+"));
    return Optional.of(new ImageIdentity(words.get(0), words.subList(1, words.size())));
  }

  @Override
  public Optional<ContainerState> containerState(String container) {
    Command c = docker("container", "inspect", "--format",
        "{{.State.Status}} {{.State.Running}} {{.RestartCount}} {{.State.OOMKilled}} {{.State.ExitCode}}"
            + " {{if .State.Health}}{{.State.Health.Status}}{{else}}-{{end}}", container).build();
    CommandResult r = call(c);
    if (!r.ok()) {
      if (isNoSuch(r.stderr())) {
        return Optional.empty();
      }
      throw new DockerException(c.display(), r);
    }
    String[] f = r.stdout().strip().split(" ");
    if (f.length != 6) {
      throw new DockerException(c.display() + " printed '" + r.stdout().strip() + "'", c.display());
    }
    return Optional.of(new ContainerState(f[0], Boolean.parseBoolean(f[1]), Integer.parseInt(f[2]),
        Boolean.parseBoolean(f[3]), Integer.parseInt(f[4]), f[5].equals("-") ? null : f[5]));
  }

  /** One listing, no JSON; an inspect only for the (rare) containers the volume filter matched. */
  @Override
  public List<String> runningContainersMounting(String hostPath) {
    String names = check(docker("ps", "--filter", "status=running", "--filter", "volume=" + hostPath,
        "--format", "{{.Names}}").build()).stdout().strip();
    List<String> out = new ArrayList<>();
    for (String name : names.isEmpty() ? new String[0] : names.split("\\R")) {
      String mounts = check(docker("container", "inspect", "--format",
          "{{range .Mounts}}{{.Type}}\t{{.Source}}\t{{.Destination}}\n{{end}}", name).build()).stdout();
      for (String line : mounts.split("\\R")) {
        String[] f = line.split("\t", -1);
        if (f.length == 3 && f[0].equals("bind") && f[1].equals(hostPath)) {
          out.add(name + ":" + f[2]);
        }
      }
    }
    return out;
  }

  @Override
  public boolean hasImage(String image) {
    Command c = docker("image", "inspect", "--format", "{{.Id}}", image).build();
    CommandResult r = call(c);
    if (!r.ok() && !isNoSuch(r.stderr())) {
      throw new DockerException(c.display(), r);
    }
    return r.ok();
  }

  @Override
  public void setRestartPolicy(String container, String policy) {
    check(docker("update", "--restart", policy, container).build());
  }

  @Override
  public void rename(String container, String newName) {
    check(docker("rename", container, newName).build());
  }
}
