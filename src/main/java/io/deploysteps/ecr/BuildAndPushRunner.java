package io.deploysteps.ecr;

import io.deploysteps.aws.AwsClients;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.docker.BuildSpec;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerException;
import io.deploysteps.docker.DockerUnavailableException;
import io.deploysteps.docker.ImageBuilder;
import io.deploysteps.docker.ImageRef;
import io.deploysteps.docker.PushResult;
import io.deploysteps.docker.RegistrySession;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandException;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.fs.HostFiles;
import io.deploysteps.log.StepLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * buildAndPushEcr: resolve tags, make sure the ECR repository exists, log in for the step only
 * ({@link io.deploysteps.docker.RegistrySessions}: on this machine the token is never written), build once, tag and push every tag (retrying network failures), write the ECS
 * image definition files. With {@code registry} set, a plain registry: no AWS call, no login.
 */
public final class BuildAndPushRunner {
  static final String REVISION_LABEL = "org.opencontainers.image.revision";
  static final String BUILD_URL_LABEL = "io.deploysteps.build-url";

  private final StepContext ctx;
  private final StepLog log;
  private final HostFiles files;
  private final PushRetry pushRetry;
  private final Duration scanPoll;

  public BuildAndPushRunner(StepContext context) {
    this(context, 4, Duration.ofSeconds(1), Duration.ofSeconds(5));
  }

  BuildAndPushRunner(StepContext context, int pushAttempts, Duration firstBackoff) {
    this(context, pushAttempts, firstBackoff, Duration.ofSeconds(5));
  }

  BuildAndPushRunner(StepContext context, int pushAttempts, Duration firstBackoff, Duration scanPoll) {
    this.scanPoll = scanPoll;
    this.ctx = context;
    this.log = context.log();
    this.files = context.files();
    this.pushRetry = new PushRetry(context.time(), log, pushAttempts, firstBackoff);
  }

