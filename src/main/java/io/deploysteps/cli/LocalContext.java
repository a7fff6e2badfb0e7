package io.deploysteps.cli;

import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.context.StepContext;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerCli;
import io.deploysteps.docker.EarlyReads;
import io.deploysteps.docker.EngineApi;
import io.deploysteps.docker.EngineApiDocker;
import io.deploysteps.docker.HttpManifestTags;
import io.deploysteps.docker.ManifestTags;
import io.deploysteps.docker.RegistrySessions;
import io.deploysteps.exec.CommandRunner;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.http.JavaHttpProbe;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI's wiring: a {@link StepContext} over this machine (ProcessBuilder, java.nio, the real
 * clock, this process's environment), with the Docker transport a check picks and, for a prune,
 * the host reads started before picocli parsed the arguments.
 */
final class LocalContext {
  private final Map<String, String> env;
  private Optional<EngineApi> engineApi;
  private EarlyReads earlyReads;

  LocalContext(Map<String, String> env) {
    this.env = new HashMap<>(env);
  }

  /** This daemon's socket when it is on this machine ({@link EngineApi#locate}), looked for once. */
  private Optional<EngineApi> engineApi() {
    if (engineApi == null) {
      engineApi = EngineApi.locate(env);
    }
    return engineApi;
  }

  /** Starts pruneDocker's first reads over the Engine API, when the daemon is this machine's socket. */
  void startEarlyReads() {
    engineApi().ifPresent(api -> earlyReads = EarlyReads.start(new EngineApiDocker(api)));
  }

  /** The seams for one step run; its Docker talks to the daemon the early reads were started on. */
  StepContext context(StepLog log, String workspace) {
    CommandRunner runner = new LocalCommandRunner(Map.of(), log, "1".equals(env.get("DEPLOY_STEPS_ECHO_COMMANDS")));
    Docker cli = new DockerCli(runner, env.getOrDefault("DEPLOY_STEPS_DOCKER", "docker"), Map.of());
    // The transport a check picks, as testcontainers' isApplicable() does: the Engine API where the
    // daemon is this machine's socket (pruneDocker's bulk reads and removals), else the CLI alone.
    Docker docker = engineApi().<Docker>map(api -> new EngineApiDocker(cli, api)).orElse(cli);
    StepContext context = StepContext.builder(runner, new LocalHostFiles(), log, env, workspace, docker)
        .time(TimeSource.system())
        .aws(spec -> new SdkAwsClients(spec, env, log))
        // The registry password reaches docker through a credential helper this JVM serves: never a file.
        .registrySessions(RegistrySessions.helper(runner, log, env))
        .probe(new JavaHttpProbe())
        .earlyReads(earlyReads)
        .checkpoints(TestPause.from(env, log, TimeSource.system()))
        // Tags after the first over the registry API only when the daemon is this machine's: a remote
        // one may see another registry under the same (loopback) name.
        .manifestTags(engineApi().isPresent() ? new HttpManifestTags() : ManifestTags.NONE)
        .build();
    earlyReads = null; // one run takes them; a second context of this door reads afresh
    return context;
  }
}
