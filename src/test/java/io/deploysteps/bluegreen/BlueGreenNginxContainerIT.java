package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.deploysteps.docker.Docker;
import io.deploysteps.testing.LocalStack;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.testing.TestImage;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * nginx running in a container: the test and reload commands are {@code docker exec NGINX nginx ...}
 * argv lists. The image is the host's own nginx ({@link HostNginxImage}); the config directory is
 * bind-mounted at the same path, so the include the engine renames on the host is the one nginx reads.
 */
public class BlueGreenNginxContainerIT {
  private static final String NAME = "it-bg-ctr";
  private static final String NGINX_IMAGE = "it-bg-ctr-nginx:1";
  private static final String NGINX_CONTAINER = "it-bg-ctr-nginx";
  private static final int BLUE = 3121;
  private static final int GREEN = 3122;
  private static final String V1 = "it-bg-ctr:v1";
  private static final String V2 = "it-bg-ctr:v2";
  private static Docker docker;
  private static TestNginx nginx;

  @BeforeClass
  public static void setUp() throws Exception {
    docker = ItSupport.docker();
    ItSupport.removeAll(docker, NAME + "-");
    TestImage.tagged(V1).build(docker);
    TestImage.tagged(V2).build(docker);
    HostNginxImage.build(docker, NGINX_IMAGE);
    nginx = new TestNginx(Files.createTempDirectory("it-bg-ctr"), 18104, BLUE);
    List<String> run = new ArrayList<>(List.of("docker", "run", "--detach", "--name", NGINX_CONTAINER, "--network", "host",
        "--volume", nginx.dir + ":" + nginx.dir, NGINX_IMAGE, "/usr/sbin/nginx"));
    run.addAll(nginx.args("-g", "daemon off;"));
    TestNginx.run(withDockerHost(run));
    nginx.awaitListening();
  }

  private static List<String> withDockerHost(List<String> argv) {
    List<String> a = new ArrayList<>(List.of("env", "DOCKER_HOST=" + LocalStack.dockerHost()));
    a.addAll(argv);
    return a;
  }

  @AfterClass
  public static void tearDown() throws Exception {
    ItSupport.removeAll(docker, NAME + "-");
    docker.removeContainer(NGINX_CONTAINER, true);
    if (nginx != null) {
      ItSupport.deleteTree(nginx.dir);
    }
    for (String image : List.of(V1, V2, NGINX_IMAGE)) {
      docker.removeImage(image, true);
    }
  }

  private Map<String, Object> params(String image, RecordingLog log) {
    List<String> test = new ArrayList<>(List.of("docker", "exec", NGINX_CONTAINER, "/usr/sbin/nginx"));
    test.addAll(nginx.args("-t"));
    List<String> reload = new ArrayList<>(List.of("docker", "exec", NGINX_CONTAINER, "/usr/sbin/nginx"));
    reload.addAll(nginx.args("-s", "reload"));
    return Map.of("name", NAME, "image", image, "ports", List.of(BLUE, GREEN), "drain", "200ms", "health", "/health",
        "verifyUrl", "http://127.0.0.1:" + nginx.port + "/",
        "proxy", Map.of("includeFile", nginx.include.toString(), "testCommand", test, "reloadCommand", reload));
  }

  @Test
  public void deploysThroughDockerExecTestAndReload() {
    RecordingLog log = new RecordingLog();
    BlueGreenRunner runner = new BlueGreenRunner(ItSupport.context(log.log(), Map.of()));
    runner.run(BlueGreenRequest.fromMap(params(V1, log)));
    assertEquals("hello from " + V1, ItSupport.get("http://127.0.0.1:" + nginx.port + "/"));
    BlueGreenResult r = runner.run(BlueGreenRequest.fromMap(params(V2, log)));
    assertEquals(BLUE, r.livePort());
    assertEquals("hello from " + V2, ItSupport.get("http://127.0.0.1:" + nginx.port + "/"));
    assertTrue(log.text(), log.text().contains("verified http://127.0.0.1:" + nginx.port + "/ answers from 127.0.0.1:" + BLUE));
  }
}
