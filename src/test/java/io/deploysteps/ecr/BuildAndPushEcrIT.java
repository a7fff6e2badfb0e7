package io.deploysteps.ecr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerCli;
import io.deploysteps.docker.ImageInfo;
import io.deploysteps.engine.Json;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.testing.LocalStack;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.time.TimeSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** buildAndPushEcr against the local stack: ECR/STS faked with WireMock, real login, build and push. */
public class BuildAndPushEcrIT {
  private static final String REGION = "eu-west-3";
  private static final String SECRET_KEY = "it-ecr-fake-secret-" + UUID.randomUUID();
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  private final String nonce = UUID.randomUUID().toString().substring(0, 8);
  private final String repository = "it-buildandpushecr/app-" + nonce;
  private final RecordingLog recording = new RecordingLog();
  private final List<String> pushedRefs = new ArrayList<>();
  private EcrFake aws;
  private Path workspace;
  private Docker docker;
  private long startMillis;

  @Before
  public void setUp() throws IOException {
    startMillis = System.currentTimeMillis() - 1000;
    aws = new EcrFake().start();
    workspace = Files.createTempDirectory("it-buildandpushecr-ws");
    docker = new DockerCli(new LocalCommandRunner(recording.log()), "docker", LocalStack.dockerEnv());
    Path app = Files.createDirectories(workspace.resolve("app"));
    Files.copy(Paths.get(LocalStack.busybox()), app.resolve("busybox"));
    // A layer of its own per test, so the push really uploads something.
    Files.writeString(app.resolve("marker"), "it-buildandpushecr " + nonce + "\n");
    Files.writeString(app.resolve("Dockerfile"),
        "FROM scratch\nCOPY busybox /bin/busybox\nCOPY marker /marker\nENTRYPOINT [\"/bin/busybox\"]\n");
  }

  @After
  public void tearDown() throws IOException {
    aws.stop();
    pushedRefs.forEach(ref -> docker.removeImage(ref, true));
    new RegistryApi(LocalStack.registry(), null, null).deleteAll(repository);
    new RegistryApi(LocalStack.authRegistry(), "AWS", authPassword()).deleteAll(repository);
    new LocalHostFiles().deleteRecursively(workspace.toString());
  }

  private static String authPassword() {
    return LocalStack.get("DEPLOY_STEPS_AUTH_REGISTRY_PASSWORD");
  }

  private StepContext context(Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>(LocalStack.dockerEnv());
    env.put("AWS_ENDPOINT_URL", aws.url());
    env.put("AWS_ACCESS_KEY_ID", "AKIAITECRFAKEKEY0001");
    env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    env.put("GIT_COMMIT", COMMIT);
    env.putAll(extraEnv);
    var log = recording.log().forStep("buildAndPushEcr");
    return new StepContext(new LocalCommandRunner(log), new LocalHostFiles(), log, TimeSource.system(), env,
        workspace.toString(), docker, spec -> new SdkAwsClients(spec, env, log));
  }

