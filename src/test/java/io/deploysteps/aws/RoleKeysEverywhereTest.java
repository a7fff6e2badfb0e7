package io.deploysteps.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.deploysteps.buildspec.BuildspecRunner;
import io.deploysteps.buildspec.RunBuildspecRequest;
import io.deploysteps.context.StepContext;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerUnavailableException;
import io.deploysteps.ecs.EcsDeployRequest;
import io.deploysteps.ecs.EcsDeployRunner;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.log.StepLog;
import io.deploysteps.prune.PruneRequest;
import io.deploysteps.prune.PruneRunner;
import io.deploysteps.time.TimeSource;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The role keys of withAWS (role, roleAccount, externalId, duration, roleSessionName) on every AWS step
 * besides buildAndPushEcr: pruneDocker's ECR side, ecsDeploy (ECS and CodeDeploy) and runBuildspec's
 * SSM. Each step asks STS (WireMock) once with its keys, then signs its own calls with the session
 * credentials, which never reach its log.
 */
public class RoleKeysEverywhereTest {
  private static final String BASE_KEY = "AKIAH15BASEKEY000001";
  private static final String BASE_SECRET = "h15-base-secret-key";
  private static final String ROLE_ARN = "arn:aws:iam::210987654321:role/deployer";

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private final WireMockServer aws = new WireMockServer(options().bindAddress("127.0.0.1").port(31410));
  private final List<String> lines = new ArrayList<>();
  private final StepLog log = StepLog.to(line -> {
    synchronized (lines) {
      lines.add(line);
    }
  });

  @Before
  public void setUp() {
    aws.start();
    StsFake.assumeRoleAnswers(aws);
  }

  @After
  public void tearDown() {
    aws.stop();
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + aws.port());
    env.put("AWS_ACCESS_KEY_ID", BASE_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", BASE_SECRET);
    env.put("BUILD_TAG", "jenkins-shop-7");
    return env;
  }

  private StepContext context(Path workspace) {
    Map<String, String> env = env();
    // No Docker here: pruneDocker's ECR side then protects no local deployment and goes on.
    Docker noDocker = (Docker) Proxy.newProxyInstance(Docker.class.getClassLoader(), new Class<?>[] {Docker.class},
        (proxy, method, args) -> {
          throw new DockerUnavailableException("unix:///nowhere", "no daemon in this test", "docker");
        });
    return new StepContext(new LocalCommandRunner(log), new LocalHostFiles(), log, TimeSource.system(), env,
        workspace.toString(), noDocker, spec -> new SdkAwsClients(spec, env, log));
  }

