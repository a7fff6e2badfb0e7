package io.deploysteps.bluegreen;

import io.deploysteps.http.JavaHttpProbe;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import io.deploysteps.docker.DockerCli;
import io.deploysteps.testing.RecordingLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ServiceContainersTest {
  private static final io.deploysteps.docker.ImageIdentity ID = new io.deploysteps.docker.ImageIdentity("sha256:abc", List.of());
  private final RecordingRunner runner = new RecordingRunner();
  private final FakeTime time = new FakeTime();

  private ServiceContainers containers(Map<String, Object> extra) {
    Map<String, Object> m = new HashMap<>(Map.of("name", "shop", "image", "127.0.0.1:5000/shop:1.4",
        "proxy", Map.of("includeFile", "/etc/nginx/service-url.inc"), "env", Map.of("DB_PASSWORD", "s3cret"),
        "stopTimeout", "20s"));
    m.putAll(extra);
    BlueGreenRequest r = BlueGreenRequest.fromMap(m);
    return new ServiceContainers(r, new DockerCli(runner, "docker", Map.of()), new JavaHttpProbe(), time,
        new RecordingLog().log(), Map.of("GIT_COMMIT", "0123abc"), "/srv/shop/.env.production");
  }

  @Test
  public void hostNetworkGivesTheAppItsPortAndLabelsTheContainer() {
    containers(Map.of()).start(4000, java.util.Optional.empty(), ID);
    assertEquals(List.of("docker", "run", "--detach", "--name", "shop-4000-next", "--network", "host", "--init",
        "--env-file", "/tmp/deploy-steps-env.test/env", "--env-file", "/srv/shop/.env.production",
        "--label", "io.deploysteps.image-id=sha256:abc", "--label", "io.deploysteps.digest=sha256:abc",
        "--label", "io.deploysteps.service=shop", "--label", "io.deploysteps.port=4000",
        "--label", "io.deploysteps.image=127.0.0.1:5000/shop:1.4",
        "--label", "io.deploysteps.deployed-at=2026-11-23T00:00:00.000Z", "--label", "io.deploysteps.revision=0123abc",
        "--stop-timeout", "20", "127.0.0.1:5000/shop:1.4"), sorted(runner.dockerCalls().get(0)));
    assertFalse("env values never in argv", String.join(" ", runner.dockerCalls().get(0)).contains("s3cret"));
  }

  @Test
  public void bridgeNetworkPublishesOnLoopbackOnly() {
    containers(Map.of("network", "bridge", "containerPort", 8080)).start(3000, java.util.Optional.empty(), ID);
    List<String> argv = runner.dockerCalls().get(0);
    assertEquals("127.0.0.1:3000:8080", argv.get(argv.indexOf("--publish") + 1));
    assertFalse(argv.contains("--network"));
    assertFalse(argv.contains("PORT"));
  }

  @Test
  public void aCandidateRunsWithoutARestartPolicyAndGetsTheServicesOnceHealthy() {
    ServiceContainers c = containers(Map.of());
    c.start(4000, java.util.Optional.empty(), ID);
    assertFalse("a crashing candidate must end, not loop", runner.dockerCalls().get(0).contains("--restart"));
    c.armRestart("shop-4000-next");
    assertEquals(List.of("docker", "update", "--restart", "unless-stopped", "shop-4000-next"), runner.dockerCalls().get(1));

    ServiceContainers none = containers(Map.of("restart", "no"));
    none.armRestart("shop-3000-next");
    assertEquals("restart 'no' needs no update", 2, runner.dockerCalls().size());
  }

  /** Labels and env names come from Maps: their order is not part of the contract, so compare them sorted. */
  private static List<String> sorted(List<String> argv) {
    List<String> out = new java.util.ArrayList<>(argv);
    List<Integer> envAt = new java.util.ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).equals("--env")) {
        envAt.add(i + 1);
      }
    }
    List<String> names = new java.util.ArrayList<>();
    envAt.forEach(i -> names.add(out.get(i)));
    names.sort(null);
    for (int k = 0; k < envAt.size(); k++) {
      out.set(envAt.get(k), names.get(k));
    }
    List<String> labels = new java.util.ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).equals("--label")) {
        labels.add(out.get(i + 1));
      }
    }
    List<String> order = List.of("io.deploysteps.service", "io.deploysteps.port", "io.deploysteps.image",
        "io.deploysteps.deployed-at", "io.deploysteps.revision");
    labels.sort(java.util.Comparator.comparingInt(l -> order.indexOf(l.substring(0, l.indexOf('=')))));
    int k = 0;
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).equals("--label")) {
        out.set(i + 1, labels.get(k++));
      }
    }
    return out;
  }
}
