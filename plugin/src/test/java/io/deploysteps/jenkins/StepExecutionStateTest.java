package io.deploysteps.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.model.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.junit.jupiter.api.Test;

/**
 * What a build saves of a running step (its program state, written with Java serialization by
 * JBoss River): the step's name and its context, never an engine object (a request, a runner, a
 * Docker or AWS client), which would tie the saved build to engine classes and could not resume.
 */
class StepExecutionStateTest {

  /** Stands in for CpsStepContext: only serialized, never asked for anything. */
  private static final class SavedContext extends StepContext {
    private static final long serialVersionUID = 1L;

    @Override public <T> T get(Class<T> key) { return null; }

    @Override public void onSuccess(Object result) { }

    @Override public void onFailure(Throwable t) { }

    @Override public boolean isReady() { return false; }

    @Override public ListenableFuture<Void> saveState() { return Futures.immediateFuture(null); }

    @Override public void setResult(Result r) { }

    @Override public BodyInvoker newBodyInvoker() { throw new IllegalStateException("no body"); }

    @Override public boolean equals(Object o) { return o == this; }

    @Override public int hashCode() { return 1; }
  }

  /** Each step with arguments as a Jenkinsfile gives them (Groovy maps and lists among them). */
  private static List<DeployStepsStep> steps() {
    BlueGreenDeployStep deploy = new BlueGreenDeployStep("shop-api");
    deploy.setImage("127.0.0.1:5000/shop/shop-api:v2");
    deploy.setPorts(List.of(3000, 4000));
    deploy.setHealth(Map.of("path", "/health"));
    deploy.setProxy(Map.of("includeFile", "/etc/nginx/service-url.inc", "testCommand", List.of("nginx", "-t")));
    BuildAndPushEcrStep push = new BuildAndPushEcrStep("shop/api");
    push.setRegistry("127.0.0.1:5000");
    push.setTags(List.of("v2", "latest"));
    DbConnectionAuditStep audit = new DbConnectionAuditStep("jdbc:mariadb://127.0.0.1:13306/shop", Map.of("api", "10x2"));
    audit.setUser("audit");
    audit.setPasswordEnv("DEPLOY_STEPS_DB_PASSWORD");
    PruneDockerStep prune = new PruneDockerStep();
    prune.setUntil("72h");
    prune.setLabels(List.of("team=shop"));
    return List.of(deploy, push, audit, prune);
  }

  /** The names of every class whose object the stream wrote (superclasses included). */
  private static Set<String> classesWritten(Object state) throws IOException {
    Set<String> names = new TreeSet<>();
    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream()) {
      @Override
      protected void annotateClass(Class<?> cl) {
        names.add(cl.getName());
      }

      @Override
      protected void annotateProxyClass(Class<?> cl) {
        names.add(cl.getName());
      }
    }) {
      out.writeObject(state);
    }
    return names;
  }

  @Test
  void theSavedStateOfEachStepHoldsNoEngineType() throws Exception {
    for (DeployStepsStep step : steps()) {
      String name = step.getClass().getSimpleName();
      Set<String> written = classesWritten(step.execution(new SavedContext(), name));
      assertTrue(written.contains(DeployStepsExecution.class.getName()), name + " wrote " + written);
      List<String> engine = written.stream()
          .filter(c -> c.startsWith("io.deploysteps.") && !c.startsWith("io.deploysteps.jenkins."))
          .collect(Collectors.toList());
      assertEquals(List.of(), engine, name + ": engine types in the saved state");
      assertTrue(written.stream().noneMatch(c -> c.contains("$$Lambda")), name + " wrote a lambda: " + written);
    }
  }

  @Test
  void theCheckSeesAnEngineObjectWhenOneIsReachable() throws Exception {
    // The control: had the execution kept an engine value (here a serializable engine exception),
    // its class would be among those written.
    Set<String> written = classesWritten(List.of(new SavedContext(),
        new io.deploysteps.engine.InvalidParameterException("name", "is bad")));
    assertTrue(written.contains("io.deploysteps.engine.InvalidParameterException"), written.toString());
  }
}
