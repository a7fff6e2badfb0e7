package io.deploysteps.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.deploysteps.exec.LocalCommandRunner;
import java.util.Map;
import org.junit.Test;

public class NamedValuesTest {
  @Test
  public void valuesByVariableNameOverlayTheParametersAndNeverReachChildren() {
    Map<String, String> env = Map.of("DEPLOY_STEPS_ENV_API_TOKEN", "t0k", "DEPLOY_STEPS_ENV_DB_CONN_LIMIT", "32",
        "DEPLOY_STEPS_ENV_", "no key", "DEPLOY_STEPS_ENV_BAD-KEY", "x", "DEPLOY_STEPS_BUILD_ARG_NPM_TOKEN", "npm", "PATH", "/bin");
    assertEquals(Map.of("API_TOKEN", "t0k", "DB_CONN_LIMIT", "32", "PORT", "1"),
        NamedValues.overlay(Map.of("DB_CONN_LIMIT", "8", "PORT", "1"), env, NamedValues.ENV_PREFIX));
    assertEquals(Map.of("NPM_TOKEN", "npm"), NamedValues.of(env, NamedValues.BUILD_ARG_PREFIX));
    for (String name : env.keySet()) {
      assertEquals(name, !name.equals("PATH"), LocalCommandRunner.holdsSecret(name));
    }
    assertTrue(LocalCommandRunner.holdsSecret("AWS_SECRET_ACCESS_KEY"));
  }
}