  private Map<String, Object> ecrParams() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("repository", repository);
    p.put("region", REGION);
    p.put("credentials", "env");
    p.put("context", "app");
    return p;
  }

  private BuildAndPushResult run(Map<String, Object> params, Map<String, String> env) {
    return new BuildAndPushRunner(context(env)).run(BuildAndPushRequest.fromMap(params));
  }

  @Test
  public void createsTheRepositoryLogsInWithTheTokenAndPushesEveryTagWithOneDigest() throws IOException {
    aws.callerIdentity();
    aws.repositoryMissing();
    aws.repositoryCreated(repository, REGION);
    aws.authorizationToken(authPassword(), "http://" + LocalStack.authRegistry());
    Map<String, Object> params = ecrParams();
    params.put("imageDefinitions", "out/imagedefinitions.json");
    params.put("containerName", "web");
    params.put("imageDetail", "out/imageDetail.json");
    params.put("imageTagMutability", "IMMUTABLE");
    String host = LocalStack.authRegistry();
    pushedRefs.add(host + "/" + repository + ":0123456");
    pushedRefs.add(host + "/" + repository + ":latest");

    BuildAndPushResult result = run(params, Map.of("BUILD_URL", "http://127.0.0.1:8081/job/app/42/"));

    // What the SDK sent: the right operations, signed for the region, with the repository settings.
    List<LoggedRequest> sts = aws.stsRequests();
    assertEquals(1, sts.size());
    assertEquals(REGION + "/sts", EcrFake.scope(sts.get(0)));
    LoggedRequest describe = aws.ecrRequests("DescribeRepositories").get(0);
    assertEquals(REGION + "/ecr", EcrFake.scope(describe));
    assertEquals("application/x-amz-json-1.1", describe.getHeader("Content-Type"));
    assertEquals(repository, EcrFake.body(describe).path("repositoryNames").get(0).asText());
    assertEquals(EcrFake.ACCOUNT, EcrFake.body(describe).path("registryId").asText());
    JsonNode create = EcrFake.body(aws.ecrRequests("CreateRepository").get(0));
    assertEquals(repository, create.path("repositoryName").asText());
    assertEquals(EcrFake.ACCOUNT, create.path("registryId").asText());
    assertEquals("IMMUTABLE", create.path("imageTagMutability").asText());
    assertTrue(create.path("imageScanningConfiguration").path("scanOnPush").asBoolean());
    assertEquals("AES256", create.path("encryptionConfiguration").path("encryptionType").asText());
    assertEquals(1, aws.ecrRequests("GetAuthorizationToken").size());

    // The registry (the proxyEndpoint) holds every tag with the pushed digest.
    RegistryApi registry = new RegistryApi(host, "AWS", authPassword());
    assertEquals(List.of("0123456", "latest"), sorted(registry.tags(repository)));
    assertNotNull(result.digest());
    assertEquals(result.digest(), registry.digest(repository, "0123456"));
    assertEquals(result.digest(), registry.digest(repository, "latest"));
    assertEquals(host, result.registry());
    assertTrue(result.layersPushed() >= 1);
    Map<String, Object> map = result.toMap();
    assertEquals(host + "/" + repository + "@" + result.digest(), map.get("imageUriByDigest"));
    assertEquals(Map.of("0123456", host + "/" + repository + ":0123456", "latest", host + "/" + repository + ":latest"),
        map.get("imageUriByTag"));
    assertEquals(Boolean.TRUE, map.get("repositoryCreated"));

    // The files, exactly in the documented shapes.
    JsonNode defs = Json.read(Files.readString(workspace.resolve("out/imagedefinitions.json")));
    assertEquals(Json.read("[{\"name\":\"web\",\"imageUri\":\"" + host + "/" + repository + ":0123456\"}]"), defs);
    JsonNode detail = Json.read(Files.readString(workspace.resolve("out/imageDetail.json")));
    assertEquals(Json.read("{\"ImageURI\":\"" + host + "/" + repository + "@" + result.digest() + "\"}"), detail);

    // Labels: the revision and the build.
    ImageInfo image = docker.inspectImage(host + "/" + repository + ":latest").orElseThrow();
    assertEquals(COMMIT, image.labels().get(BuildAndPushRunner.REVISION_LABEL));
    assertEquals("http://127.0.0.1:8081/job/app/42/", image.labels().get(BuildAndPushRunner.BUILD_URL_LABEL));

    // Progress lines and one line per phase.
    String text = recording.text();
    assertTrue(text, text.contains("[buildAndPushEcr] build | Step 1/") && text.contains(" : FROM scratch"));
    assertTrue(text, text.contains("[buildAndPushEcr] logged in to " + host));
    assertTrue(text, text.contains("[buildAndPushEcr] pushed " + host + "/" + repository + ":latest in "));

    assertNoSecretLeft(authPassword(), EcrFake.token(authPassword()), SECRET_KEY);
  }

  @Test
  public void plainRegistryMakesNoAwsCallAndTagsShareOneDigest() throws IOException {
    String host = LocalStack.registry();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("repository", repository);
    params.put("registry", host);
    params.put("context", "app");
    params.put("tags", List.of("v1.2.3", "stable", "latest"));
    params.put("imageDefinitions", "imagedefinitions.json");
    params.put("containerName", "web");
    params.put("cacheFrom", true);
    List.of("v1.2.3", "stable", "latest").forEach(t -> pushedRefs.add(host + "/" + repository + ":" + t));

    BuildAndPushResult result = run(params, Map.of());

    assertEquals(0, aws.server.getAllServeEvents().size());
    RegistryApi registry = new RegistryApi(host, null, null);
    assertEquals(List.of("latest", "stable", "v1.2.3"), sorted(registry.tags(repository)));
    for (String tag : List.of("v1.2.3", "stable", "latest")) {
      assertEquals(tag, result.digest(), registry.digest(repository, tag));
    }
    assertEquals(Json.read("[{\"name\":\"web\",\"imageUri\":\"" + host + "/" + repository + ":v1.2.3\"}]"),
        Json.read(Files.readString(workspace.resolve("imagedefinitions.json"))));
    assertTrue(recording.text(), recording.text().contains("cache: no " + host + "/" + repository + ":latest yet"));

    // The same image again: the registry has every layer, nothing is uploaded.
    BuildAndPushResult again = run(params, Map.of());
    assertEquals(result.digest(), again.digest());
    assertEquals(0, again.layersPushed());
    assertTrue(recording.text(), recording.text().contains("cache: pulled " + host + "/" + repository + ":latest"));
  }

  @Test
  public void accessDeniedIsOneClearLineAndNothingIsBuilt() {
    aws.error("DescribeRepositories", "AccessDeniedException", "User: arn:aws:iam::123456789012:user/ci is not"
        + " authorized to perform: ecr:DescribeRepositories on resource: " + repository);
    Map<String, Object> params = ecrParams();
    params.put("accountId", EcrFake.ACCOUNT);
    params.put("tags", "denied");
    pushedRefs.add(LocalStack.authRegistry() + "/" + repository + ":denied");
    try {
      run(params, Map.of());
      fail("expected a failure");
    } catch (StepFailedException e) {
      assertEquals("ECR DescribeRepositories failed: AccessDeniedException: User: arn:aws:iam::123456789012:user/ci"
          + " is not authorized to perform: ecr:DescribeRepositories on resource: " + repository + " (HTTP 400)",
          e.getMessage());
    }
    assertEquals(0, aws.stsRequests().size());
    assertFalse(recording.text().contains("build |"));
  }

  @Test
  public void missingRepositoryWithCreateRepositoryFalseIsOneClearLine() {
    aws.callerIdentity();
    aws.repositoryMissing();
    Map<String, Object> params = ecrParams();
    params.put("createRepository", false);
    try {
      run(params, Map.of());
      fail("expected a failure");
    } catch (StepFailedException e) {
      assertEquals("ECR repository " + repository + " does not exist in account " + EcrFake.ACCOUNT + " (" + REGION
          + ") and createRepository is false", e.getMessage());
    }
    assertEquals(0, aws.ecrRequests("CreateRepository").size());
    assertEquals(0, aws.ecrRequests("GetAuthorizationToken").size());
    assertFalse(recording.text().contains("build |"));
  }

  private static List<String> sorted(List<String> in) {
    List<String> out = new ArrayList<>(in);
    out.sort(null);
    return out;
  }

  /** No log line and no file under the workspace, the temp root or ~/.docker holds a secret. */
  private void assertNoSecretLeft(String... secrets) throws IOException {
    SecretsLeft.assertNone(recording.lines(), workspace, startMillis, secrets);
  }
}
