package io.deploysteps.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.beans.Introspector;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A checkbox the user did not touch adds nothing to the Snippet Generator's snippet: structs leaves
 * out a property whose value equals a fresh step's, and a form always submits true or false, so every
 * boolean getter of a fresh step answers the engine's default instead of null.
 */
class SnippetDefaultsTest {

  private static List<String> nullBooleans(DeployStepsStep fresh) throws Exception {
    List<String> out = new ArrayList<>();
    for (Method setter : fresh.getClass().getMethods()) {
      if (!setter.isAnnotationPresent(DataBoundSetter.class) || setter.getParameterTypes()[0] != Boolean.class) {
        continue;
      }
      String property = setter.getName().substring(3);
      Method getter = fresh.getClass().getMethod("get" + property);
      if (getter.invoke(fresh) == null) {
        out.add(Introspector.decapitalize(property));
      }
    }
    return out;
  }

  @Test
  void freshStepsAnswerEveryBooleanWithTheEngineDefault() throws Exception {
    assertEquals(List.of(), nullBooleans(new BlueGreenDeployStep("web")), "blueGreenDeploy");
    assertEquals(List.of(), nullBooleans(new BuildAndPushEcrStep("shop/api")), "buildAndPushEcr");
    assertEquals(List.of(), nullBooleans(new DbConnectionAuditStep("jdbc:mariadb://db:3306/shop", "api=10")), "dbConnectionAudit");
    assertEquals(List.of(), nullBooleans(new PruneDockerStep()), "pruneDocker");
  }

  @Test
  void anUntouchedFlagIsNotAnArgument() {
    BlueGreenDeployStep step = new BlueGreenDeployStep("web");
    assertEquals(Boolean.TRUE, step.getKeepPrevious());
    assertEquals(Boolean.FALSE, step.getRollback());
    assertEquals(false, step.params().containsKey("keepPrevious"));
  }
}