  public BuildAndPushResult run(BuildAndPushRequest r) {
    long start = ctx.time().nanoTime();
    Docker docker = ctx.docker();
    // The builder probe (one or two docker processes) runs beside the checks, git and the AWS calls.
    java.util.concurrent.CompletableFuture<ImageBuilder> probe = r.pushOnly || r.builder.equals("legacy") ? null
        : io.deploysteps.engine.Parallel.start("builder-probe", docker::availableBuilder);
    String context = null;
    String dockerfile = null;
    if (!r.pushOnly) {
      context = path(ctx.workspace(), r.context);
      if (!files.isDirectory(context)) {
        throw new InvalidParameterException("context", "'" + r.context + "' is not a directory (" + context + ")");
      }
      dockerfile = r.dockerfile == null ? path(context, "Dockerfile") : path(ctx.workspace(), r.dockerfile);
      if (!files.exists(dockerfile) || files.isDirectory(dockerfile)) {
        throw new InvalidParameterException("dockerfile", "no Dockerfile at " + dockerfile);
      }
    }
    String revision = revision(context == null ? ctx.workspace() : context);
    List<String> tags = r.tags().isEmpty() ? defaultTags(revision) : r.tags();
    String region = r.plainRegistry() ? null : region(r);
    // A builder that cannot do what was asked is bad usage: refused before anything changes.
    ImageBuilder builder = r.builder.equals("auto") && r.cacheTo.isEmpty() ? null : chosen(r, probe);
    String registryPassword = registryPassword(r);

    Map<String, Long> timings = new LinkedHashMap<>();
    RegistrySession session = null;
    EcrClient ecr = null;
    try {
      String host;
      // The login docker has, for the tags put through the registry API (ManifestTags); null for none.
      String loginUser = null;
      String loginPassword = null;
      String account = null;
      RepositoryEnsurer.Ensured repo = new RepositoryEnsurer.Ensured(false, false);
      if (r.plainRegistry()) {
        host = r.registry;
        if (r.registryUser != null) {
          long t = ctx.time().nanoTime();
          session = open(docker, host, r.registryUser, registryPassword);
          docker = session.docker();
          loginUser = r.registryUser;
          loginPassword = registryPassword;
          timings.put("auth", ctx.time().millisSince(t));
          log.info("logged in to %s as %s in %s", host, r.registryUser, seconds(timings.get("auth")));
        }
      } else {
        long t = ctx.time().nanoTime();
        AwsClients aws = ctx.aws(r.credentials);
        ecr = aws.ecr(region);
        account = r.accountId != null ? r.accountId : account(aws, region);
        repo = new RepositoryEnsurer(ecr).ensure(r, account);
        log.info("repository %s %s in account %s (%s)", r.repository(), repo.created() ? "created" : "exists", account, region);
        RegistryLogin login = new RegistryAuth(ecr, log).login(account, region);
        session = open(docker, login.host, login.username, login.password);
        docker = session.docker();
        loginUser = login.username;
        loginPassword = login.password;
        // The login's endpoint, not repositoryUri's spelling: it is the registry ECR answers for this account.
        host = login.host;
        timings.put("auth", ctx.time().millisSince(t));
        log.info("logged in to %s in %s", host, seconds(timings.get("auth")));
      }
      List<String> refs = new ArrayList<>();
      for (String tag : tags) {
        refs.add(ImageRef.of(host, r.repository(), tag).toString());
      }

      String imageId;
      if (r.pushOnly) {
        imageId = builtImage(docker, refs);
      } else {
        if (builder == null) {
          builder = chosen(r, probe);
        }
        imageId = build(r, docker, builder, context, dockerfile, revision, host, refs, timings);
      }
      if (!r.push) {
        timings.put("total", ctx.time().millisSince(start));
        List<String> written = writeFiles(r, refs.get(0), null);
        log.info("done: built %s as %s, not pushed (push: false) in %s", imageId, String.join(", ", tags),
            seconds(timings.get("total")));
        return new BuildAndPushResult(host, r.repository(), imageId, null, tags, 0, 0, repo.created(), timings, written,
            false, null);
      }

      long t = ctx.time().nanoTime();
      PushResult pushed = new TagPusher(docker, pushRetry, log, ctx.time(), ctx.manifestTags(), loginUser, loginPassword)
          .pushAll(refs);
      String digest = pushed.digest();
      timings.put("push", ctx.time().millisSince(t));

      ScanOutcome scan = null;
      if (r.scanGate != null) {
        scan = new ScanWaiter(ecr, log, ctx.time(), scanPoll)
            .await(r.scanGate, account, r.repository(), digest, repo.scansOnPush());
        gate(r.scanGate, scan, host + "/" + r.repository() + "@" + digest);
        timings.put("scan", scan.millis());
      }

      List<String> written = writeFiles(r, refs.get(0), host + "/" + r.repository() + "@" + digest);
      timings.put("total", ctx.time().millisSince(start));
      log.info("done: %s/%s@%s in %s", host, r.repository(), digest, seconds(timings.get("total")));
      return new BuildAndPushResult(host, r.repository(), imageId, digest, tags, pushed.layersPushed(),
          pushed.layersExisting(), repo.created(), timings, written, true, scan);
    } finally {
      if (session != null) {
        session.close();
      }
      if (ecr != null) {
        ecr.close();
      }
    }
  }

  private String build(BuildAndPushRequest r, Docker docker, ImageBuilder builder, String context, String dockerfile,
      String revision, String host, List<String> refs, Map<String, Long> timings) {
    BuildSpec.Builder spec = BuildSpec.context(context).dockerfile(dockerfile).pull(r.pull).noCache(r.noCache)
        .builder(builder);
    refs.forEach(spec::tag);
    io.deploysteps.engine.NamedValues.overlay(r.buildArgs, ctx.env(), io.deploysteps.engine.NamedValues.BUILD_ARG_PREFIX)
        .forEach((k, v) -> {
          if (io.deploysteps.docker.BuildSpec.steersTheClient(k)) {
            throw new InvalidParameterException("buildArgs", k + ": docker build reads a build arg's value from its"
                + " own environment, where this name would steer the docker client itself");
          }
          spec.buildArg(k, v);
        });
    labels(r, revision).forEach(spec::label);
    if (r.target != null) {
      spec.target(r.target);
    }
    if (r.platform != null) {
      spec.platform(r.platform);
    }
    List<String> cacheFrom = new ArrayList<>(r.cacheFrom);
    if (r.cacheFromLatest) {
      cacheFrom.add(ImageRef.of(host, r.repository(), "latest").toString());
    }
    if (!cacheFrom.isEmpty()) {
      long t = ctx.time().nanoTime();
      for (String ref : cacheFrom) {
        // BuildKit reads the cache from the registry itself; the legacy builder only uses local images.
        if (builder.buildKit()) {
          spec.cacheFrom(ref);
        } else {
          cacheImage(docker, ref).ifPresent(spec::cacheFrom);
        }
      }
      timings.put("cache", ctx.time().millisSince(t));
    }
    r.cacheTo.forEach(spec::cacheTo);

    long t = ctx.time().nanoTime();
    String imageId = docker.build(spec.build(), line -> log.info("build | " + line));
    timings.put("build", ctx.time().millisSince(t));
    log.info("built %s as %s in %s", imageId, refs.stream().map(x -> x.substring(x.lastIndexOf(':') + 1))
        .collect(java.util.stream.Collectors.joining(", ")), seconds(timings.get("build")));
    return imageId;
  }

