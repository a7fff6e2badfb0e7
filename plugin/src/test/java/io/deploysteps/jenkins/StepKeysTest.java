package io.deploysteps.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deploysteps.bluegreen.BlueGreenRequest;
import io.deploysteps.dbaudit.AuditRequest;
import io.deploysteps.ecr.BuildAndPushRequest;
import io.deploysteps.prune.PruneRequest;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundSetter;

/** Each Step takes exactly the engine request's keys: the plugin and the shared library share one API. */
class StepKeysTest {

  /** Sets every @DataBoundSetter property (inherited ones too) and returns the keys the step then holds. */
  private static Set<String> keysOf(DeployStepsStep step) throws Exception {
    for (Method m : step.getClass().getMethods()) {
      if (m.isAnnotationPresent(DataBoundSetter.class)) {
        Class<?> type = m.getParameterTypes()[0];
        m.invoke(step, type == Boolean.class ? Boolean.TRUE : type == Integer.class ? Integer.valueOf(1) : "x");
      }
    }
    return new TreeSet<>(step.params().keySet());
  }

  private static void assertKeys(Collection<String> engineKeys, DeployStepsStep step) throws Exception {
    assertEquals(new TreeSet<>(engineKeys), keysOf(step), step.getClass().getSimpleName());
  }

  @Test
  void blueGreenDeploy() throws Exception {
    assertKeys(BlueGreenRequest.KEYS, new BlueGreenDeployStep("shop-api"));
  }

  @Test
  void buildAndPushEcr() throws Exception {
    assertKeys(BuildAndPushRequest.KEYS, new BuildAndPushEcrStep("shop/api"));
  }

  @Test
  void dbConnectionAudit() throws Exception {
    assertKeys(AuditRequest.KEYS, new DbConnectionAuditStep("jdbc:mariadb://db:3306/shop", "api=10"));
  }

  @Test
  void pruneDocker() throws Exception {
    assertKeys(PruneRequest.KEYS, new PruneDockerStep());
  }
}
