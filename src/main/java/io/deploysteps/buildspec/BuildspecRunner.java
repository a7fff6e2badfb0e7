package io.deploysteps.buildspec;

import io.deploysteps.aws.AwsClients;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.NamedValues;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.exec.Command;
import io.deploysteps.fs.HostFiles;
import io.deploysteps.log.StepLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * runBuildspec: runs a CodeBuild buildspec unchanged on this machine (the Jenkins agent), in one
 * bash ({@link BuildSession}), with CodeBuild's phase transitions ({@link PhaseTransitions}), its
 * environment order ({@link BuildEnvironment}), an {@code aws} shim for the ECR logins, and
 * artifacts and reports staged in the workspace for archiveArtifacts and junit.
 */
public final class BuildspecRunner {
  private final StepContext context;
  private final StepLog log;

  public BuildspecRunner(StepContext context) {
    this.context = context.withLog(context.log().forStep("runBuildspec"));
    this.log = this.context.log();
  }

  public RunBuildspecResult run(RunBuildspecRequest request) {
    long start = context.time().now().toEpochMilli();
    HostFiles files = context.files();
    String sourceDir = Path.of(files.resolve(context.workspace(), request.sourceDir == null ? "." : request.sourceDir))
        .normalize().toString();
    String file = files.resolve(sourceDir, request.file);
    if (!files.exists(file)) {
      throw new InvalidParameterException("file", file + " does not exist");
    }
    if (request.image != null && sourceDir.contains(":")) {
      // docker run -v SRC:DST splits on ':': such a path would mount something else, or fail late.
      throw new InvalidParameterException("image", "the source directory " + sourceDir
          + " holds a ':', which docker run -v cannot mount; use a workspace path without one");
    }
    Buildspec spec = BuildspecParser.parse(request.file, files.readString(file));
    preflight(spec, request);
    String region = request.region != null ? request.region
        : context.env().getOrDefault("AWS_REGION", context.env().get("AWS_DEFAULT_REGION"));
    Supplier<AwsClients> aws = () -> context.aws(request.credentials);

    Map<String, String> env = new LinkedHashMap<>(BuildEnvironment.builtIns(context.env(), sourceDir, region,
        request.initiator, request.image, context.runner(), files::exists, start));
    awsKeys().forEach(env::put);
    env.putAll(spec.variables());
    env.putAll(BuildEnvironment.parameterStore(spec.parameterStore(), aws, region, log));
    env.putAll(BuildEnvironment.secretsManager(spec.secretsManager(), aws, region, log));
    env.putAll(NamedValues.overlay(request.env, context.env(), NamedValues.ENV_PREFIX));

    String shimDir = files.createTempDirectory("runbuildspec-shim");
    List<PhaseResult> phases = new ArrayList<>();
    Map<String, String> exported = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    boolean aborted = false;
    boolean succeeding = true;
    try {
      writeShim(shimDir);
      List<String> prefix = new ArrayList<>();
      boolean ownGroup = sessionPrefix(request, sourceDir, shimDir, prefix);
      // In image mode the session's process is the docker CLI: it must reach the build's daemon.
      Map<String, String> dockerEnv = request.image != null && context.env().containsKey("DOCKER_HOST")
          ? Map.of("DOCKER_HOST", context.env().get("DOCKER_HOST")) : Map.of();
      try (BuildSession session = BuildSession.start(context.runner(), prefix, ownGroup, dockerEnv, sourceDir,
          log::info, request.timeout)) {
        session.answerShimWith(new EcrLoginAnswers(aws, log));
        for (Map.Entry<String, String> e : env.entrySet()) {
          session.export(e.getKey(), e.getValue());
        }
        session.export("DEPLOY_STEPS_AWS_SHIM", session.mark());
        session.export("PATH", shimDir + ":" + session.value("PATH").orElse("/usr/local/bin:/usr/bin:/bin"));
        for (String name : Phase.NAMES) {
          Phase phase = spec.phase(name).orElse(null);
          if (phase == null) {
            continue;
          }
          if (aborted) {
            phases.add(PhaseResult.skipped(name));
            continue;
          }
          session.export("CODEBUILD_BUILD_SUCCEEDING", succeeding ? "1" : "0");
          PhaseResult r = runPhase(session, phase, spec.isolatedCommands());
          phases.add(r);
          if (r.status().equals("FAILED")) {
            succeeding = false;
            aborted = PhaseTransitions.afterFailure(name, phase.onFailure()) == PhaseTransitions.Next.ABORT;
          }
        }
        for (String v : spec.exportedVariables()) {
          session.value(v).ifPresent(value -> exported.put(v, log.mask(value)));
        }
        if (!aborted) {
          spec.artifacts().filter(a -> a.name() != null).ifPresent(a -> names.put("", expandedName(session, a)));
          spec.secondaryArtifacts().stream().filter(a -> a.name() != null).forEach(a -> names.put(a.id(), expandedName(session, a)));
        }
      }
    } finally {
      files.deleteRecursively(shimDir);
    }
    String artifactsDir = files.resolve(context.workspace(), request.artifactsDir);
    List<String> staged = new ArrayList<>();
    List<Map<String, Object>> reports = new ArrayList<>();
    if (!aborted) {
      files.deleteRecursively(artifactsDir);
      spec.artifacts().ifPresent(a -> staged.addAll(ArtifactStager.stage(files, sourceDir, a, artifactsDir)));
      for (ArtifactSpec a : spec.secondaryArtifacts()) {
        ArtifactStager.stage(files, sourceDir, a, files.resolve(artifactsDir, a.id()))
            .forEach(f -> staged.add(a.id() + "/" + f));
      }
      for (ArtifactSpec r : spec.reports()) {
        // reports/<FORMAT>/<group>/: the library's wrapper finds JUnit and coverage files by path,
        // also after a failed build, when it has no result to read.
        String group = r.fileFormat().replaceAll("[^A-Za-z0-9]", "") + "/" + r.id().replaceAll("[^A-Za-z0-9._-]", "_");
        List<String> got = ArtifactStager.stage(files, sourceDir, r, files.resolve(artifactsDir, "reports/" + group));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.id());
        m.put("format", r.fileFormat());
        m.put("files", got.stream().map(f -> request.artifactsDir + "/reports/" + group + "/" + f).toList());
        reports.add(m);
      }
      log.info("staged %d artifact file(s) and %d report group(s) in %s", staged.size(), reports.size(), artifactsDir);
    } else {
      log.info("build aborted: no artifacts staged (CodeBuild goes straight to FINALIZING)");
    }
    String status = succeeding ? "SUCCEEDED" : "FAILED";
    long took = context.time().now().toEpochMilli() - start;
    log.info("build %s in %.1f s", status, took / 1000.0);
    return new RunBuildspecResult(status, phases, exported, request.artifactsDir, staged, names, reports, spec.unsupported(),
        took);
  }

  /**
   * {@code artifacts/name} as CodeBuild makes it: "a name specified in a buildspec file can
   * incorporate Shell commands and environment variables" (sample-buildspec-artifact-naming), so it is
   * expanded in the build's own shell after post_build; one that does not expand is kept as written.
   */
  private String expandedName(BuildSession session, ArtifactSpec a) {
    String what = a.id() == null || a.id().isEmpty() ? "artifacts" : "secondary artifact " + a.id();
    return session.expand(a.name()).map(n -> {
      log.info("%s name: %s", what, log.mask(n));
      return log.mask(n);
    }).orElseGet(() -> {
      log.warn(what + " name '" + a.name() + "' does not expand in bash: kept as written");
      return a.name();
    });
  }

  private PhaseResult runPhase(BuildSession session, Phase phase, boolean isolated) {
    int attempt = 0;
    while (true) {
      attempt++;
      long t0 = context.time().now().toEpochMilli();
      List<PhaseResult.CommandRun> runs = new ArrayList<>();
      String failure = runBlock(session, phase, phase.commands(), isolated, runs);
      String finallyFailure = runBlock(session, phase, phase.finallyCommands(), isolated, runs);
      String failed = failure != null ? failure : finallyFailure;
      long took = context.time().now().toEpochMilli() - t0;
      if (failed == null) {
        log.info("%s: SUCCEEDED in %.1f s", phase.name(), took / 1000.0);
        return new PhaseResult(phase.name(), "SUCCEEDED", took, attempt, runs);
      }
      if (attempt <= phase.onFailure().retries() && phase.onFailure().retriesOn(failed)) {
        log.info("%s: FAILED, retrying (%d of %d, on-failure %s)", phase.name(), attempt, phase.onFailure().retries(),
            phase.onFailure());
        continue;
      }
      log.info("%s: FAILED in %.1f s", phase.name(), took / 1000.0);
      return new PhaseResult(phase.name(), "FAILED", took, attempt, runs);
    }
  }

  /** Runs commands until one fails; returns the failure's text (output tail and CodeBuild's message), or null. */
  private String runBlock(BuildSession session, Phase phase, List<String> commands, boolean isolated,
      List<PhaseResult.CommandRun> runs) {
    for (String command : commands) {
      log.info("%s: $ %s", phase.name(), command.strip().replace("\n", "\n    "));
      BuildSession.Outcome o = session.run(command, isolated);
      runs.add(new PhaseResult.CommandRun(command, o.exitCode(), o.durationMs()));
      if (o.exitCode() != 0) {
        String message = "COMMAND_EXECUTION_ERROR: Error while executing command: " + command + ". Reason: exit status "
            + o.exitCode();
        log.info("%s: exit %d after %.1f s: %s", phase.name(), o.exitCode(), o.durationMs() / 1000.0,
            command.strip().split("\\R")[0]);
        return o.output() + "\n" + message;
      }
    }
    return null;
  }

  private void preflight(Buildspec spec, RunBuildspecRequest request) {
    for (UnsupportedKey k : spec.unsupported()) {
      log.warn("buildspec key " + k.key() + " on line " + k.line() + " is not supported and is ignored");
    }
    if (request.strict && !spec.unsupported().isEmpty()) {
      throw new InvalidParameterException("strict", "the buildspec has keys this runner does not support: "
          + spec.unsupported().stream().map(UnsupportedKey::toString).collect(Collectors.joining(", ")));
    }
    RuntimeVersions.check(spec, context.runner(), log);
    String runAs = spec.runAs();
    for (Phase p : spec.phases()) {
      runAs = p.runAs() != null ? p.runAs() : runAs;
    }
    if (runAs != null) {
      var r = context.runner().run(Command.of("id", "-un").build());
      String me = r.stdout().strip();
      if (!me.equals(runAs)) {
        log.warn("run-as " + runAs + " is not the agent's user (" + me + "): the build runs as " + me);
      }
    }
    if (!spec.cachePaths().isEmpty()) {
      log.info("cache: %s kept as they are (the workspace persists between builds; nothing to restore)",
          spec.cachePaths());
    }
  }

  /** The AWS keys of the step's credentials (withCredentials binds them), for the build's own aws calls. */
  private Map<String, String> awsKeys() {
    Map<String, String> keys = new LinkedHashMap<>();
    for (String name : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")) {
      String v = context.env().get(name);
      if (v != null && !v.isEmpty()) {
        if (!name.equals("AWS_ACCESS_KEY_ID")) {
          log.addSecret(v);
        }
        keys.put(name, v);
      }
    }
    return keys;
  }

  /**
   * The argv before {@code bash}: {@code setsid} where there is one (the session then leads its own
   * process group and ends what the build left running), or {@code docker run} for {@code image}.
   */
  private boolean sessionPrefix(RunBuildspecRequest request, String sourceDir, String shimDir, List<String> prefix) {
    if (request.image != null) {
      String dockerHost = context.env().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
      prefix.addAll(List.of(context.env().getOrDefault("DEPLOY_STEPS_DOCKER", "docker"), "run", "--rm", "-i", "--init",
          "--network", "host", "-v", sourceDir + ":" + sourceDir, "-v", shimDir + ":" + shimDir + ":ro",
          "-w", sourceDir));
      if (dockerHost.startsWith("unix://")) {
        String socket = dockerHost.substring("unix://".length());
        prefix.addAll(List.of("-v", socket + ":/var/run/docker.sock"));
      }
      prefix.add("--");
      prefix.add(request.image);
      return true;
    }
    for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
      if (context.files().exists(setsid)) {
        prefix.add(setsid);
        return true;
      }
    }
    return false;
  }

  private void writeShim(String dir) {
    String path = context.files().resolve(dir, "aws");
    try (InputStream in = BuildspecRunner.class.getResourceAsStream("/io/deploysteps/buildspec/aws")) {
      context.files().writeAtomically(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var r = context.runner().run(Command.of("chmod", "0755", dir, path).build());
    if (!r.ok()) {
      throw new StepFailedException("cannot make the aws shim executable: " + r.lastErrorLine());
    }
  }
}