  /** The builder asked for, from the probe; one line says which runs. */
  private ImageBuilder chosen(BuildAndPushRequest r, java.util.concurrent.CompletableFuture<ImageBuilder> probe) {
    ImageBuilder b = probe == null ? ImageBuilder.LEGACY : io.deploysteps.engine.Parallel.join(probe);
    if (r.builder.equals("buildkit") && !b.buildKit()) {
      throw new InvalidParameterException("builder", "buildkit: this docker has no BuildKit (no buildx plugin, and"
          + " its CLI is 23.0 or later, which builds BuildKit only through buildx); use auto or legacy");
    }
    if (!b.buildKit() && !r.cacheTo.isEmpty()) {
      throw new InvalidParameterException("cacheTo", "needs BuildKit, and this docker has none (no buildx plugin,"
          + " CLI 23.0 or later); leave cacheTo out or install buildx");
    }
    if (b == ImageBuilder.BUILDKIT && r.cacheTo.stream().anyMatch(to -> !to.equals("inline"))) {
      throw new InvalidParameterException("cacheTo", "a registry cache needs buildx; this docker builds BuildKit in"
          + " (DOCKER_BUILDKIT=1), which exports the inline cache only (cacheTo: 'inline')");
    }
    log.info("builder: %s%s", b.description(), r.builder.equals("legacy") ? " (builder: legacy)"
        : b.buildKit() ? "" : " (this docker has no buildx plugin and its CLI builds no BuildKit in)");
    return b;
  }

  /** Prints the counts and the verdict; a failed gate fails the step before any image definition file is written. */
  private void gate(ScanGate gate, ScanOutcome scan, String uri) {
    String thresholds = (gate.failOn.map(f -> "failOn " + f).orElse("")
        + gate.unstableOn.map(u -> (gate.failOn.isPresent() ? ", " : "") + "unstableOn " + u).orElse(""));
    if (scan.verdict().equals("unsupported")) {
      log.warn("scan gate: " + scan.reason() + ": " + uri + " is not gated (" + thresholds + "); the build is UNSTABLE");
      return;
    }
    log.info("scan gate: %s (%s) after %s: %s", scan.countsLine(), thresholds, seconds(scan.millis()), scan.verdict());
    if (scan.verdict().equals("failed")) {
      throw new StepFailedException("scan gate: " + ScanGate.atOrAbove(gate.failOn.get(), scan.counts()) + " findings"
          + " at " + gate.failOn.get() + " or above in " + uri + " (" + scan.countsLine() + "); it is pushed, and no"
          + " image definition file was written");
    }
    if (scan.verdict().equals("unstable")) {
      log.warn("scan gate: " + ScanGate.atOrAbove(gate.unstableOn.get(), scan.counts()) + " findings at "
          + gate.unstableOn.get() + " or above: the build is UNSTABLE");
    }
  }

  /** pushOnly: every tag must already name one local image (built by an earlier push: false call). */
  private String builtImage(Docker docker, List<String> refs) {
    String id = null;
    for (String ref : refs) {
      java.util.Optional<io.deploysteps.docker.ImageIdentity> found = docker.imageIdentity(ref);
      if (found.isEmpty()) {
        throw new InvalidParameterException("pushOnly", "there is no local image " + ref + " to push; build it first"
            + " with push: false and the same tags");
      }
      if (id != null && !id.equals(found.get().id())) {
        throw new InvalidParameterException("pushOnly", ref + " is image " + found.get().id() + ", not " + id
            + " as the first tag: the tags name different builds");
      }
      id = found.get().id();
    }
    log.info("pushOnly: %s is %s, built earlier", refs.get(0), id);
    return id;
  }

  /** The password of a plain registry's login (docker/RegistryPassword), read before anything changes. */
  private String registryPassword(BuildAndPushRequest r) {
    return r.registryUser == null ? null : io.deploysteps.docker.RegistryPassword.of(ctx.env(), log, r.registryUser);
  }

