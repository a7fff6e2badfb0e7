package io.deploysteps.context;

import io.deploysteps.aws.AwsClients;
import io.deploysteps.aws.AwsCredentialsSpec;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.EarlyReads;
import io.deploysteps.docker.ManifestTags;
import io.deploysteps.docker.RegistrySessions;
import io.deploysteps.exec.CommandRunner;
import io.deploysteps.fs.HostFiles;
import io.deploysteps.http.HttpProbe;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Everything a step runner may touch: the seams. Each door builds it with {@link #builder}: the CLI
 * over this machine ({@code cli/LocalContext}), the Jenkins plugin over the agent (Launcher,
 * FilePath, TaskListener, the build's EnvVars). Nothing here chooses an implementation.
 */
public final class StepContext {
  private final CommandRunner runner;
  private final HostFiles files;
  private final StepLog log;
  private final TimeSource time;
  private final Map<String, String> env;
  private final String workspace;
  private final Docker docker;
  private final Function<AwsCredentialsSpec, AwsClients> aws;
  private final RegistrySessions registrySessions;
  private final HttpProbe probe;
  private final Checkpoints checkpoints;
  private final ManifestTags manifestTags;
  // Shared by the copies withLog makes: the early reads are taken once per run, whichever copy takes them.
  private final AtomicReference<EarlyReads> earlyReads;

  private StepContext(Builder b, AtomicReference<EarlyReads> earlyReads) {
    this.runner = Objects.requireNonNull(b.runner, "runner");
    this.files = Objects.requireNonNull(b.files, "files");
    this.log = Objects.requireNonNull(b.log, "log");
    this.time = b.time;
    this.env = Map.copyOf(b.env);
    this.workspace = b.workspace;
    this.docker = b.docker;
    this.aws = b.aws;
    this.registrySessions = b.registrySessions != null ? b.registrySessions : RegistrySessions.login(b.files);
    this.probe = b.probe;
    this.checkpoints = b.checkpoints;
    this.manifestTags = b.manifestTags;
    this.earlyReads = earlyReads;
  }

  /** Shorthand for {@link #builder} with these seams and the defaults for the rest. */
  public StepContext(CommandRunner runner, HostFiles files, StepLog log, TimeSource time,
      Map<String, String> env, String workspace, Docker docker,
      Function<AwsCredentialsSpec, AwsClients> aws) {
    this(builder(runner, files, log, env, workspace, docker).time(time).aws(aws), new AtomicReference<>());
  }

  /** Shorthand for {@link #builder} with these seams and the defaults for the rest. */
  public StepContext(CommandRunner runner, HostFiles files, StepLog log, TimeSource time,
      Map<String, String> env, String workspace, Docker docker,
      Function<AwsCredentialsSpec, AwsClients> aws, RegistrySessions registrySessions) {
    this(builder(runner, files, log, env, workspace, docker).time(time).aws(aws).registrySessions(registrySessions),
        new AtomicReference<>());
  }

  /**
   * The seams every step has; the others default to the real clock, no AWS, {@code docker login}
   * into a temp config of {@code files}, no HTTP probe, no early reads and no checkpoints.
   */
  public static Builder builder(CommandRunner runner, HostFiles files, StepLog log, Map<String, String> env,
      String workspace, Docker docker) {
    return new Builder(runner, files, log, env, workspace, docker);
  }

  public CommandRunner runner() {
    return runner;
  }

  public HostFiles files() {
    return files;
  }

  public StepLog log() {
    return log;
  }

  public TimeSource time() {
    return time;
  }

  /** The build's environment (GIT_COMMIT, BUILD_URL, DOCKER_HOST, AWS_REGION...). */
  public Map<String, String> env() {
    return env;
  }

  /** The workspace directory on the host; relative paths of requests resolve against it. */
  public String workspace() {
    return workspace;
  }

  public Docker docker() {
    return docker;
  }

  public AwsClients aws(AwsCredentialsSpec credentials) {
    return aws.apply(credentials);
  }

  /** How docker is logged in to a registry for the length of a step. */
  public RegistrySessions registrySessions() {
    return registrySessions;
  }

  /** HTTP GETs to the containers on loopback, from wherever they are reachable (health gates, upstream proof). */
  public HttpProbe probe() {
    return probe;
  }

  /**
   * The host reads the door started before the parameters were parsed, over this context's own
   * {@link #docker()} daemon; the first call takes them, every later one is empty, so nothing read
   * before a change is served after it.
   */
  public Optional<EarlyReads> takeEarlyReads() {
    return Optional.ofNullable(earlyReads.getAndSet(null));
  }

  /** The points the runner passes where a crash test stops or kills it; {@link Checkpoints#NONE} in a real run. */
  public Checkpoints checkpoints() {
    return checkpoints;
  }

  /** How a pushed image gets its other tags without a docker push each ({@link ManifestTags#NONE}: it does not). */
  public ManifestTags manifestTags() {
    return manifestTags;
  }

  /** The same seams with another log (e.g. {@code log.forStep("pruneDocker")}). */
  public StepContext withLog(StepLog other) {
    Builder b = toBuilder();
    b.log = other;
    return new StepContext(b, earlyReads);
  }

  /** The same seams with these checkpoints (a crash test's). */
  public StepContext withCheckpoints(Checkpoints other) {
    return new StepContext(toBuilder().checkpoints(other), earlyReads);
  }

  private Builder toBuilder() {
    return builder(runner, files, log, env, workspace, docker).time(time).aws(aws).registrySessions(registrySessions)
        .probe(probe).checkpoints(checkpoints).manifestTags(manifestTags);
  }

  /** How a door puts its seams together: the required ones in {@link StepContext#builder}, the rest by name. */
  public static final class Builder {
    private final CommandRunner runner;
    private final HostFiles files;
    private StepLog log;
    private final Map<String, String> env;
    private final String workspace;
    private final Docker docker;
    private TimeSource time = TimeSource.system();
    private Function<AwsCredentialsSpec, AwsClients> aws = spec -> {
      throw new IllegalStateException("this context has no AWS clients");
    };
    private RegistrySessions registrySessions;
    private HttpProbe probe = (url, timeout) -> {
      throw new IllegalStateException("this context has no HTTP probe (a door sets one: StepContext.builder(...).probe(...))");
    };
    private EarlyReads earlyReads;
    private Checkpoints checkpoints = Checkpoints.NONE;
    private ManifestTags manifestTags = ManifestTags.NONE;

    private Builder(CommandRunner runner, HostFiles files, StepLog log, Map<String, String> env, String workspace,
        Docker docker) {
      this.runner = runner;
      this.files = files;
      this.log = log;
      this.env = env;
      this.workspace = workspace;
      this.docker = docker;
    }

    public Builder time(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    public Builder aws(Function<AwsCredentialsSpec, AwsClients> aws) {
      this.aws = Objects.requireNonNull(aws, "aws");
      return this;
    }

    public Builder registrySessions(RegistrySessions registrySessions) {
      this.registrySessions = Objects.requireNonNull(registrySessions, "registrySessions");
      return this;
    }

    public Builder probe(HttpProbe probe) {
      this.probe = Objects.requireNonNull(probe, "probe");
      return this;
    }

    /** Reads started ahead over the same daemon as the context's Docker; {@code null} for none. */
    public Builder earlyReads(EarlyReads earlyReads) {
      this.earlyReads = earlyReads;
      return this;
    }

    /** Where the runner may be stopped or killed by a test: {@code cli/TestPause}, or a unit test's own. */
    public Builder checkpoints(Checkpoints checkpoints) {
      this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
      return this;
    }

    /** Tags after the first over the registry API: only a door whose JVM reaches the registry as its docker does. */
    public Builder manifestTags(ManifestTags manifestTags) {
      this.manifestTags = Objects.requireNonNull(manifestTags, "manifestTags");
      return this;
    }

    public StepContext build() {
      return new StepContext(this, new AtomicReference<>(earlyReads));
    }
  }
}
