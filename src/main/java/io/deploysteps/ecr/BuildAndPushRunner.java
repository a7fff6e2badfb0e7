package io.deploysteps.ecr;

import io.deploysteps.aws.AwsClients;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.docker.BuildSpec;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerException;
import io.deploysteps.docker.DockerUnavailableException;
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

  public BuildAndPushRunner(StepContext context) {
    this(context, 4, Duration.ofSeconds(1));
  }

  BuildAndPushRunner(StepContext context, int pushAttempts, Duration firstBackoff) {
    this.ctx = context;
    this.log = context.log();
    this.files = context.files();
    this.pushRetry = new PushRetry(context.time(), log, pushAttempts, firstBackoff);
  }

  public BuildAndPushResult run(BuildAndPushRequest r) {
    long start = ctx.time().nanoTime();
    String context = path(ctx.workspace(), r.context);
    if (!files.isDirectory(context)) {
      throw new InvalidParameterException("context", "'" + r.context + "' is not a directory (" + context + ")");
    }
    String dockerfile = r.dockerfile == null ? path(context, "Dockerfile") : path(ctx.workspace(), r.dockerfile);
    if (!files.exists(dockerfile) || files.isDirectory(dockerfile)) {
      throw new InvalidParameterException("dockerfile", "no Dockerfile at " + dockerfile);
    }
    String revision = revision(context);
    List<String> tags = r.tags().isEmpty() ? defaultTags(revision) : r.tags();
    String region = r.plainRegistry() ? null : region(r);

    Map<String, Long> timings = new LinkedHashMap<>();
    RegistrySession session = null;
    try {
      Docker docker = ctx.docker();
      String host;
      boolean created = false;
      if (r.plainRegistry()) {
        host = r.registry;
      } else {
        long t = ctx.time().nanoTime();
        AwsClients aws = ctx.aws(r.credentials);
        RegistryLogin login;
        try (EcrClient ecr = aws.ecr(region)) {
          String account = r.accountId != null ? r.accountId : account(aws, region);
          created = new RepositoryEnsurer(ecr).ensure(r, account);
          log.info("repository %s %s in account %s (%s)", r.repository(), created ? "created" : "exists", account, region);
          login = new RegistryAuth(ecr, log).login(account, region);
        }
        try {
          session = ctx.registrySessions().open(docker, login.host, login.username, login.password);
          docker = session.docker();
        } catch (DockerUnavailableException e) {
          throw e;
        } catch (DockerException e) {
          throw new StepFailedException("docker login to " + login.host + " failed: " + lastLine(e), e);
        }
        host = login.host;
        timings.put("auth", ctx.time().millisSince(t));
        log.info("logged in to %s in %s", host, seconds(timings.get("auth")));
      }
      List<String> refs = new ArrayList<>();
      tags.forEach(tag -> refs.add(ImageRef.of(host, r.repository(), tag).toString()));

      BuildSpec.Builder spec = BuildSpec.context(context).dockerfile(dockerfile).pull(r.pull);
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
      if (r.cacheFrom) {
        long t = ctx.time().nanoTime();
        cacheImage(docker, ImageRef.of(host, r.repository(), "latest").toString()).ifPresent(spec::cacheFrom);
        timings.put("cache", ctx.time().millisSince(t));
      }

      long t = ctx.time().nanoTime();
      String imageId = docker.build(spec.build(), line -> log.info("build | " + line));
      timings.put("build", ctx.time().millisSince(t));
      log.info("built %s as %s in %s", imageId, String.join(", ", tags), seconds(timings.get("build")));

      t = ctx.time().nanoTime();
      PushResult pushed = new TagPusher(docker, pushRetry, log, ctx.time()).pushAll(refs);
      String digest = pushed.digest();
      timings.put("push", ctx.time().millisSince(t));

      List<String> written = writeFiles(r, refs.get(0), host + "/" + r.repository() + "@" + digest);
      timings.put("total", ctx.time().millisSince(start));
      log.info("done: %s/%s@%s in %s", host, r.repository(), digest, seconds(timings.get("total")));
      return new BuildAndPushResult(host, r.repository(), imageId, digest, tags, pushed.layersPushed(),
          pushed.layersExisting(), created, timings, written);
    } finally {
      if (session != null) {
        session.close();
      }
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
