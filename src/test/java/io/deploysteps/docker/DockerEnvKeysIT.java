package io.deploysteps.docker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.engine.Json;
import io.deploysteps.exec.Command;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.testing.LocalStack;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.testing.TestImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Test;

/**
 * A container's env keys cannot steer the docker client that starts it (real dockerd): with
 * DOCKER_HOST, DOCKER_API_VERSION, DOCKER_CONFIG, DOCKER_CERT_PATH, DOCKER_TLS_VERIFY, DOCKER_CONTEXT
 * and PATH all pointing nowhere, the container starts on the stack's daemon with exactly those
 * values, over the Engine API (local socket) and over the docker CLI (an --env-file, removed after).
 */
public class DockerEnvKeysIT {
  private static final String TAG = "h12-envkeys/busybox:v1";
  private static final String NAME = "h12-envkeys";
  private final RecordingLog recording = new RecordingLog();
  private final LocalCommandRunner runner = new LocalCommandRunner(recording.log());
  private final DockerCli cli = new DockerCli(runner, "docker", LocalStack.dockerEnv());

  @After
  public void cleanUp() {
    cli.removeContainer(NAME, true);
    cli.removeImage(TAG, true);
  }

  private static Map<String, String> hostileEnv(int port) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PORT", String.valueOf(port));
    env.put("DOCKER_HOST", "tcp://127.0.0.1:1");
    env.put("DOCKER_API_VERSION", "1.12");
    env.put("DOCKER_CONFIG", "/nonexistent/h12-config");
    env.put("DOCKER_CERT_PATH", "/nonexistent/h12-certs");
    env.put("DOCKER_TLS_VERIFY", "1");
    env.put("DOCKER_CONTEXT", "h12-nowhere");
    env.put("PATH", "/nonexistent/bin:/bin");
    env.put("DB_PASSWORD", "h12-env-secret with spaces = and #");
    return env;
  }

  private void startsWithExactlyThoseValues(Docker docker, int port) throws Exception {
    cli.removeContainer(NAME, true);
    Map<String, String> env = hostileEnv(port);
    String id = docker.run(RunSpec.image(TAG).name(NAME).network("host").env(env).build());
    JsonNode inspect = Json.read(runner.run(Command.of("docker", "inspect", id).env(LocalStack.dockerEnv()).build()).stdout()).get(0);
    assertTrue(inspect.path("State").path("Running").asBoolean());
    List<String> seen = new java.util.ArrayList<>();
    inspect.path("Config").path("Env").forEach(e -> seen.add(e.asText()));
    env.forEach((k, v) -> assertTrue(k + " in " + seen, seen.contains(k + "=" + v)));
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 20_000;
    while (true) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        break;
      } catch (java.io.IOException e) {
        if (System.currentTimeMillis() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  @Test
  public void envKeysDoNotSteerTheDockerCallOverTheEngineApi() throws Exception {
    TestImage.tagged(TAG).build(cli);
    EngineApi api = EngineApi.locate(LocalStack.dockerEnv()).orElseThrow(() -> new AssertionError("no local socket"));
    startsWithExactlyThoseValues(new EngineApiDocker(cli, api), 25320);
  }

  @Test
  public void envKeysDoNotSteerTheDockerCliAndTheEnvFileIsGone() throws Exception {
    TestImage.tagged(TAG).build(cli);
    startsWithExactlyThoseValues(cli, 25321);
    try (var tmp = java.nio.file.Files.list(java.nio.file.Paths.get(System.getProperty("java.io.tmpdir")))) {
      assertEquals(List.of(), tmp.filter(p -> p.getFileName().toString().startsWith("deploy-steps-env."))
          .map(Object::toString).collect(java.util.stream.Collectors.toList()));
    }
  }
}
