package io.deploysteps.bluegreen;

import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerCli;
import io.deploysteps.context.StepContext;
import io.deploysteps.http.JavaHttpProbe;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.log.StepLog;
import io.deploysteps.testing.LocalStack;
import io.deploysteps.time.TimeSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What the blueGreenDeploy integration tests share: a context over the stack, GETs, container lists. */
final class ItSupport {
  private ItSupport() {}

  static Docker docker() {
    return new DockerCli(new LocalCommandRunner(StepLog.to(line -> { })), "docker", LocalStack.dockerEnv());
  }

  static StepContext context(StepLog log, Map<String, String> extraEnv) {
    return context(log, extraEnv, LocalStack.dockerEnv());
  }

  /** A context whose docker commands go to the daemon {@code dockerEnv} names (a private one's DOCKER_HOST). */
  static StepContext context(StepLog log, Map<String, String> extraEnv, Map<String, String> dockerEnv) {
    LocalCommandRunner runner = new LocalCommandRunner(dockerEnv, log, false);
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(extraEnv);
    return StepContext.builder(runner, new LocalHostFiles(), log.forStep("blueGreenDeploy"), env,
        System.getProperty("java.io.tmpdir"), new DockerCli(runner, "docker", dockerEnv))
        .time(TimeSource.system()).aws(spec -> null).probe(new JavaHttpProbe()).build();
  }

  /** What the layout ITs deploy with: their name and ports, a /health answering ok, short timeouts. */
  static Map<String, Object> quickDeploy(String name, int blue, int green) {
    Map<String, Object> m = new HashMap<>();
    m.put("name", name);
    m.put("ports", List.of(blue, green));
    m.put("health", Map.of("path", "/health", "body", "ok"));
    m.put("healthTimeout", "20s");
    m.put("drain", "200ms");
    m.put("stopTimeout", 5);
    return m;
  }

  /** {@code params} with the pairs {@code kv} (key, value, key, value...) put over it. */
  static Map<String, Object> with(Map<String, Object> params, Object... kv) {
    for (int i = 0; i < kv.length; i += 2) {
      params.put((String) kv[i], kv[i + 1]);
    }
    return params;
  }

  /**
   * The body nginx (or anything) answers on {@code url}, or "HTTP nnn"/"error: ..." otherwise; on a
   * new connection each time, as a new visitor would come.
   */
  static String get(String url) {
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body().strip() : "HTTP " + r.statusCode();
    } catch (IOException e) {
      return "error: " + e;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code name status image} of every container whose name starts with {@code prefix}, sorted. */
  static List<String> containers(Docker docker, String prefix) {
    return docker.listContainers(List.of("name=^/?" + prefix)).stream()
        .map(c -> c.name() + " " + (c.running() ? "running" : "stopped") + " " + c.image())
        .sorted().collect(Collectors.toList());
  }

  static void deleteTree(java.nio.file.Path dir) throws IOException {
    if (dir == null || !java.nio.file.Files.exists(dir)) {
      return;
    }
    try (var s = java.nio.file.Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static void removeAll(Docker docker, String prefix) {
    for (ContainerInfo c : docker.listContainers(List.of("name=^/?" + prefix))) {
      docker.removeContainer(c.name(), true);
    }
  }
}
