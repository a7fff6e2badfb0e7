package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.docker.Docker;
import io.deploysteps.ecr.EcrFake;
import io.deploysteps.ecr.RegistryApi;
import io.deploysteps.ecr.SecretsLeft;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.testing.LocalStack;
import io.deploysteps.testing.ProcSampler;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.testing.TestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue 17 item 5: a deploy of an image in a registry with a login (the local stack's htpasswd
 * registry), pulled with registryUser + DEPLOY_STEPS_REGISTRY_PASSWORD and then with an ECR token
 * (GetAuthorizationToken faked with WireMock, its proxyEndpoint that registry), through the real
 * launcher, dockerd and nginx. A sampler reads every process's argv and the environment of every
 * process of the step; afterwards no log line and no file holds the password or the token.
 */
public class BlueGreenPrivateRegistryIT {
  private static final String NAME = "h17b-pull";
  private static final int BLUE = 31750;
  private static final int GREEN = 31751;
  private static final int NGINX = 31752;
  private static final int WIREMOCK = 31753;
  private static final String REGION = "eu-west-3";
  private static final String AWS_SECRET = "h17b-aws-secret-" + UUID.randomUUID();
  private static final String REPOSITORY = "h17b-pull/app-" + UUID.randomUUID().toString().substring(0, 8);
  private static Docker docker;
  private static TestNginx nginx;
  private static Path dir;
  private static String v1;
  private static String v2;

  private final RecordingLog log = new RecordingLog();
  private EcrFake aws;
  private Path home;
  private long startMillis;

  private static String password() {
    return LocalStack.get("DEPLOY_STEPS_AUTH_REGISTRY_PASSWORD");
  }

  @BeforeClass
  public static void imagesInTheRegistryOnly() throws Exception {
    docker = ItSupport.docker();
    v1 = LocalStack.authRegistry() + "/" + REPOSITORY + ":v1";
    v2 = LocalStack.authRegistry() + "/" + REPOSITORY + ":v2";
    dir = Files.createTempDirectory("h17b-pull");
    // The test's own push needs a login: into a config directory of its own, gone before any step runs.
    Path config = Files.createDirectories(dir.resolve("push-config"));
    Docker pusher = docker.withConfigDir(config.toString());
    pusher.login(LocalStack.authRegistry(), "AWS", password());
    for (String image : List.of(v1, v2)) {
      TestImage.tagged(image).build(docker);
      pusher.push(image, line -> { });
      docker.removeImage(image, true);
    }
    ItSupport.deleteTree(config);
    nginx = new TestNginx(dir.resolve("nginx"), NGINX, BLUE);
    nginx.start();
  }

  @AfterClass
  public static void cleanUp() throws Exception {
    if (nginx != null) {
      nginx.stop();
    }
    for (String image : List.of(v1, v2)) {
      docker.removeImage(image, true);
    }
    new RegistryApi(LocalStack.authRegistry(), "AWS", password()).deleteAll(REPOSITORY);
    ItSupport.deleteTree(dir);
  }

  @Before
  public void setUp() throws Exception {
    ItSupport.removeAll(docker, NAME + "-");
    Files.writeString(nginx.include, NginxIncludeSwitch.content(BLUE));
    aws = new EcrFake(WIREMOCK).start();
    home = Files.createTempDirectory(dir, "home");
    startMillis = System.currentTimeMillis() - 1000;
  }

  @After
  public void tearDown() {
    aws.stop();
    ItSupport.removeAll(docker, NAME + "-");
  }

  private List<String> args(String image, String... more) {
    List<String> a = new ArrayList<>(List.of("blue-green-deploy", "--name", NAME, "--image", image,
        "--ports", BLUE + "," + GREEN, "--health", "/health", "--drain", "200ms", "--stop-timeout", "5s",
        "--verify-url", "http://127.0.0.1:" + NGINX + "/",
        "--proxy-include-file", nginx.include.toString(),
        "--proxy-test-command", String.join(" ", nginx.command("-t")),
        "--proxy-reload-command", String.join(" ", nginx.command("-s", "reload"))));
    a.addAll(Arrays.asList(more));
    return a;
  }

  /** The real launcher, as a Jenkins agent runs it; the stack's own secrets are not in its environment. */
  private Process launch(List<String> args, Map<String, String> extraEnv, Path err) throws Exception {
    List<String> argv = new ArrayList<>(List.of("sh", Paths.get("bin", "deploy-steps").toAbsolutePath().toString()));
    argv.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.contains("PASSWORD") || k.startsWith("AWS_"));
    env.put("HOME", home.toString());
    env.put("DOCKER_HOST", LocalStack.dockerHost());
    env.put("DEPLOY_STEPS_JAR", Paths.get(System.getProperty("deploySteps.jar", "target/deploy-steps.jar"))
        .toAbsolutePath().toString());
    env.put("DEPLOY_STEPS_JAVA", Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    env.put("DEPLOY_STEPS_CDS", "off");
    env.putAll(extraEnv);
    return pb.start();
  }

