package io.deploysteps.cli;

import static org.junit.Assert.assertEquals;

import io.deploysteps.bluegreen.BlueGreenRequest;
import io.deploysteps.dbaudit.AuditRequest;
import io.deploysteps.ecr.BuildAndPushRequest;
import io.deploysteps.engine.ParameterCheck;
import io.deploysteps.prune.PruneRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The plugin's form checks (ParameterCheck) say what the CLI says for the same bad value, word for word. */
public class ParameterCheckTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedErr;

  @Before
  public void captureStderr() {
    savedErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @After
  public void restoreStderr() {
    System.setErr(savedErr);
  }

  /** The first line the CLI prints for these arguments, which must exit 2 (bad parameters). */
  private String cli(String... args) {
    err.reset();
    int code = DeployStepsCli.execute(args);
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(text, 2, code);
    return text.lines().findFirst().orElse("");
  }

  private static String form(ParameterCheck check, String key, Object value, Map<String, ?> siblings) {
    return "deploy-steps: " + check.problem(key, value, siblings).orElse("(no problem)");
  }

  @Test
  public void blueGreenDeployFieldsSayWhatTheCliSays() {
    String[] base = {"blue-green-deploy", "--name", "web", "--image", "web:1", "--proxy-include-file", "/x.inc"};
    assertEquals(cli("blue-green-deploy", "--name", "Web!", "--image", "web:1", "--proxy-include-file", "/x.inc"),
        form(BlueGreenRequest.check(), "name", "Web!", Map.of()));
    assertEquals(cli(concat(base, "--network", "container:web")), form(BlueGreenRequest.check(), "network", "container:web", Map.of()));
    assertEquals(cli(concat(base, "--restart", "sometimes")), form(BlueGreenRequest.check(), "restart", "sometimes", Map.of()));
    assertEquals(cli(concat(base, "--container-port", "80")), form(BlueGreenRequest.check(), "containerPort", "80", Map.of()));
    assertEquals(cli(concat(base, "--health-timeout", "soon")), form(BlueGreenRequest.check(), "healthTimeout", "soon", Map.of()));
    assertEquals(cli("blue-green-deploy", "--name", "web", "--proxy-include-file", "/x.inc"),
        form(BlueGreenRequest.check(), "image", "", Map.of()));
  }

  @Test
  public void theOtherStepsFieldsSayWhatTheCliSays() {
    assertEquals(cli("build-and-push-ecr", "--registry", "127.0.0.1:5000", "--repository", "My_App"),
        form(BuildAndPushRequest.check(), "repository", "My_App", Map.of("registry", "127.0.0.1:5000")));
    assertEquals(cli("build-and-push-ecr", "--region", "europe", "--repository", "app"),
        form(BuildAndPushRequest.check(), "region", "europe", Map.of()));
    assertEquals(cli("db-connection-audit", "--url", "jdbc:mariadb://127.0.0.1:3306/", "--user", "audit",
        "--apps", "api=10", "--fail-on", "often"), form(AuditRequest.check(), "failOn", "often", Map.of()));
    assertEquals(cli("db-connection-audit", "--url", "jdbc:mariadb://127.0.0.1:3306/", "--user", "audit",
        "--apps", "api"), form(AuditRequest.check(), "apps", "api", Map.of()));
    assertEquals(cli("prune-docker", "--images", "most"), form(PruneRequest.check(), "images", "most", Map.of()));
    assertEquals(cli("prune-docker", "--disk-target", "50"), form(PruneRequest.check(), "diskTarget", "50", Map.of()));
  }

  /**
   * ecsDeploy's form: a blank imageDefinitions field is no image definitions file (it was the
   * placeholder's, so an image typed with a blank containerName said "not both"), and the missing
   * containerName is said under containerName, as the CLI says it.
   */
  @Test
  public void ecsDeployImageFieldsSayWhatTheCliSays() {
    ParameterCheck ecs = io.deploysteps.ecs.EcsDeployRequest.check();
    assertEquals(Optional.empty(), ecs.problem("image", "shop/api:v2", Map.of("containerName", "", "imageDefinitions", "")));
    assertEquals(cli("ecs-deploy", "--cluster", "shop", "--service", "api", "--region", "eu-west-3", "--image", "shop/api:v2"),
        form(ecs, "containerName", "", Map.of("image", "shop/api:v2", "imageDefinitions", "")));
    assertEquals(Optional.empty(), ecs.problem("containerName", "", Map.of("image", "", "imageDefinitions", "")));
  }

  @Test
  public void siblingsAndOtherFieldsProblemsAreNotThisFieldsProblem() {
    ParameterCheck bg = BlueGreenRequest.check();
    assertEquals(Optional.empty(), bg.problem("containerPort", "80", Map.of("network", "bridge")));
    assertEquals(Optional.empty(), bg.problem("image", "", Map.of("rollback", true)));
    assertEquals("a bad sibling is its own field's problem", Optional.empty(),
        bg.problem("drain", "5s", Map.of("network", "container:web")));
    assertEquals(Optional.empty(), PruneRequest.check().problem("diskTarget", "50", Map.of("diskThreshold", "80")));
    assertEquals(Optional.of("invalid parameter 'proxy.includeFile': is required (the nginx include holding"
        + " 'set $service_url ...;')"), bg.problem("proxy", " "));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
