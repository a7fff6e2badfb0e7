package io.deploysteps.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;
import hudson.model.Result;
import io.deploysteps.cli.DeployStepsCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The steps in sandboxed Pipelines: Groovy maps and lists bind to the steps, bad arguments fail the
 * build with the engine's message (the words the shared library's CLI path gives), and the result
 * comes back as a Map a sandboxed script may read.
 */
@WithJenkins
class StepsInPipelineTest {
  private JenkinsRule j;

  @BeforeEach
  void setUp(JenkinsRule rule) {
    j = rule;
  }

  private WorkflowRun run(String script, Result expected) throws Exception {
    WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p" + j.jenkins.getItems().size());
    p.setDefinition(new CpsFlowDefinition(script, true));
    return j.buildAndAssertStatus(expected, p);
  }

  /** The build fails with the engine's words, prefixed by the step's name, as the CLI path's `error` does. */
  private void assertRefused(String call, String message) throws Exception {
    j.assertLogContains(message, run("node { " + call + " }", Result.FAILURE));
  }

  @Test
  void blueGreenDeployRefusesABadNameBeforeTouchingDocker() throws Exception {
    assertRefused("blueGreenDeploy(name: 'Shop API', image: 'shop/api:1', ports: [3000, 4000],"
        + " proxy: [includeFile: 'service-url.inc', testCommand: ['nginx', '-t']])", "blueGreenDeploy: invalid parameter 'name'");
  }

  @Test
  void buildAndPushEcrRefusesABadTag() throws Exception {
    assertRefused("buildAndPushEcr(repository: 'shop/api', registry: '127.0.0.1:5000', tags: ['-bad'])",
        "buildAndPushEcr: invalid parameter 'tags'");
  }

  @Test
  void dbConnectionAuditRefusesABadPasswordVariable() throws Exception {
    assertRefused("dbConnectionAudit(url: 'jdbc:mariadb://127.0.0.1:1/shop', apps: [api: '10x2'], user: 'audit',"
        + " passwordEnv: 'not a name')", "dbConnectionAudit: invalid parameter 'passwordEnv'");
  }

  @Test
  void pruneDockerRefusesVolumesWithAnAge() throws Exception {
    assertRefused("pruneDocker(volumes: true, until: '72h')", "pruneDocker: invalid parameter 'volumes'");
  }

  @Test
  void theStepReturnsTheMapTheCliWritesToItsResultFile() throws Exception {
    Path dir = Files.createTempDirectory("contract");
    Path params = dir.resolve("params.json");
    Path result = dir.resolve("result.json");
    Files.writeString(params, "{\"dryRun\": true, \"containers\": false, \"images\": \"none\"}");
    assertEquals(0, DeployStepsCli.execute("prune-docker", "--params-file", params.toString(), "--result-file", result.toString()));
    WorkflowRun b = run("node { echo('result=' + groovy.json.JsonOutput.toJson("
        + "pruneDocker(dryRun: true, containers: false, images: 'none'))) }", Result.SUCCESS);
    // Re-written by the same JsonOutput the pipeline uses: the same keys in the same order give the same text.
    String fromCli = JsonOutput.toJson(new JsonSlurper().parse(result.toFile()));
    j.assertLogContains("result=" + fromCli, b);
  }

  @Test
  void aDryRunWithNothingToDoReturnsTheResultMapToTheSandbox() throws Exception {
    WorkflowRun b = run("node { def r = pruneDocker(dryRun: true, containers: false, images: 'none')\n"
        + " echo \"ok=${r.ok} exitCode=${r.exitCode} dryRun=${r.dryRun}\" }", Result.SUCCESS);
    j.assertLogContains("ok=true exitCode=0 dryRun=true", b);
  }
}