  /** Runs the step under the sampler; returns its stderr lines after checking the exit code and that nothing leaked. */
  private List<String> deploy(List<String> args, Map<String, String> env, int expectedExit, List<String> secrets,
      List<String> childSecrets) throws Exception {
    Path err = Files.createTempFile(dir, "err", ".log");
    Process p = launch(args, env, err);
    try (ProcSampler sampler = new ProcSampler(p.pid(), secrets, childSecrets)) {
      assertTrue("the step did not finish", p.waitFor(180, TimeUnit.SECONDS));
      List<String> lines = Files.readAllLines(err);
      assertEquals(String.join("\n", lines), expectedExit, p.exitValue());
      assertEquals(sampler.leaks().toString(), List.of(), sampler.leaks());
      assertTrue("the sampler saw no docker of the step: " + sampler.seen(), expectedExit != 0
          || sampler.seen().stream().anyMatch(c -> c.contains("docker")));
      return lines;
    } finally {
      Files.deleteIfExists(err);
    }
  }

  @Test
  public void withoutALoginThePullFailsNamingTheKeysThatGiveOneAndNothingChanges() {
    Map<String, Object> m = new HashMap<>();
    m.put("name", NAME);
    m.put("image", v1);
    m.put("ports", List.of(BLUE, GREEN));
    m.put("proxy", Map.of("includeFile", nginx.include.toString(), "testCommand", nginx.command("-t"),
        "reloadCommand", nginx.command("-s", "reload")));
    try {
      new BlueGreenRunner(ItSupport.context(log.log(), Map.of())).run(BlueGreenRequest.fromMap(m));
      fail("the htpasswd registry refuses a pull without a login");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("no basic auth credentials"));
      assertTrue(e.getMessage(), e.getMessage().contains("give registryCredentialsId (Jenkins) or registryUser with"
          + " DEPLOY_STEPS_REGISTRY_PASSWORD, or region (and credentials) for an ECR token; nothing was changed"));
    }
    assertEquals(List.of(), ItSupport.containers(docker, NAME + "-"));
  }

  @Test
  public void aPrivateImageIsPulledWithRegistryUserThenTheNextWithAnEcrTokenAndNoSecretIsLeftAnywhere() throws Exception {
    String token = EcrFake.token(password());
    // registryUser: the password is in the launcher's environment (as withCredentials puts it), nowhere else.
    List<String> first = deploy(args(v1, "--registry-user", "AWS"), Map.of("DEPLOY_STEPS_REGISTRY_PASSWORD", password()),
        0, List.of(token), List.of(password()));
    String text = String.join("\n", first);
    assertTrue(text, text.contains("[blueGreenDeploy] logged in to " + LocalStack.authRegistry() + " as AWS in "));
    assertTrue(text, text.contains("[blueGreenDeploy] pulled " + v1));
    assertTrue(text, text.matches("(?s).*credentials for " + java.util.regex.Pattern.quote(LocalStack.authRegistry())
        + " served to docker [1-9][0-9]* time\\(s\\) through docker-credential-deploysteps, never written to a file.*"));
    assertEquals("hello from " + v1, ItSupport.get("http://127.0.0.1:" + NGINX + "/"));

    // region: the token comes from ECR (the fake), for the registry the image names.
    aws.authorizationToken(password(), "https://" + EcrFake.ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com");
    List<String> second = deploy(args(v2, "--region", REGION, "--credentials", "env"),
        Map.of("AWS_ENDPOINT_URL", aws.url(), "AWS_ACCESS_KEY_ID", "AKIAH17BFAKEKEY00001", "AWS_SECRET_ACCESS_KEY", AWS_SECRET),
        0, List.of(password(), token), List.of(AWS_SECRET));
    text = String.join("\n", second);
    assertEquals(1, aws.ecrRequests("GetAuthorizationToken").size());
    assertEquals(REGION + "/ecr", EcrFake.scope(aws.ecrRequests("GetAuthorizationToken").get(0)));
    assertTrue(text, text.contains("[blueGreenDeploy] logged in to " + LocalStack.authRegistry() + " as AWS (ECR token, "
        + REGION + ") in "));
    assertEquals("hello from " + v2, ItSupport.get("http://127.0.0.1:" + NGINX + "/"));
    // nginx pointed at blue, where nothing ran: v1 went to green, v2 to blue.
    assertEquals(List.of(NAME + "-" + BLUE + " running " + v2, NAME + "-" + GREEN + " stopped " + v1),
        ItSupport.containers(docker, NAME + "-"));

    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    SecretsLeft.assertNone(all, home, startMillis, password(), token, AWS_SECRET);
  }

  @Test
  public void aMissingRegistryPasswordIsExitTwoBeforeAnythingChanges() throws Exception {
    List<String> lines = deploy(args(v1, "--registry-user", "AWS"), Map.of(), 2, List.of(password()), List.of());
    String text = String.join("\n", lines);
    assertTrue(text, text.contains("registryUser"));
    assertTrue(text, text.contains("DEPLOY_STEPS_REGISTRY_PASSWORD is not set"));
    assertEquals(List.of(), ItSupport.containers(docker, NAME + "-"));
  }
}
