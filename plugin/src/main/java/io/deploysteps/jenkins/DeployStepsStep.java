package io.deploysteps.jenkins;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.deploysteps.engine.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * What the four steps share: their arguments are the engine's Map keys (the same the shared library
 * and the CLI take), kept in one map; a subclass names the step and says how the engine runs it.
 * Structured arguments (maps, lists) are typed {@code Object}: a Jenkinsfile passes Groovy maps and
 * lists, the Snippet Generator's text box the engine's string form ({@code api=10x2,batch=5}).
 */
public abstract class DeployStepsStep extends Step {
  private final Map<String, Object> params = new LinkedHashMap<>();

  /** The engine: validate {@code params} with the step's request and run it. */
  abstract StepResult run(StepContext context, Map<String, Object> params);

  final void set(String key, Object value) {
    boolean blank = value == null || value instanceof CharSequence && value.toString().isBlank();
    if (blank) {
      params.remove(key);
    } else {
      params.put(key, value);
    }
  }

  final Object get(String key) {
    return params.get(key);
  }

  /** The arguments given, as the engine's request reads them. */
  public final Map<String, Object> params() {
    return Collections.unmodifiableMap(params);
  }

  @Override
  public StepExecution start(org.jenkinsci.plugins.workflow.steps.StepContext context) {
    return execution(context, getDescriptor().getFunctionName());
  }

  /** What {@link #start} returns, without the descriptor lookup (which needs a running Jenkins). */
  final DeployStepsExecution execution(org.jenkinsci.plugins.workflow.steps.StepContext context, String functionName) {
    return new DeployStepsExecution(context, functionName, new LinkedHashMap<>(params), this::run);
  }

  /** The context every step needs: commands on the agent, files in the workspace, the build's env. */
  public abstract static class DeployStepsDescriptor extends StepDescriptor {
    @Override
    public Set<? extends Class<?>> getRequiredContext() {
      return Set.of(Run.class, Launcher.class, FilePath.class, TaskListener.class, EnvVars.class, FlowNode.class);
    }
  }
}
