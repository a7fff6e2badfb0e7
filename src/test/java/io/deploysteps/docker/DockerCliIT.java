package io.deploysteps.docker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.testing.LocalStack;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.testing.TestImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Test;

/** DockerCli against the local stack's real dockerd. */
public class DockerCliIT {
  private static final String TAG = "it-seams/busybox:v1";
  private static final String NAME = "it-seams-3050";
  private final RecordingLog recording = new RecordingLog();
  private final DockerCli docker = new DockerCli(new LocalCommandRunner(recording.log()), "docker", LocalStack.dockerEnv());

  @After
  public void cleanUp() {
    docker.removeContainer(NAME, true);
    docker.removeImage(TAG, true);
  }

  @Test
  public void buildsRunsInspectsListsStopsAndRemovesARealContainer() throws Exception {
    assertFalse(docker.serverVersion().isBlank());
    String imageId = TestImage.tagged(TAG).label("io.deploysteps.test", "seams").build(docker);
    assertTrue(imageId.startsWith("sha256:"));
    ImageInfo image = docker.inspectImage(TAG).orElseThrow();
    assertEquals(imageId, image.id());
    assertEquals(List.of(TAG), image.repoTags());
    assertEquals("seams", image.labels().get("io.deploysteps.test"));
    assertNotNull(image.created());

    String id = docker.run(RunSpec.image(TAG).name(NAME).network("host").env("PORT", "3050")
        .label(DeployLabels.SERVICE, "it-seams").build());
    ContainerInfo c = docker.inspectContainer(NAME).orElseThrow();
    assertEquals(id, c.id());
    assertTrue(c.running());
    assertEquals("it-seams", c.labels().get(DeployLabels.SERVICE));
    assertEquals(TAG, c.image());
    assertEquals(imageId, c.imageId());

    assertEquals("hello from " + TAG + "\n", getUntilUp("http://127.0.0.1:3050/"));

    List<ContainerInfo> listed = docker.listContainers(List.of("label=" + DeployLabels.SERVICE + "=it-seams"));
    assertEquals(1, listed.size());
    assertEquals(NAME, listed.get(0).name());
    assertTrue(docker.listImages(List.of("reference=it-seams/busybox")).stream().anyMatch(i -> i.id().equals(imageId)));
    assertTrue(docker.logs(NAME, 5).contains("listening on 127.0.0.1:3050"));
    assertEquals("ok\n", docker.exec(NAME, List.of("busybox", "cat", "/www/health")).stdout());

    long t0 = System.nanoTime();
    docker.stop(NAME, Duration.ofSeconds(10));
    assertTrue("--init makes SIGTERM stop it promptly", Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 5);
    assertFalse(docker.inspectContainer(NAME).orElseThrow().running());

    assertFalse("in use by a container", docker.removeImage(TAG, false));
    docker.removeContainer(NAME, false);
    assertFalse(docker.inspectContainer(NAME).isPresent());
    assertTrue(docker.removeImage(TAG, false));
    assertFalse(docker.inspectImage(TAG).isPresent());
  }

  @Test
  public void aDaemonThatIsNotRunningIsOneClearLineWithinTenSeconds() {
    Docker down = new DockerCli(new LocalCommandRunner(recording.log()), "docker",
        Map.of("DOCKER_HOST", "unix:///tmp/deploy-steps-no-such-daemon.sock"));
    long t0 = System.nanoTime();
    try {
      down.serverVersion();
      fail("expected DockerUnavailableException");
    } catch (DockerUnavailableException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith(
          "cannot reach the Docker daemon at DOCKER_HOST=unix:///tmp/deploy-steps-no-such-daemon.sock: "));
      assertFalse(e.getMessage().contains("\n"));
    }
    assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 10);
  }

  private static String getUntilUp(String url) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    for (int i = 0; i < 100; i++) {
      try {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
      } catch (java.io.IOException e) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("no answer from " + url);
  }
}
