package io.deploysteps.context;

import io.deploysteps.aws.AwsClients;
import io.deploysteps.aws.AwsCredentialsSpec;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerCli;
import io.deploysteps.docker.EngineApiDocker;
import io.deploysteps.docker.RegistrySessions;
import io.deploysteps.exec.CommandRunner;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.fs.HostFiles;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything a step runner may touch: the seams. The CLI builds it over this machine; the Jenkins
 * plugin builds it over the agent (Launcher, FilePath, TaskListener, the build's EnvVars).
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

  /** Registry logins go through {@code docker login} into a temp config of {@code files} (the plugin's agents). */
  public StepContext(CommandRunner runner, HostFiles files, StepLog log, TimeSource time,
      Map<String, String> env, String workspace, Docker docker,
      Function<AwsCredentialsSpec, AwsClients> aws) {
    this(runner, files, log, time, env, workspace, docker, aws, RegistrySessions.login(files));
  }

  public StepContext(CommandRunner runner, HostFiles files, StepLog log, TimeSource time,
      Map<String, String> env, String workspace, Docker docker,
      Function<AwsCredentialsSpec, AwsClients> aws, RegistrySessions registrySessions) {
    this.registrySessions = registrySessions;
    this.runner = runner;
    this.files = files;
    this.log = log;
    this.time = time;
    this.env = Map.copyOf(env);
    this.workspace = workspace;
    this.docker = docker;
    this.aws = aws;
  }

  /** This machine: ProcessBuilder, java.nio, the real clock, this process's environment. */
  public static StepContext local(StepLog log, String workspace) {
    Map<String, String> env = new HashMap<>(System.getenv());
    CommandRunner runner = new LocalCommandRunner(Map.of(), log, "1".equals(env.get("DEPLOY_STEPS_ECHO_COMMANDS")));
    // pruneDocker's bulk reads and removals go over the daemon's socket when it is on this machine.
    Docker docker = EngineApiDocker.forEnvironment(
        new DockerCli(runner, env.getOrDefault("DEPLOY_STEPS_DOCKER", "docker"), Map.of()), env);
    // The registry password reaches docker through a credential helper this JVM serves: never a file.
    return new StepContext(runner, new LocalHostFiles(), log, TimeSource.system(), env, workspace, docker,
        spec -> new SdkAwsClients(spec, env, log), RegistrySessions.helper(runner, log, env));
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

  /** The same seams with another log (e.g. {@code log.forStep("pruneDocker")}). */
  public StepContext withLog(StepLog other) {
    return new StepContext(runner, files, other, time, env, workspace, docker, aws, registrySessions);
  }
}
