package io.deploysteps.docker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.deploysteps.exec.CommandResult;
import io.deploysteps.testing.ScriptedRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Which builder docker build runs with, and the argv of each (the real BuildKit build is in BuildAndPushEcrIT). */
public class ImageBuilderTest {
  private final ScriptedRunner runner = new ScriptedRunner();
  private final DockerCli docker = new DockerCli(runner, "docker", Map.of());
  private static final String INSPECT = "[{\"Id\":\"sha256:0123abcd99\",\"RepoTags\":[\"x:1\"]}]";

  /** A docker that answers {@code buildx version} and {@code --version} as given, whichever comes first. */
  private static DockerCli cli(int buildxExit, String versionLine, List<List<String>> seen) {
    return new DockerCli(c -> {
      synchronized (seen) {
        seen.add(c.argv());
      }
      return c.argv().contains("buildx")
          ? new CommandResult(buildxExit, buildxExit == 0 ? "github.com/docker/buildx v0.12.1 30feaa1\n" : "",
              buildxExit == 0 ? "" : "docker: unknown command: docker buildx\n", Duration.ZERO)
          : new CommandResult(0, versionLine + "\n", "", Duration.ZERO);
    }, "docker", Map.of());
  }

  @Test
  public void buildxWhenItAnswersElseBuildKitInACliBefore23ElseLegacy() {
    List<List<String>> seen = new ArrayList<>();
    assertEquals(ImageBuilder.BUILDX, cli(0, "Docker version 26.1.5, build a72d7cd", seen).availableBuilder());
    assertEquals(Set.of(List.of("docker", "buildx", "version"), List.of("docker", "--version")), Set.copyOf(seen));
    assertEquals(ImageBuilder.BUILDKIT, cli(1, "Docker version 20.10.24+dfsg1, build 297e128", seen).availableBuilder());
    assertEquals(ImageBuilder.LEGACY, cli(1, "Docker version 28.2.2, build e6534b4", seen).availableBuilder());

    assertTrue(DockerCli.clientBuildsBuildKitIn("Docker version 19.03.15, build 99e3ed8"));
    assertFalse(DockerCli.clientBuildsBuildKitIn("Docker version 23.0.0, build e92dd87"));
    assertFalse(DockerCli.clientBuildsBuildKitIn("podman version 4.3.1"));
  }

  @Test
  public void buildxBuildLoadsTheImageAndExportsTheRegistryCache() {
    runner.answer(0, "", "#1 [internal] load build definition from Dockerfile\n").answer(0, INSPECT, "");
    String id = docker.build(BuildSpec.context("/ws").tag("x:1").builder(ImageBuilder.BUILDX).cacheFrom("r/x:cache")
        .cacheTo("r/x:cache").noCache(true).build(), line -> { });
    assertEquals("sha256:0123abcd99", id);
    assertEquals(List.of("docker", "buildx", "build", "--load", "--progress", "plain", "--cache-to",
        "type=registry,ref=r/x:cache,mode=max", "--tag", "x:1", "--cache-from", "r/x:cache", "--no-cache", "/ws"), runner.argv(0));
    assertNull("buildx picks BuildKit itself", runner.commands().get(0).env().get("DOCKER_BUILDKIT"));
  }

  @Test
  public void builtInBuildKitIsAskedForByVariableAndTheLegacyBuilderToo() {
    runner.answer(0, "", "").answer(0, INSPECT, "").answer(0, "Successfully built 0123abcd\n", "").answer(0, INSPECT, "");
    docker.build(BuildSpec.context("/ws").tag("x:1").builder(ImageBuilder.BUILDKIT).cacheTo("inline").pull(true).build(), l -> { });
    assertEquals(List.of("docker", "build", "--progress", "plain", "--build-arg", "BUILDKIT_INLINE_CACHE=1", "--tag", "x:1",
        "--pull", "/ws"), runner.argv(0));
    assertEquals("1", runner.commands().get(0).env().get("DOCKER_BUILDKIT"));

    docker.build(BuildSpec.context("/ws").tag("x:1").build(), l -> { });
    assertEquals(List.of("docker", "build", "--tag", "x:1", "/ws"), runner.argv(2));
    assertEquals("0", runner.commands().get(2).env().get("DOCKER_BUILDKIT"));
  }
}
