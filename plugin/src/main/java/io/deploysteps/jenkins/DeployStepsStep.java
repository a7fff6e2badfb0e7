package io.deploysteps.jenkins;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.deploysteps.engine.ParameterCheck;
import io.deploysteps.catalogue.StepCatalogue;
import io.deploysteps.context.StepContext;
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

  /** The step's parameters in the engine: the one place their defaults are written. */
  abstract StepCatalogue catalogue();

  /**
   * A boolean argument, or the catalogue's default when it was not given: the Snippet Generator
   * leaves out what equals a fresh step's value, so an untouched checkbox adds nothing to the snippet.
   */
  final Boolean flag(String key) {
    Object v = params.get(key);
    return v != null ? (Boolean) v
        : Boolean.TRUE.equals(catalogue().parameter(key).orElseThrow().defaultValue());
  }

  /** The arguments given, as the engine's request reads them. */
  public final Map<String, Object> params() {
    return Collections.unmodifiableMap(params);
  }

  /** The Jenkins credential the step binds before the engine runs ({@code credentialsId}), or null. */
  StepCredentials credentials() {
    return null;
  }

  @Override
  public StepExecution start(org.jenkinsci.plugins.workflow.steps.StepContext context) {
    return execution(context, getDescriptor().getFunctionName());
  }

  /** What {@link #start} returns, without the descriptor lookup (which needs a running Jenkins). */
  final DeployStepsExecution execution(org.jenkinsci.plugins.workflow.steps.StepContext context, String functionName) {
    return new DeployStepsExecution(context, functionName, new LinkedHashMap<>(params), this::run, credentials());
  }

  /** The context every step needs: commands on the agent, files in the workspace, the build's env. */
  public abstract static class DeployStepsDescriptor extends StepDescriptor {
    @Override
    public Set<? extends Class<?>> getRequiredContext() {
      return Set.of(Run.class, Launcher.class, FilePath.class, TaskListener.class, EnvVars.class, FlowNode.class);
    }

    /**
     * A form field checked by the engine's request, so the form says what the CLI says; siblings are
     * the fields its check depends on, as {@code key, value} pairs.
     */
    static FormValidation check(ParameterCheck check, String key, Object value, Object... siblings) {
      Map<String, Object> others = new LinkedHashMap<>();
      for (int i = 0; i + 1 < siblings.length; i += 2) {
        others.put((String) siblings[i], siblings[i + 1]);
      }
      return check.problem(key, value, others).map(FormValidation::error).orElse(FormValidation.ok());
    }

    /**
     * A select box whose first entry, the engine's default, leaves the parameter out of the snippet;
     * a current value that is none of the choices (like {@code on-failure:5}) is kept as an entry.
     */
    static ListBoxModel choices(String current, String defaultValue, String... others) {
      ListBoxModel model = new ListBoxModel();
      model.add(defaultValue + " (default)", "");
      for (String o : others) {
        model.add(o);
      }
      boolean listed = current == null || current.isBlank()
          || model.stream().anyMatch(o -> o.value.equals(current) || o.name.equals(current + " (default)"));
      if (!listed) {
        model.add(current);
      }
      return model;
    }

    /** The first of {@code keys} the step was given, for the stage view's label; null when none. */
    static String first(Map<String, Object> args, String... keys) {
      for (String k : keys) {
        Object v = args.get(k);
        if (v instanceof CharSequence && !v.toString().isBlank()) {
          return v.toString();
        }
      }
      return null;
    }
  }
}
