package io.deploysteps.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Each step's form (config.jelly) shows and keeps every parameter: what the Snippet Generator relies
 * on. Checkboxes always submit a value, so the steps here set every boolean.
 */
@WithJenkins
class StepConfigRoundTripTest {
  private JenkinsRule j;

  @BeforeEach
  void setUp(JenkinsRule rule) {
    j = rule;
  }

  private <S extends DeployStepsStep> S assertRoundTrip(S step) throws Exception {
    S back = new StepConfigTester(j).configRoundTrip(step);
    j.assertEqualDataBoundBeans(step, back);
    assertEquals(step.params(), back.params());
    return back;
  }

  @Test
  void blueGreenDeployKeepsItsArguments() throws Exception {
    BlueGreenDeployStep step = new BlueGreenDeployStep("shop-api");
    step.setImage("127.0.0.1:5000/shop/api:1.4.0");
    step.setProxy("/etc/nginx/service-url.inc");
    step.setPorts("3000,4000");
    step.setHealth("/health");
    step.setHealthTimeout("90s");
    step.setKeepPrevious(true);
    step.setRestart("on-failure:5");
    step.setRollback(false);
    BlueGreenDeployStep back = assertRoundTrip(step);
    // The step keeps what it was given: the form's text stays the include's path (the engine reads a
    // String proxy as includeFile, BlueGreenRequestTest), and a Jenkinsfile's map stays a map.
    assertEquals("/etc/nginx/service-url.inc", back.getProxy());
    Map<String, Object> proxy = Map.of("includeFile", "/etc/nginx/service-url.inc", "testCommand", "nginx -t");
    step.setProxy(proxy);
    assertEquals(proxy, step.getProxy());
  }

  @Test
  void buildAndPushEcrKeepsItsArguments() throws Exception {
    BuildAndPushEcrStep step = new BuildAndPushEcrStep("shop/api");
    step.setRegion("ap-northeast-2");
    step.setTags("1.4.0,latest");
    step.setBuildArgs("APP_VERSION=1.4.0");
    step.setCacheFrom(true);
    step.setPull(false);
    step.setCreateRepository(true);
    step.setScanOnPush(false);
    step.setImageDefinitions("imagedefinitions.json");
    step.setContainerName("api");
    assertRoundTrip(step);
  }

  @Test
  void dbConnectionAuditKeepsItsArguments() throws Exception {
    DbConnectionAuditStep step = new DbConnectionAuditStep("jdbc:mariadb://db.internal:3306/shop", "api=10x2,batch=5");
    step.setUser("audit");
    step.setPasswordEnv("DB_PASSWORD");
    step.setDeploying("api");
    step.setFailOn("warning");
    assertRoundTrip(step);
  }

  @Test
  void pruneDockerKeepsItsArguments() throws Exception {
    PruneDockerStep step = new PruneDockerStep();
    step.setUntil("72h");
    step.setImages("unused");
    step.setKeepPerRepository(3);
    step.setDryRun(true);
    step.setContainers(true);
    step.setBuildCache(false);
    step.setVolumes(false);
    step.setNetworks(false);
    step.setEcrApplyLifecyclePolicy(false);
    assertRoundTrip(step);
  }
}
