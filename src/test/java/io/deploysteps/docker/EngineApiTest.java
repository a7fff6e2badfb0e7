package io.deploysteps.docker;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The Engine API client against a socket server of the test's own, and where it is (not) used. */
public class EngineApiTest {
  private Path dir;
  private Path socket;
  private FakeEngine server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  @Before
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("engine-api-test");
    socket = dir.resolve("docker.sock");
  }

  @After
  public void tearDown() throws Exception {
    if (server != null) {
      server.close();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void serve(Function<String, String> answer) throws IOException {
    server = FakeEngine.serve(socket, answer, requests);
  }

  private static String http(int status, String body) {
    return FakeEngine.http(status, body);
  }

  @Test
  public void sendsOneHttp10RequestAndReadsTheBodyToTheEnd() throws IOException {
    String big = "[" + ("{\"Id\":\"sha256:" + "a".repeat(64) + "\"},").repeat(2000) + "{}]";
    serve(head -> http(200, big));
    EngineApi.Response r = new EngineApi(socket).get("/images/json?all=1", Duration.ofSeconds(5));
    assertEquals(200, r.status());
    assertEquals(big, r.text());
    assertEquals(2001, r.json().size());
    assertTrue(requests.get(0), requests.get(0).startsWith("GET /images/json?all=1 HTTP/1.0\r\nHost: docker\r\n"));
  }

  @Test
  public void anErrorStatusKeepsTheDaemonsMessage() throws IOException {
    serve(head -> http(409, "{\"message\":\"conflict: unable to remove repository reference \\\"web:1\\\"\"}\n"));
    EngineApi.Response r = new EngineApi(socket).delete("/images/web:1", Duration.ofSeconds(5));
    assertFalse(r.ok());
    assertEquals(409, r.status());
    assertEquals("conflict: unable to remove repository reference \"web:1\"", r.message());
    assertTrue(requests.get(0).startsWith("DELETE /images/web:1 HTTP/1.0\r\n"));
  }

  @Test
  public void aSilentDaemonIsReportedAfterTheTimeoutNamingTheSocket() throws IOException {
    serve(head -> null);
    EngineApi api = new EngineApi(socket);
    long start = System.nanoTime();
    DockerUnavailableException e = assertThrows(DockerUnavailableException.class,
        () -> api.get("/system/df", Duration.ofMillis(300)));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue("gave up after " + ms + " ms", ms >= 250 && ms < 3000);
    assertTrue(e.getMessage(), e.getMessage().contains("DOCKER_HOST=unix://" + socket));
    assertTrue(e.getMessage(), e.getMessage().contains("no answer within"));
  }

  @Test
  public void noDaemonOnTheSocketIsUnavailableNotACrash() {
    DockerUnavailableException e = assertThrows(DockerUnavailableException.class,
        () -> new EngineApi(socket).get("/images/json", Duration.ofSeconds(2)));
    assertTrue(e.getMessage(), e.getMessage().startsWith("cannot reach the Docker daemon at DOCKER_HOST=unix://"));
  }

  @Test
  public void somethingElseThanHttpOnTheSocketIsAClearError() throws IOException {
    serve(head -> "SSH-2.0-OpenSSH\r\n");
    DockerException e = assertThrows(DockerException.class,
        () -> new EngineApi(socket).get("/images/json", Duration.ofSeconds(2)));
    assertTrue(e.getMessage(), e.getMessage().startsWith("not an HTTP answer from the Docker daemon to GET /images/json"));
  }

  @Test
  public void parseSplitsHeadAndBodyByteExactly() {
    byte[] raw = "HTTP/1.0 200 OK\r\nA: b\r\n\r\n\u00e9\r\n\r\nrest".getBytes(StandardCharsets.UTF_8);
    EngineApi.Response r = EngineApi.parse(raw, "GET /x");
    assertArrayEquals("\u00e9\r\n\r\nrest".getBytes(StandardCharsets.UTF_8), r.body());
  }

  @Test
  public void pathSegmentsAreEscapedButReferencesStayReadable() {
    assertEquals("127.0.0.1:5000/team/web:v1.2_3-x", EngineApi.escape("127.0.0.1:5000/team/web:v1.2_3-x"));
    assertEquals("sha256:" + "b".repeat(64), EngineApi.escape("sha256:" + "b".repeat(64)));
    assertEquals("a%20b%3Fc%23d%26e%25", EngineApi.escape("a b?c#d&e%"));
  }

  @Test
  public void filtersGoAsTheCliSendsThem() {
    assertEquals("", EngineApi.filterQuery(List.of()));
    assertEquals("&filters=%7B%22label%22%3A%7B%22a%3Db%22%3Atrue%2C%22c%22%3Atrue%7D%2C%22name%22%3A%7B%22web%22%3Atrue%7D%7D",
        EngineApi.filterQuery(List.of("label=a=b", "label=c", "name=web")).replaceAll("%0A|\\+", ""));
  }

  @Test
  public void locateUsesOnlyADaemonOnThisMachinesSocket() throws IOException {
    Files.createFile(socket);
    String home = dir.toString();
    assertEquals(socket, EngineApi.locate(Map.of("DOCKER_HOST", "unix://" + socket, "HOME", home)).orElseThrow().socket());
    assertTrue(EngineApi.locate(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2376", "HOME", home)).isEmpty());
    assertTrue(EngineApi.locate(Map.of("DOCKER_HOST", "ssh://deploy@web1", "HOME", home)).isEmpty());
    assertTrue("no such socket", EngineApi.locate(Map.of("DOCKER_HOST", "unix://" + dir.resolve("none.sock"),
        "HOME", home)).isEmpty());
    assertTrue("switched off", EngineApi.locate(Map.of("DOCKER_HOST", "unix://" + socket, EngineApi.SWITCH, "off",
        "HOME", home)).isEmpty());
    assertTrue("another client", EngineApi.locate(Map.of("DOCKER_HOST", "unix://" + socket,
        "DEPLOY_STEPS_DOCKER", "podman", "HOME", home)).isEmpty());
    assertTrue("a context chosen", EngineApi.locate(Map.of("DOCKER_CONTEXT", "prod", "HOME", home)).isEmpty());
    Path config = Files.createDirectories(dir.resolve("cfg"));
    Files.writeString(config.resolve("config.json"), "{\"currentContext\":\"prod\"}");
    assertTrue("the client config's context", EngineApi.locate(Map.of("DOCKER_CONFIG", config.toString(),
        "HOME", home)).isEmpty());
  }
}
