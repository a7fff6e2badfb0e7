package io.deploysteps.ecr;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerCli;
import io.deploysteps.engine.ExitCodes;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.exec.Command;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.testing.LocalStack;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.time.TimeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The migration keys of issue 19 against the local stack (real dockerd, registries with and without
 * htpasswd) and ECR/STS faked with WireMock: one URI, an assumed role, a plain login, build then
 * push, BuildKit where the CLI has it, the scan gate.
 */
public class BuildAndPushMigrationIT {
  private static final String REGION = "eu-west-3";
  private static final String ECR_HOST = EcrFake.ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com";
  private static final String SECRET_KEY = "h19-it-secret-" + UUID.randomUUID();
  private static final String SESSION_SECRET = "h19-session-secret-" + UUID.randomUUID();
  private static final String SESSION_TOKEN = "h19-session-token-" + UUID.randomUUID();
  private static final String COMMIT = "fedcba9876543210fedcba9876543210fedcba98";

  private final String nonce = UUID.randomUUID().toString().substring(0, 8);
  private final String repository = "h19-migration/app-" + nonce;
  private final RecordingLog recording = new RecordingLog();
  private final List<String> localRefs = new ArrayList<>();
  private EcrFake aws;
  private Path workspace;
  private long startMillis;

  @Before
  public void setUp() throws IOException {
    startMillis = System.currentTimeMillis() - 1000;
    aws = new EcrFake().start();
    workspace = Files.createTempDirectory("h19-migration-ws");
    Path app = Files.createDirectories(workspace.resolve("app"));
    Files.copy(Paths.get(LocalStack.busybox()), app.resolve("busybox"));
    Files.writeString(app.resolve("marker"), "h19 " + nonce + "\n");
    Files.writeString(app.resolve("Dockerfile"),
        "FROM scratch\nCOPY busybox /bin/busybox\nCOPY marker /marker\nENTRYPOINT [\"/bin/busybox\"]\n");
  }

  @After
  public void tearDown() throws IOException {
    aws.stop();
    Docker docker = docker("docker");
    localRefs.forEach(ref -> docker.removeImage(ref, true));
    new RegistryApi(LocalStack.registry(), null, null).deleteAll(repository);
    new RegistryApi(LocalStack.authRegistry(), "AWS", authPassword()).deleteAll(repository);
    new LocalHostFiles().deleteRecursively(workspace.toString());
  }

  private static String authPassword() {
    return LocalStack.get("DEPLOY_STEPS_AUTH_REGISTRY_PASSWORD");
  }

  private Docker docker(String binary) {
    return new DockerCli(new LocalCommandRunner(recording.log()), binary, LocalStack.dockerEnv());
  }

  private BuildAndPushResult run(String dockerBinary, Map<String, Object> params, Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>(LocalStack.dockerEnv());
    env.put("AWS_ENDPOINT_URL", aws.url());
    env.put("AWS_ACCESS_KEY_ID", "AKIAH19ITBASEKEY0001");
    env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    env.put("GIT_COMMIT", COMMIT);
    env.putAll(extraEnv);
    var log = recording.log().forStep("buildAndPushEcr");
    StepContext ctx = new StepContext(new LocalCommandRunner(log), new LocalHostFiles(), log, TimeSource.system(), env,
        workspace.toString(), docker(dockerBinary), spec -> new SdkAwsClients(spec, env, log));
    return new BuildAndPushRunner(ctx, 2, Duration.ofMillis(200), Duration.ofMillis(100))
        .run(BuildAndPushRequest.fromMap(params));
  }

