package io.deploysteps.ecr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.aws.AwsClients;
import io.deploysteps.docker.DockerCli;
import io.deploysteps.docker.ManifestTags;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.time.TimeSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesRequest;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesResponse;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenRequest;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;
import software.amazon.awssdk.services.sts.StsClient;

/** The exact commands the runner sends, with ECR and docker answered by fakes: no services. */
public class BuildAndPushRunnerTest {
  private static final String PASSWORD = "runner-test-password-3f9a";
  private static final String DIGEST = "sha256:" + "d".repeat(64);
  private final RecordingLog log = new RecordingLog();
  private final List<Command> commands = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> env = new HashMap<>(Map.of("GIT_COMMIT", "89abcdef0123456789abcdef0123456789abcdef"));
  private Path workspace;
  /** NONE unless a test puts tags through the registry API. */
  private ManifestTags manifestTags = ManifestTags.NONE;
  private String pushStderr;
  private final java.util.concurrent.atomic.AtomicInteger pushesInFlight = new java.util.concurrent.atomic.AtomicInteger();
  private final List<String> pushEvents = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<String> overlapping = java.util.Collections.synchronizedList(new ArrayList<>());
  /** How long each fake push takes: long enough in the concurrency test for overlaps to be certain. */
  private volatile long pushMillis = 5;

