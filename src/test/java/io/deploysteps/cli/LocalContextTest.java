package io.deploysteps.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.deploysteps.context.StepContext;
import io.deploysteps.docker.EarlyReads;
import io.deploysteps.docker.FakeEngine;
import io.deploysteps.log.StepLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Test;

/**
 * The CLI door's wiring: the reads it starts before parsing arrive through the context it builds,
 * once, over the daemon the context's Docker talks to, and read-only.
 */
public class LocalContextTest {
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final StepLog log = StepLog.to(new PrintStream(new ByteArrayOutputStream()));
  private FakeEngine engine;
  private Path dir;

  @After
  public void tearDown() throws Exception {
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
  public void theContextTakesTheEarlyReadsOnceOverItsOwnDaemon() throws Exception {
    Path socket = daemon();
    LocalContext door = new LocalContext(Map.of("DOCKER_HOST", "unix://" + socket));
    door.startEarlyReads();
    StepContext context = door.context(log, "/tmp");
    EarlyReads early = context.takeEarlyReads().orElseThrow();
    assertEquals(1234L, early.systemDf().join().images());
    assertEquals(List.of("web:1"), early.images().join().get(0).repoTags());
    assertEquals(List.of(), early.containers().join());
    assertTrue("taken once", context.takeEarlyReads().isEmpty());
    assertTrue("by any copy", context.withLog(log).takeEarlyReads().isEmpty());
    assertEquals("three reads, no other request", 3, requests.size());
    assertTrue(requests.toString(), requests.stream().allMatch(r -> r.startsWith("GET ")));
    assertEquals("the context's Docker is the same daemon", 1234L, context.docker().systemDf().images());
    assertEquals(4, requests.size());
    assertTrue("a second run of the door reads afresh", door.context(log, "/tmp").takeEarlyReads().isEmpty());
  }

  @Test
  public void nothingStartsForARemoteDaemon() throws Exception {
    daemon();
    LocalContext door = new LocalContext(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"));
    door.startEarlyReads();
    assertTrue(door.context(log, "/tmp").takeEarlyReads().isEmpty());
    assertEquals(0, requests.size());
  }

  @Test
  public void nothingIsReadWhenTheDoorStartedNothing() throws Exception {
    Path socket = daemon();
    StepContext context = new LocalContext(Map.of("DOCKER_HOST", "unix://" + socket)).context(log, "/tmp");
    assertTrue(context.takeEarlyReads().isEmpty());
    assertEquals(0, requests.size());
  }
}
