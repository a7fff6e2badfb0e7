package io.deploysteps.docker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.testing.ScriptedRunner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class DockerCliTest {
  private final ScriptedRunner runner = new ScriptedRunner();
  private final DockerCli docker = new DockerCli(runner, "docker", Map.of("DOCKER_HOST", "unix:///tmp/x.sock"));

  @Test
  public void runPassesEnvInAPrivateEnvFileRemovedRightAfterSoNoKeyCanSteerDocker() {
    runner.answer(0, "/tmp/deploy-steps-env.AbC123\n", "").answer(0, "", "").answer(0, "abc123\n", "");
    String id = docker.run(RunSpec.image("127.0.0.1:5000/api:v2").name("api-4000").network("host")
        .env("PORT", "4000").env("DB_PASSWORD", "pw-secret").env("DOCKER_HOST", "tcp://evil:2375")
        .env("DOCKER_CONFIG", "/evil").env("DOCKER_API_VERSION", "1.12").env("DOCKER_CERT_PATH", "/evil")
        .env("PATH", "/evil").label("io.deploysteps.service", "api").stopTimeout(Duration.ofSeconds(15)).build());
    assertEquals("abc123", id);
    assertEquals(List.of("mktemp", "-d", "-t", "deploy-steps-env.XXXXXXXXXX"), runner.argv(0));
    assertEquals(List.of("dd", "of=/tmp/deploy-steps-env.AbC123/env"), runner.argv(1));
    assertEquals("PORT=4000\nDB_PASSWORD=pw-secret\nDOCKER_HOST=tcp://evil:2375\nDOCKER_CONFIG=/evil\n"
        + "DOCKER_API_VERSION=1.12\nDOCKER_CERT_PATH=/evil\nPATH=/evil\n",
        new String(runner.commands().get(1).stdin(), StandardCharsets.UTF_8));
    assertEquals(List.of("docker", "run", "--detach", "--name", "api-4000", "--network", "host", "--init",
        "--env-file", "/tmp/deploy-steps-env.AbC123/env", "--label", "io.deploysteps.service=api",
        "--stop-timeout", "15", "127.0.0.1:5000/api:v2"), runner.argv(2));
    // docker's own environment is the build's, whatever keys the container gets.
    assertEquals(Map.of("DOCKER_HOST", "unix:///tmp/x.sock"), runner.commands().get(2).env());
    assertEquals(List.of("rm", "-rf", "/tmp/deploy-steps-env.AbC123"), runner.argv(3));
    runner.commands().forEach(c -> assertFalse(c.display(), String.join(" ", c.argv()).contains("pw-secret")));
  }

  @Test
  public void aValueWithALineBreakIsRefusedBeforeAnythingIsWritten() {
    try {
      docker.run(RunSpec.image("x:1").env("PEM", "a\nb").build());
      fail("expected a refusal");
    } catch (io.deploysteps.engine.InvalidParameterException e) {
      assertEquals("env", e.parameter());
      assertFalse(e.getMessage().contains("a\nb"));
    }
    assertEquals(List.of(), runner.commands());
  }

  @Test
  public void loginSendsThePasswordOnStdinIntoTheGivenConfigDir() {
    docker.withConfigDir("/tmp/cfg").login("127.0.0.1:5001", "AWS", "tok3n");
    assertEquals(List.of("docker", "--config", "/tmp/cfg", "login", "--username", "AWS", "--password-stdin",
        "127.0.0.1:5001"), runner.argv(0));
    assertEquals("tok3n", new String(runner.commands().get(0).stdin(), StandardCharsets.UTF_8));
    assertEquals(List.of("tok3n"), runner.commands().get(0).secrets());
  }

  @Test
  public void buildArgsGoByNameWithValuesInTheEnvironment() {
    runner.answer(0, "Successfully built 0123abcd\n", "")
        .answer(0, "[{\"Id\":\"sha256:0123abcd99\",\"RepoTags\":[\"x:1\"]}]", "");
    String id = docker.build(BuildSpec.context("/ws").dockerfile("/ws/Dockerfile").tag("x:1").tag("x:latest")
        .buildArg("NPM_TOKEN", "npm-secret").label("org.opencontainers.image.revision", "abc").cacheFrom("x:latest")
        .pull(true).build(), line -> { });
    assertEquals("sha256:0123abcd99", id);
    assertEquals(List.of("docker", "build", "--file", "/ws/Dockerfile", "--tag", "x:1", "--tag", "x:latest",
        "--build-arg", "NPM_TOKEN", "--label", "org.opencontainers.image.revision=abc", "--cache-from", "x:latest",
        "--pull", "/ws"), runner.argv(0));
    assertEquals("npm-secret", runner.commands().get(0).env().get("NPM_TOKEN"));
    assertEquals(List.of("docker", "image", "inspect", "x:1"), runner.argv(1));
  }

  @Test
  public void withTheEngineApiForImagesABuildReadsItsIdFromItAndStartsOnlyDockerBuild() {
    runner.answer(0, "Successfully built 0123abcd\n", "");
    List<String> asked = new java.util.ArrayList<>();
    DockerImages api = new DockerImages() {
      @Override
      public java.util.Optional<ImageInfo> inspectImage(String image) {
        asked.add(image);
        return java.util.Optional.of(ImageInfo.fromInspect(io.deploysteps.engine.Json.read(
            "{\"Id\":\"sha256:0123abcd99\",\"RepoTags\":[\"x:1\"]}")));
      }

      @Override public List<ImageInfo> listImages(List<String> filters) { throw new AssertionError(); }
      @Override public List<ImageInfo> listImagesForPrune() { throw new AssertionError(); }
      @Override public java.util.Set<String> imageIds() { throw new AssertionError(); }
      @Override public void tag(String source, String target) { throw new AssertionError(); }
      @Override public boolean removeImage(String image, boolean force) { throw new AssertionError(); }
      @Override public Removal removeImages(List<String> references) { throw new AssertionError(); }
    };

    String id = docker.withIdLookup(api).withConfigDir("/tmp/cfg", Map.of())
        .build(BuildSpec.context("/ws").tag("x:1").tag("x:latest").build(), line -> { });

    assertEquals("sha256:0123abcd99", id);
    assertEquals(List.of("x:1"), asked);
    assertEquals(1, runner.commands().size());
    assertEquals(List.of("docker", "--config", "/tmp/cfg", "build", "--tag", "x:1", "--tag", "x:latest", "/ws"),
        runner.argv(0));
  }

  @Test
  public void pushReadsTheDigestAndCountsLayers() {
    String out = "The push refers to repository [127.0.0.1:5000/demo]\n"
        + "5f70bf18a086: Layer already exists\n"
        + "a1b2c3d4e5f6: Pushed\n"
        + "v1: digest: sha256:" + "b".repeat(64) + " size: 735\n";
    runner.answer(0, out, "");
    PushResult r = docker.push("127.0.0.1:5000/demo:v1", line -> { });
    assertEquals("sha256:" + "b".repeat(64), r.digest());
    assertEquals(1, r.layersPushed());
    assertEquals(1, r.layersExisting());
  }

  @Test
  public void failureCarriesTheCommandAndStderr() {
    runner.answer(1, "", "Error response from daemon: conflict: unable to remove repository reference\n");
    try {
      docker.tag("a", "b");
      fail();
    } catch (DockerException e) {
      assertEquals("docker tag a b failed (exit 1): Error response from daemon: conflict: unable to remove"
          + " repository reference", e.getMessage());
      assertEquals("docker tag a b", e.commandLine());
    }
  }

  @Test
  public void daemonDownNamesDockerHost() {
    runner.answer(1, "", "Cannot connect to the Docker daemon at unix:///tmp/x.sock. Is the docker daemon running?\n");
    try {
      docker.serverVersion();
      fail();
    } catch (DockerUnavailableException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("cannot reach the Docker daemon at DOCKER_HOST=unix:///tmp/x.sock"));
    }
  }

  @Test
  public void missingObjectsAreEmptyNotErrors() {
    runner.answer(1, "[]\n", "Error: No such container: nope\n");
    assertFalse(docker.inspectContainer("nope").isPresent());
    runner.answer(1, "", "Error response from daemon: No such container: nope\n");
    docker.removeContainer("nope", true);
    assertEquals(List.of("docker", "rm", "--force", "nope"), runner.argv(1));
  }

  @Test
  public void pullTellsAMissFromAFailure() {
    runner.answer(1, "", "Error response from daemon: manifest for x:latest not found: manifest unknown\n");
    assertFalse(docker.pull("x:latest"));
    runner.answer(1, "", "Error response from daemon: Get \"http://r/v2/\": dial tcp: i/o timeout\n");
    try {
      docker.pull("x:latest");
      fail();
    } catch (DockerException e) {
      assertTrue(e.getMessage().contains("i/o timeout"));
    }
  }
}