  private final CommandRunner runner = command -> {
    List<String> a = command.argv();
    // builder: auto asks which builders this docker has; answered as a docker 28 without buildx, not recorded.
    if (a.equals(List.of("docker", "buildx", "version"))) {
      return new CommandResult(1, "", "docker: unknown command: docker buildx\n", Duration.ZERO);
    }
    if (a.equals(List.of("docker", "--version"))) {
      return new CommandResult(0, "Docker version 28.2.2, build e6534b4\n", "", Duration.ZERO);
    }
    commands.add(command);
    String sub = a.get(a.get(1).equals("--config") ? 3 : 1);
    switch (sub) {
      case "image":
        return new CommandResult(0, "[{\"Id\":\"sha256:" + "e".repeat(64) + "\"}]", "", Duration.ZERO);
      case "push":
        pushEvents.add("start " + a.get(a.size() - 1));
        if (pushesInFlight.getAndIncrement() > 0) {
          overlapping.add(a.get(a.size() - 1));
        }
        try {
          Thread.sleep(pushMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        pushesInFlight.decrementAndGet();
        pushEvents.add("end " + a.get(a.size() - 1));
        if (pushStderr != null) {
          return new CommandResult(1, "", pushStderr, Duration.ZERO);
        }
        return new CommandResult(0, "abc: Pushed\n" + a.get(a.size() - 1).replaceAll(".*:", "") + ": digest: " + DIGEST
            + " size: 528\n", "", Duration.ZERO);
      default:
        return new CommandResult(0, "", "", Duration.ZERO);
    }
  };

  /** ECR that has the repository and hands out a token for {@code 127.0.0.1:5001}. */
  private final EcrClient ecr = new EcrClient() {
    @Override
    public DescribeRepositoriesResponse describeRepositories(DescribeRepositoriesRequest r) {
      return DescribeRepositoriesResponse.builder().build();
    }

    @Override
    public GetAuthorizationTokenResponse getAuthorizationToken(GetAuthorizationTokenRequest r) {
      return GetAuthorizationTokenResponse.builder().authorizationData(AuthorizationData.builder()
          .authorizationToken(EcrFake.token(PASSWORD)).proxyEndpoint("https://127.0.0.1:5001").build()).build();
    }

    @Override
    public String serviceName() {
      return "ecr";
    }

    @Override
    public void close() {}
  };

  @Before
  public void setUp() throws IOException {
    workspace = Files.createTempDirectory("buildandpushecr-unit");
    Files.writeString(workspace.resolve("Dockerfile"), "FROM scratch\n");
  }

  @After
  public void tearDown() {
    new LocalHostFiles().deleteRecursively(workspace.toString());
  }

  private BuildAndPushResult run(Map<String, Object> params) {
    var stepLog = log.log().forStep("buildAndPushEcr");
    AwsClients aws = new AwsClients() {
      @Override
      public EcrClient ecr(String region) {
        return ecr;
      }

      @Override
      public StsClient sts(String region) {
        throw new AssertionError("accountId is given: no STS call");
      }

      @Override
      public io.deploysteps.aws.AwsJsonService ecs(String region) {
        throw new AssertionError("buildAndPushEcr calls no ECS");
      }

      @Override
      public io.deploysteps.aws.AwsJsonService codeDeploy(String region) {
        throw new AssertionError("buildAndPushEcr calls no CodeDeploy");
      }
    };
    StepContext ctx = StepContext.builder(runner, new LocalHostFiles(), stepLog, env, workspace.toString(),
        new DockerCli(runner, "docker", Map.of())).time(TimeSource.system()).aws(spec -> aws).manifestTags(manifestTags)
        .build();
    return new BuildAndPushRunner(ctx, 2, Duration.ofMillis(1)).run(BuildAndPushRequest.fromMap(params));
  }

  private static Map<String, Object> params() {
    return new HashMap<>(Map.of("repository", "team/app", "region", "eu-west-3", "accountId", "123456789012",
        "buildArgs", Map.of("NPM_TOKEN", "build-arg-value")));
  }

  @Test
  public void logsInOnStdinIntoATemporaryConfigBuildsOnceAndPushesEveryTag() {
    BuildAndPushResult result = run(params());

    Command login = commands.get(0);
    String configDir = login.argv().get(2);
    assertEquals(List.of("docker", "--config", configDir, "login", "--username", "AWS", "--password-stdin",
        "127.0.0.1:5001"), login.argv());
    assertEquals(PASSWORD, new String(login.stdin(), StandardCharsets.UTF_8));
    assertFalse("the temporary DOCKER_CONFIG is deleted", Files.exists(Path.of(configDir)));

    Command build = commands.get(1);
    assertEquals(List.of("docker", "--config", configDir, "build", "--file", workspace.resolve("Dockerfile").toString(),
        "--tag", "127.0.0.1:5001/team/app:89abcde", "--tag", "127.0.0.1:5001/team/app:latest",
        "--build-arg", "NPM_TOKEN", "--label", BuildAndPushRunner.REVISION_LABEL + "=89abcdef0123456789abcdef0123456789abcdef",
        workspace.toString()), build.argv());
    assertEquals("build-arg-value", build.env().get("NPM_TOKEN"));

    List<List<String>> pushes = new ArrayList<>();
    commands.stream().filter(c -> c.argv().contains("push")).forEach(c -> pushes.add(c.argv()));
    // The first tag alone uploads the layers, then the others.
    assertEquals(List.of(
        List.of("docker", "--config", configDir, "push", "127.0.0.1:5001/team/app:89abcde"),
        List.of("docker", "--config", configDir, "push", "127.0.0.1:5001/team/app:latest")), pushes);
    assertEquals(1, result.layersPushed());
    assertEquals(DIGEST, result.digest());
    assertEquals("127.0.0.1:5001/team/app:89abcde", result.imageUri());

    String token = EcrFake.token(PASSWORD);
    for (Command c : commands) {
      assertFalse(c.display(), String.join(" ", c.argv()).contains(PASSWORD) || String.join(" ", c.argv()).contains(token));
    }
    assertTrue(log.log().secrets().containsAll(List.of(PASSWORD, token)));
  }

  /** What a registry API tagger was asked, as "host repository digest tag user password". */
  private final List<String> apiTags = java.util.Collections.synchronizedList(new ArrayList<>());

  private ManifestTags taggerThat(String declines) {
    return new ManifestTags() {
      @Override
      public boolean available() {
        return true;
      }

      @Override
      public void tag(String host, String repository, String digest, String tag, String user, String password)
          throws Declined {
        apiTags.add(String.join(" ", host, repository, digest, tag, user, password));
        if (tag.equals(declines)) {
          throw new Declined("PUT of the tag answered HTTP 401, auth bearer");
        }
      }
    };
  }

  @Test
  public void putsTheLaterTagsThroughTheRegistryApiWithDockersLoginAndPushesOnlyTheFirst() {
    manifestTags = taggerThat(null);
    Map<String, Object> params = params();
    params.put("tags", List.of("v1", "stable", "latest"));

    BuildAndPushResult result = run(params);

    List<String> pushed = new ArrayList<>();
    commands.stream().filter(c -> c.argv().contains("push")).forEach(c -> pushed.add(c.argv().get(c.argv().size() - 1)));
    assertEquals(List.of("127.0.0.1:5001/team/app:v1"), pushed);
    assertEquals(List.of("127.0.0.1:5001 team/app " + DIGEST + " latest AWS " + PASSWORD,
        "127.0.0.1:5001 team/app " + DIGEST + " stable AWS " + PASSWORD), apiTags.stream().sorted().toList());
    assertEquals(DIGEST, result.digest());
    assertEquals(1, result.layersPushed());
    assertTrue(log.lines().toString(), log.lines().stream().anyMatch(l -> l.contains(
        "tagged 127.0.0.1:5001/team/app:stable in ") && l.endsWith("the pushed manifest put under the tag (registry API)")));
    assertFalse("the password is masked", log.lines().toString().contains(PASSWORD));
  }

  @Test
  public void aTagTheRegistryApiDeclinesIsPushedWithDockerAndSaysWhy() {
    manifestTags = taggerThat("latest");

    BuildAndPushResult result = run(params());

    List<String> pushed = new ArrayList<>();
    commands.stream().filter(c -> c.argv().contains("push")).forEach(c -> pushed.add(c.argv().get(c.argv().size() - 1)));
    assertEquals(List.of("127.0.0.1:5001/team/app:89abcde", "127.0.0.1:5001/team/app:latest"), pushed);
    assertEquals(1, apiTags.size());
    assertEquals(DIGEST, result.digest());
    assertTrue(log.lines().toString(), log.lines().contains("[buildAndPushEcr] tag latest: not through the registry API"
        + " (PUT of the tag answered HTTP 401, auth bearer), pushing it with docker"));
  }

  @Test
  public void pushesTheFirstTagAloneThenTheOthersTogether() {
    Map<String, Object> params = params();
    params.put("tags", List.of("v1", "v1.2", "stable", "latest"));
    pushMillis = 150;

    BuildAndPushResult result = run(params);

    assertEquals(8, pushEvents.size());
    assertEquals(List.of("start 127.0.0.1:5001/team/app:v1", "end 127.0.0.1:5001/team/app:v1"), pushEvents.subList(0, 2));
    assertFalse("the later tags ran together: " + pushEvents, overlapping.isEmpty());
    assertEquals(DIGEST, result.digest());
  }

  @Test
  public void deletesTheTemporaryConfigWhenThePushFails() {
    pushStderr = "denied: not allowed";
    try {
      run(params());
      fail("expected failure");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("push of 127.0.0.1:5001/team/app:89abcde failed: denied"));
    }
    assertFalse(Files.exists(Path.of(commands.get(0).argv().get(2))));
  }

  @Test
  public void aMissingDockerfileIsBadInputAndNothingRuns() {
    Map<String, Object> p = params();
    p.put("dockerfile", "docker/Dockerfile.prod");
    try {
      run(p);
      fail("expected failure");
    } catch (InvalidParameterException e) {
      assertEquals("dockerfile", e.parameter());
      assertTrue(e.getMessage(), e.getMessage().contains(workspace.resolve("docker/Dockerfile.prod").toString()));
    }
    assertEquals(List.of(), commands);
  }

  @Test
  public void withoutTagsOrRevisionTheTagsAreBadInput() {
    env.remove("GIT_COMMIT");
    try {
      run(params());
      fail("expected failure");
    } catch (InvalidParameterException e) {
      assertEquals("tags", e.parameter());
    }
    assertEquals(1, commands.size());
    assertEquals(List.of("git", "rev-parse", "HEAD"), commands.get(0).argv());
    assertEquals(workspace.toString(), commands.get(0).workDir());
  }
}