  private static Map<String, Object> withRole(Object... kv) {
    Map<String, Object> m = new HashMap<>(Map.of("region", "eu-west-1", "credentials", "env", "role", "deployer",
        "roleAccount", "210987654321", "externalId", "shop-ci-15", "duration", "30m", "roleSessionName", "h15-deploy"));
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private List<LoggedRequest> calls(String targetPart) {
    return aws.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", containing(targetPart)));
  }

  /** One AssumeRole with the step's keys, signed with its own keys; {@code signed} with the session's. */
  private void assumedOnceAndSignedWithTheSession(List<LoggedRequest> signed) {
    List<LoggedRequest> assumes = StsFake.assumeRoles(aws);
    assertEquals(1, assumes.size());
    Map<String, String> f = StsFake.form(assumes.get(0));
    assertEquals(ROLE_ARN, f.get("RoleArn"));
    assertEquals("shop-ci-15", f.get("ExternalId"));
    assertEquals("1800", f.get("DurationSeconds"));
    assertEquals("h15-deploy", f.get("RoleSessionName"));
    assertEquals(BASE_KEY, StsFake.accessKeyOf(assumes.get(0)));
    assertFalse("the step made its AWS call", signed.isEmpty());
    for (LoggedRequest r : signed) {
      assertEquals(StsFake.SESSION_KEY, StsFake.accessKeyOf(r));
      assertEquals(StsFake.SESSION_TOKEN, r.getHeader("X-Amz-Security-Token"));
    }
    synchronized (lines) {
      for (String l : lines) {
        assertFalse(l, l.contains(StsFake.SESSION_SECRET) || l.contains(StsFake.SESSION_TOKEN) || l.contains(BASE_SECRET));
      }
    }
  }

  @Test
  public void ecsDeploySignsItsEcsCallsWithTheRole() throws Exception {
    aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target",
        equalTo("AmazonEC2ContainerServiceV20141113.DescribeServices"))
        .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody("{\"__type\":\"AccessDeniedException\",\"message\":\"not in this test\"}")));
    try {
      new EcsDeployRunner(context(tmp.newFolder("ecs").toPath())).run(EcsDeployRequest.fromMap(withRole(
          "cluster", "shop", "service", "api", "containerName", "app", "image", "127.0.0.1:5000/shop/api:1")));
      fail("DescribeServices was refused");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("ECS DescribeServices failed: AccessDeniedException"));
    }
    assumedOnceAndSignedWithTheSession(calls("AmazonEC2ContainerServiceV20141113."));
  }

  @Test
  public void ecsDeploysDecisionOnACodeDeployDeploymentIsSignedWithTheRoleToo() throws Exception {
    aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("CodeDeploy_20141006.ContinueDeployment"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody("{}")));
    aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("CodeDeploy_20141006.GetDeployment"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody("{\"deploymentInfo\":{\"deploymentId\":\"d-H15ROLE01\",\"status\":\"Succeeded\"}}")));
    var result = new EcsDeployRunner(context(tmp.newFolder("cd").toPath())).run(EcsDeployRequest.fromMap(
        withRole("continueDeployment", "d-H15ROLE01")));
    assertEquals(0, result.exitCode());
    assumedOnceAndSignedWithTheSession(calls("CodeDeploy_20141006."));
  }

  @Test
  public void pruneDockersEcrSideSignsWithTheRole() throws Exception {
    aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", containing("AmazonEC2ContainerRegistry_V20150921."))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody("{\"imageDetails\":[]}")));
    new PruneRunner(context(tmp.newFolder("prune").toPath())).run(PruneRequest.fromMap(withRole(
        "containers", false, "images", "none", "ecrRepository", "team/web", "ecrKeepTagged", 5)));
    assumedOnceAndSignedWithTheSession(calls("AmazonEC2ContainerRegistry_V20150921."));
  }

  @Test
  public void aRoleOnPruneDockerWithoutItsEcrSideIsRefusedByName() {
    try {
      PruneRequest.fromMap(Map.of("role", "deployer"));
      fail("the local prune calls no AWS");
    } catch (InvalidParameterException e) {
      assertEquals("role", e.parameter());
    }
  }

  @Test(timeout = 120_000)
  public void runBuildspecsParameterStoreReadIsSignedWithTheRole() throws Exception {
    aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
        .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody(
            "{\"Parameter\":{\"Name\":\"/shop/flag\",\"Type\":\"String\",\"Value\":\"on\",\"Version\":1,"
                + "\"ARN\":\"arn:aws:ssm:eu-west-1:210987654321:parameter/shop/flag\",\"DataType\":\"text\"}}")));
    Path ws = tmp.newFolder("build").toPath();
    Files.writeString(ws.resolve("buildspec.yml"), String.join("\n", "version: 0.2", "env:", "  parameter-store:",
        "    FLAG: /shop/flag", "phases:", "  build:", "    commands:", "      - test \"$FLAG\" = on", ""));
    var result = new BuildspecRunner(context(ws)).run(RunBuildspecRequest.fromMap(withRole()));
    assertEquals(String.join("\n", lines), "SUCCEEDED", result.status());
    assumedOnceAndSignedWithTheSession(calls("AmazonSSM."));
  }
}