  private RegistrySession open(Docker docker, String host, String user, String password) {
    try {
      return ctx.registrySessions().open(docker, host, user, password);
    } catch (DockerUnavailableException e) {
      throw e;
    } catch (DockerException e) {
      throw new StepFailedException("docker login to " + host + " failed: " + lastLine(e), e);
    }
  }

  private String region(BuildAndPushRequest r) {
    if (r.region != null) {
      return r.region;
    }
    String env = ctx.env().getOrDefault("AWS_REGION", ctx.env().get("AWS_DEFAULT_REGION"));
    if (env == null || env.isBlank()) {
      throw new InvalidParameterException("region", "is required for ECR (or set AWS_REGION; or give registry for a"
          + " plain registry)");
    }
    return SdkAwsClients.checkRegion("region", env.strip());
  }

  private String account(AwsClients aws, String region) {
    try (StsClient sts = aws.sts(region)) {
      String account = new io.deploysteps.aws.CallerAccount(sts).account();
      log.info("account %s (from STS GetCallerIdentity)", account);
      return account;
    }
  }

  /** The full commit: GIT_COMMIT from the build, else {@code git rev-parse HEAD} in the context; null when neither. */
  private String revision(String context) {
    String commit = ctx.env().get("GIT_COMMIT");
    if (commit != null && !commit.isBlank()) {
      return commit.strip();
    }
    try {
      CommandResult r = ctx.runner().run(Command.of("git", "rev-parse", "HEAD").workDir(context)
          .timeout(Duration.ofSeconds(30)).build());
      return r.ok() && !r.stdout().isBlank() ? r.stdout().strip() : null;
    } catch (CommandException e) {
      return null; // no git on this machine: the same as no work tree
    }
  }

  private static List<String> defaultTags(String revision) {
    if (revision == null) {
      throw new InvalidParameterException("tags", "not given, and there is no git revision to tag with"
          + " (GIT_COMMIT is unset and the context is not in a git work tree)");
    }
    String shortRev = revision.length() > 7 ? revision.substring(0, 7) : revision;
    if (!ImageRef.TAG.matcher(shortRev).matches()) {
      throw new InvalidParameterException("tags", "not given, and the revision '" + revision + "' is not a valid tag");
    }
    return List.of(shortRev, "latest");
  }

  private Map<String, String> labels(BuildAndPushRequest r, String revision) {
    Map<String, String> labels = new LinkedHashMap<>(r.labels);
    if (revision != null) {
      labels.put(REVISION_LABEL, revision);
    }
    String buildUrl = ctx.env().get("BUILD_URL");
    if (buildUrl != null && !buildUrl.isBlank()) {
      labels.put(BUILD_URL_LABEL, buildUrl.strip());
    }
    return labels;
  }

  /** Pulls the previous image so the legacy builder can use its layers; a miss only costs a cold build. */
  private java.util.Optional<String> cacheImage(Docker docker, String ref) {
    try {
      if (docker.pull(ref)) {
        log.info("cache: pulled %s", ref);
        return java.util.Optional.of(ref);
      }
      log.info("cache: no %s yet, building without it", ref);
    } catch (DockerUnavailableException e) {
      throw e;
    } catch (DockerException e) {
      log.warn("cache: cannot pull " + ref + " (" + lastLine(e) + "), building without it");
    }
    return java.util.Optional.empty();
  }

  private List<String> writeFiles(BuildAndPushRequest r, String imageUri, String imageUriByDigest) {
    List<String> written = new ArrayList<>();
    ImageDefinitions defs = new ImageDefinitions(files);
    if (r.imageDefinitions != null) {
      String path = path(ctx.workspace(), r.imageDefinitions);
      defs.writeImageDefinitions(path, r.containerName, imageUri);
      written.add(path);
    }
    if (r.imageDetail != null) {
      String path = path(ctx.workspace(), r.imageDetail);
      defs.writeImageDetail(path, imageUriByDigest);
      written.add(path);
    }
    written.forEach(p -> log.info("wrote " + p));
    return written;
  }

  /** {@code child} against {@code base}, without "." and ".." parts (they would show in argv and logs). */
  private String path(String base, String child) {
    return java.nio.file.Paths.get(files.resolve(base, child)).normalize().toString();
  }

  private static String lastLine(DockerException e) {
    String s = e.stderr().strip();
    return s.isEmpty() ? e.getMessage() : s.substring(s.lastIndexOf('\n') + 1).strip();
  }

  private static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