  private Map<String, Object> params(Object... kv) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("context", "app");
    for (int i = 0; i < kv.length; i += 2) {
      p.put((String) kv[i], kv[i + 1]);
    }
    return p;
  }

  private void keep(String host, String... tags) {
    for (String t : tags) {
      localRefs.add(host + "/" + repository + ":" + t);
    }
  }

  private void ecrRepositoryThatScansOnPush() {
    aws.ecr("DescribeRepositories", 200, "{\"repositories\":[{\"repositoryArn\":\"arn:aws:ecr:" + REGION + ":"
        + EcrFake.ACCOUNT + ":repository/" + repository + "\",\"registryId\":\"" + EcrFake.ACCOUNT
        + "\",\"repositoryName\":\"" + repository + "\",\"repositoryUri\":\"" + ECR_HOST + "/" + repository
        + "\",\"imageTagMutability\":\"MUTABLE\",\"imageScanningConfiguration\":{\"scanOnPush\":true}}]}");
    aws.authorizationToken(authPassword(), "http://" + LocalStack.authRegistry());
  }

  private void assumeRoleAnswers() {
    aws.server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=AssumeRole"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
            "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                + "<AssumedRoleUser><Arn>arn:aws:sts::210987654321:assumed-role/pusher/h19</Arn>"
                + "<AssumedRoleId>AROAH19:h19</AssumedRoleId></AssumedRoleUser><Credentials>"
                + "<AccessKeyId>ASIAH19ITSESSION0001</AccessKeyId><SecretAccessKey>" + SESSION_SECRET
                + "</SecretAccessKey><SessionToken>" + SESSION_TOKEN + "</SessionToken>"
                + "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult>"
                + "<ResponseMetadata><RequestId>3</RequestId></ResponseMetadata></AssumeRoleResponse>")));
  }

  private static String accessKeyOf(LoggedRequest r) {
    String auth = r.getHeader("Authorization");
    return auth.substring(auth.indexOf("Credential=") + "Credential=".length()).split("/")[0];
  }

  @Test
  public void anEcrUriNamesAccountAndRegionAndEveryCallRunsAsTheAssumedRole() throws IOException {
    ecrRepositoryThatScansOnPush();
    assumeRoleAnswers();
    String host = LocalStack.authRegistry();
    keep(host, "v1");

    BuildAndPushResult result = run("docker", params("repositoryUri", ECR_HOST + "/" + repository, "credentials", "env",
        "tags", List.of("v1"), "role", "pusher", "roleAccount", "210987654321", "externalId", "h19-ext"), Map.of());

    assertEquals("the URI named the account: no GetCallerIdentity", 0, aws.stsRequests().size());
    LoggedRequest describe = aws.ecrRequests("DescribeRepositories").get(0);
    assertEquals(REGION + "/ecr", EcrFake.scope(describe));
    assertEquals(EcrFake.ACCOUNT, EcrFake.body(describe).path("registryId").asText());
    assertEquals(repository, EcrFake.body(describe).path("repositoryNames").get(0).asText());
    List<LoggedRequest> assumes = aws.server.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=AssumeRole")));
    assertEquals(1, assumes.size());
    assertTrue(assumes.get(0).getBodyAsString().contains("RoleArn=arn%3Aaws%3Aiam%3A%3A210987654321%3Arole%2Fpusher"));
    assertTrue(assumes.get(0).getBodyAsString().contains("ExternalId=h19-ext"));
    for (String op : List.of("DescribeRepositories", "GetAuthorizationToken")) {
      LoggedRequest r = aws.ecrRequests(op).get(0);
      assertEquals(op, "ASIAH19ITSESSION0001", accessKeyOf(r));
      assertEquals(op, SESSION_TOKEN, r.getHeader("X-Amz-Security-Token"));
    }
    // Pushed to the registry the login's proxyEndpoint names (the fake's loopback registry).
    assertEquals(result.digest(), new RegistryApi(host, "AWS", authPassword()).digest(repository, "v1"));
    SecretsLeft.assertNone(recording.lines(), workspace, startMillis, SECRET_KEY, SESSION_SECRET, SESSION_TOKEN,
        authPassword());
  }

  @Test
  public void aPlainRegistryThatNeedsALoginGetsItFromRegistryUserAndTheEnginesPasswordVariable() throws IOException {
    String host = LocalStack.authRegistry();
    keep(host, "v1", "latest");
    try {
      run("docker", params("repositoryUri", host + "/" + repository, "tags", List.of("v1")), Map.of());
      fail("the htpasswd registry refuses a push without a login");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("no basic auth credentials") || e.getMessage().contains("unauthorized"));
    }

    BuildAndPushResult result = run("docker", params("repositoryUri", host + "/" + repository, "tags",
        List.of("v1", "latest"), "registryUser", "AWS"),
        Map.of("DEPLOY_STEPS_REGISTRY_PASSWORD", authPassword()));

    RegistryApi registry = new RegistryApi(host, "AWS", authPassword());
    assertEquals(result.digest(), registry.digest(repository, "v1"));
    assertEquals(result.digest(), registry.digest(repository, "latest"));
    assertTrue(recording.text(), recording.text().contains("[buildAndPushEcr] logged in to " + host + " as AWS in "));
    assertEquals("no AWS call for a plain registry", 0, aws.server.getAllServeEvents().size());
    SecretsLeft.assertNone(recording.lines(), workspace, startMillis, authPassword());

    try {
      run("docker", params("repositoryUri", host + "/" + repository, "registryUser", "AWS"), Map.of());
      fail("DEPLOY_STEPS_REGISTRY_PASSWORD is unset");
    } catch (InvalidParameterException e) {
      assertEquals("registryUser", e.parameter());
    }
  }

  @Test
  public void pushFalseBuildsAndTagsOnlyThenPushOnlyPushesThatImageWithoutBuilding() throws IOException {
    String host = LocalStack.registry();
    keep(host, "rc1", "latest");
    Map<String, Object> p = params("repositoryUri", host + "/" + repository, "tags", List.of("rc1", "latest"));
    p.put("push", false);

    BuildAndPushResult built = run("docker", p, Map.of());

    assertNull(built.digest());
    assertEquals(Boolean.FALSE, built.toMap().get("pushed"));
    RegistryApi registry = new RegistryApi(host, null, null);
    assertEquals("nothing pushed", List.of(), registry.tags(repository));
    String imageId = (String) built.toMap().get("imageId");
    // The smoke test a pipeline runs between the two calls.
    var smoke = new LocalCommandRunner(recording.log()).run(Command.of("docker", "run", "--rm", "--network", "none",
        host + "/" + repository + ":rc1", "cat", "/marker").env(LocalStack.dockerEnv()).build());
    assertEquals(smoke.stderr(), "h19 " + nonce, smoke.stdout().strip());

    int linesBefore = recording.lines().size();
    Map<String, Object> q = params("repositoryUri", host + "/" + repository, "tags", List.of("rc1", "latest"),
        "pushOnly", true, "imageDefinitions", "imagedefinitions.json", "containerName", "web");
    BuildAndPushResult pushed = run("docker", q, Map.of());

    List<String> later = recording.lines().subList(linesBefore, recording.lines().size());
    assertFalse("pushOnly builds nothing: " + later, later.stream().anyMatch(l -> l.contains("build |") || l.contains("$ docker build")));
    assertEquals(imageId, pushed.toMap().get("imageId"));
    assertEquals(pushed.digest(), registry.digest(repository, "rc1"));
    assertEquals(pushed.digest(), registry.digest(repository, "latest"));
    assertTrue(Files.readString(workspace.resolve("imagedefinitions.json")).contains(host + "/" + repository + ":rc1"));

    try {
      run("docker", params("repositoryUri", host + "/" + repository, "tags", List.of("never-built"), "pushOnly", true), Map.of());
      fail("no such local image");
    } catch (InvalidParameterException e) {
      assertEquals("pushOnly", e.parameter());
    }
  }

  @Test
  public void autoUsesBuildKitWhereTheCliBuildsItInAndSaysWhichBuilderRan() {
    String host = LocalStack.registry();
    keep(host, "bk", "legacy");
    // Debian's docker 20.10 CLI has BuildKit built in; the image's docker 28 has no buildx (local-stack.md).
    BuildAndPushResult bk = run("/usr/bin/docker", params("repositoryUri", host + "/" + repository, "tags", List.of("bk"),
        "cacheTo", "inline", "noCache", true), Map.of());
    String text = recording.text();
    assertTrue(text, text.contains("[buildAndPushEcr] builder: BuildKit (DOCKER_BUILDKIT=1 docker build)"));
    assertTrue("BuildKit's plain progress: " + text, text.contains("build | #1 ") || text.contains("build | #2 "));
    assertTrue(bk.digest().startsWith("sha256:"));

    BuildAndPushResult legacy = run("/usr/local/bin/docker", params("repositoryUri", host + "/" + repository,
        "tags", List.of("legacy"), "noCache", true), Map.of());
    text = recording.text();
    assertTrue(text, text.contains("[buildAndPushEcr] builder: legacy builder (this docker has no buildx plugin"));
    assertFalse("noCache: " + text, text.substring(text.lastIndexOf("builder: legacy")).contains("Using cache"));
    assertTrue(legacy.digest().startsWith("sha256:"));

    int before = recording.lines().size();
    try {
      run("/usr/local/bin/docker", params("repositoryUri", host + "/" + repository, "builder", "buildkit"), Map.of());
      fail("no BuildKit in docker 28 without buildx");
    } catch (InvalidParameterException e) {
      assertEquals("builder", e.parameter());
    }
    assertFalse("refused before building", recording.lines().subList(before, recording.lines().size()).stream()
        .anyMatch(l -> l.contains("build |")));
  }

  private void scanAnswers(String... bodies) {
    for (int i = 0; i < bodies.length; i++) {
      var stub = post(urlEqualTo("/")).inScenario("scan").whenScenarioStateIs(i == 0 ? Scenario.STARTED : "s" + i)
          .withHeader("X-Amz-Target", equalTo(EcrFake.TARGET + "DescribeImageScanFindings"));
      if (i + 1 < bodies.length) {
        stub = stub.willSetStateTo("s" + (i + 1));
      }
      aws.server.stubFor(stub.willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "application/x-amz-json-1.1").withBody(bodies[i])));
    }
  }

  private String findings(String status, String counts) {
    return "{\"registryId\":\"" + EcrFake.ACCOUNT + "\",\"repositoryName\":\"" + repository + "\",\"imageScanStatus\":"
        + "{\"status\":\"" + status + "\"}" + (counts == null ? "" : ",\"imageScanFindings\":{\"findingSeverityCounts\":"
        + counts + ",\"findings\":[]}") + "}";
  }

  @Test
  public void theScanGateWaitsForThePushedDigestAndFailsOrMarksUnstableByThreshold() throws IOException {
    ecrRepositoryThatScansOnPush();
    String host = LocalStack.authRegistry();
    keep(host, "gate1", "gate2");
    scanAnswers(findings("IN_PROGRESS", null), findings("COMPLETE", "{\"HIGH\":2,\"LOW\":1}"));
    Map<String, Object> gate = Map.of("failOn", "CRITICAL", "unstableOn", "HIGH", "wait", "1m");

    BuildAndPushResult unstable = run("docker", params("repositoryUri", ECR_HOST + "/" + repository, "credentials", "env",
        "tags", List.of("gate1"), "scanGate", gate, "imageDefinitions", "out/unstable.json", "containerName", "web"), Map.of());

    assertEquals(ExitCodes.UNSTABLE, unstable.exitCode());
    LoggedRequest scan = aws.ecrRequests("DescribeImageScanFindings").get(0);
    assertEquals(unstable.digest(), EcrFake.body(scan).at("/imageId/imageDigest").asText());
    assertEquals(0, aws.ecrRequests("StartImageScan").size());
    assertTrue(recording.text(), recording.text().contains("scan gate: CRITICAL 0, HIGH 2, MEDIUM 0, LOW 1, INFORMATIONAL 0,"
        + " UNDEFINED 0 (failOn CRITICAL, unstableOn HIGH) after "));
    assertTrue(Files.exists(workspace.resolve("out/unstable.json")));

    aws.server.resetScenarios();
    scanAnswers(findings("COMPLETE", "{\"CRITICAL\":1}"));
    Files.writeString(workspace.resolve("app/marker"), "h19 second " + nonce + "\n");
    try {
      run("docker", params("repositoryUri", ECR_HOST + "/" + repository, "credentials", "env", "tags", List.of("gate2"),
          "scanGate", gate, "imageDefinitions", "out/failed.json", "containerName", "web"), Map.of());
      fail("a CRITICAL finding fails the gate");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("scan gate: 1 findings at CRITICAL or above in " + host + "/"
          + repository + "@sha256:"));
    }
    assertFalse("no image definitions for an image that failed its gate", Files.exists(workspace.resolve("out/failed.json")));
  }
}
