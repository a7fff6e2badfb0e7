package io.deploysteps.prune;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.deploysteps.docker.EngineApi;
import io.deploysteps.docker.EngineApiDocker;
import io.deploysteps.docker.FakeEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Test;

/** The reads the CLI starts before parsing: taken once, only by a prune on the same daemon, and read-only. */
public class EarlyReadsTest {
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private FakeEngine engine;
  private Path dir;

  @After
  public void tearDown() throws Exception {
    EarlyReads.discard();
    if (engine != null) {
      engine.close();
    }
    Files.deleteIfExists(dir.resolve("docker.sock"));
    Files.deleteIfExists(dir);
  }

  private Path daemon() throws Exception {
    dir = Files.createTempDirectory("early-reads");
    Path socket = dir.resolve("docker.sock");
    engine = FakeEngine.serve(socket, head -> {
      if (head.startsWith("GET /system/df ")) {
        return FakeEngine.http(200, "{\"LayersSize\":1234,\"Containers\":[],\"Volumes\":[],\"BuildCache\":null}");
      }
      if (head.startsWith("GET /images/json?all=1 ")) {
        return FakeEngine.http(200, "[{\"Id\":\"sha256:aa\",\"RepoTags\":[\"web:1\"],\"Created\":1700000000,\"Size\":5,"
            + "\"Labels\":null,\"ParentId\":\"\"}]");
      }
      if (head.startsWith("GET /containers/json?all=1 ")) {
        return FakeEngine.http(200, "[]");
      }
      return FakeEngine.http(404, "{\"message\":\"page not found\"}");
    }, requests);
    return socket;
  }

  @Test
  public void aPruneOnTheSameDaemonTakesThemOnce() throws Exception {
    Path socket = daemon();
    EarlyReads.start(Map.of("DOCKER_HOST", "unix://" + socket));
    EarlyReads early = EarlyReads.take(new EngineApiDocker(new EngineApi(socket))).orElseThrow();
    assertEquals(1234L, DockerPruner.sizes(early.systemDf.join()).get("Images").longValue());
    assertEquals(List.of("web:1"), early.images.join().get(0).repoTags());
    assertEquals(List.of(), early.containers.join());
    assertTrue("taken once", EarlyReads.take(new EngineApiDocker(new EngineApi(socket))).isEmpty());
    assertEquals("three reads, no other request", 3, requests.size());
    assertTrue(requests.toString(), requests.stream().allMatch(r -> r.startsWith("GET ")));
  }

  @Test
  public void anotherDaemonOrTheCliDoesNotTakeThem() throws Exception {
    Path socket = daemon();
    EarlyReads.start(Map.of("DOCKER_HOST", "unix://" + socket));
    assertTrue(EarlyReads.take(new EngineApiDocker(new EngineApi(dir.resolve("other.sock")))).isEmpty());
    assertTrue("and they are gone", EarlyReads.take(new EngineApiDocker(new EngineApi(socket))).isEmpty());
    EarlyReads.start(Map.of("DOCKER_HOST", "unix://" + socket));
    assertTrue(EarlyReads.take(new FakeDocker()).isEmpty());
  }

  @Test
  public void nothingStartsForARemoteDaemon() throws Exception {
    daemon();
    EarlyReads.start(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"));
    assertTrue(EarlyReads.take(new EngineApiDocker(new EngineApi(dir.resolve("docker.sock")))).isEmpty());
    assertEquals(0, requests.size());
  }
}
