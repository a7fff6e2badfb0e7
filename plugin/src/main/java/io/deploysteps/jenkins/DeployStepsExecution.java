package io.deploysteps.jenkins;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.cli.DeployStepsCli;
import io.deploysteps.docker.DockerCli;
import io.deploysteps.docker.RegistrySessions;
import io.deploysteps.engine.ExitCodes;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepResult;
import io.deploysteps.exec.CommandRunner;
import io.deploysteps.http.CurlHttpProbe;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * Runs one step through the engine with seams over the agent, and keeps the contract the shared
 * library's CLI path keeps (vars/deployStepsRun.txt): the result's Map plus {@code ok} and
 * {@code exitCode}; failures abort with the engine's message; warnings mark the build UNSTABLE.
 */
final class DeployStepsExecution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
  private static final long serialVersionUID = 1L;

  private final String stepName;
  // Not resumable: a step interrupted by a controller restart fails, as WriteFileStep's does.
  private static final java.util.logging.Logger LOGGER = java.util.logging.Logger.getLogger(DeployStepsExecution.class.getName());
  private final transient Map<String, Object> params;
  private final transient BiFunction<StepContext, Map<String, Object>, StepResult> engine;
  private final StepCredentials credentials;

  DeployStepsExecution(org.jenkinsci.plugins.workflow.steps.StepContext context, String stepName,
      Map<String, Object> params, BiFunction<StepContext, Map<String, Object>, StepResult> engine,
      StepCredentials credentials) {
    super(context);
    this.stepName = stepName;
    this.params = params;
    this.engine = engine;
    this.credentials = credentials;
  }

  @Override
  protected Map<String, Object> run() throws Exception {
    TaskListener listener = getContext().get(TaskListener.class);
    EnvVars env = getContext().get(EnvVars.class);
    FilePath workspace = getContext().get(FilePath.class);
    StepLog log = StepLog.to(listener.getLogger()).forStep(stepName);
    Launcher launcher = getContext().get(Launcher.class);
    CommandRunner runner = new LauncherCommandRunner(launcher, env, workspace, listener, log);
    // The bound secrets reach the engine's view of the environment (SDK keys, the audit's password),
    // never the runner's: no process the step starts gets them.
    Map<String, Object> request = params;
    Map<String, String> engineEnv = new HashMap<>(env);
    if (credentials != null) {
      StepCredentials.Bound bound = credentials.bind(stepName, params, getContext().get(Run.class), workspace,
          launcher, listener);
      bound.secrets().values().forEach(log::addSecret);
      engineEnv.putAll(bound.plain());
      engineEnv.putAll(bound.secrets());
      request = bound.params();
    }
    FilePathHostFiles files = new FilePathHostFiles(workspace.getChannel());
    // The engine runs on the controller, the containers on the agent: HTTP checks are curl there, and
    // docker login writes into a throwaway config on the agent (RegistrySessions.login, the default).
    StepContext context = StepContext.builder(runner, files, log, engineEnv, workspace.getRemote(),
            new DockerCli(runner, env.getOrDefault("DEPLOY_STEPS_DOCKER", "docker"), Map.of()))
        .time(TimeSource.system())
        .aws(spec -> new SdkAwsClients(spec, engineEnv, log))
        .registrySessions(RegistrySessions.login(files))
        .probe(new CurlHttpProbe(runner, "curl"))
        .build();
    StepResult result;
    try {
      result = engine.apply(context, request);
    } catch (RuntimeException e) {
      String line = DeployStepsCli.messageOf(e);
      if (!line.equals(e.getMessage())) {
        // Not one of the engine's own failures: a bug to report, so its stack goes to the system log (masked).
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        LOGGER.warning(stepName + " failed in " + getContext().get(Run.class) + ": " + log.mask(trace.toString()));
      }
      throw new AbortException(stepName + ": " + log.mask(line));
    }
    if (result.exitCode() == ExitCodes.FAILED) {
      throw new AbortException(stepName + ": " + log.mask(String.join("; ", result.summary())));
    }
    if (result.exitCode() == ExitCodes.UNSTABLE) {
      String message = stepName + " finished with warnings; the build is UNSTABLE";
      getContext().get(FlowNode.class).addOrReplaceAction(new WarningAction(Result.UNSTABLE).withMessage(message));
      getContext().get(Run.class).setResult(Result.UNSTABLE);
      listener.getLogger().println(message);
    }
    Map<String, Object> map = new LinkedHashMap<>(result.toMap());
    map.putIfAbsent("ok", true);
    map.putIfAbsent("exitCode", result.exitCode());
    return plain(map);
  }

  /** Copies into LinkedHashMap/ArrayList: the build keeps the value in its program state (XStream). */
  @SuppressWarnings("unchecked")
  private static <T> T plain(T value) {
    if (value instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<?, ?>) value).forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return (T) out;
    }
    if (value instanceof List) {
      List<Object> out = new ArrayList<>();
      ((List<?>) value).forEach(v -> out.add(plain(v)));
      return (T) out;
    }
    return value;
  }
}
