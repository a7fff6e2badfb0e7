package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.deploysteps.docker.DockerCli;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.http.JavaHttpProbe;
import io.deploysteps.testing.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** upstream: 'name' on a user network (issue 17 item 2, seed 003's nginx container): request, include, docker run. */
public class ColourByNameTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static Map<String, Object> params(Map<String, Object> extra) {
    Map<String, Object> m = new HashMap<>(Map.of("name", "web", "image", "web:2", "network", "dev", "containerPort", 3000,
        "upstream", "name", "proxy", Map.of("includeFile", "/etc/nginx/service-url.inc")));
    m.putAll(extra);
    return m;
  }

  private static InvalidParameterException refused(Map<String, Object> extra) {
    return assertThrows(InvalidParameterException.class, () -> BlueGreenRequest.fromMap(params(extra)));
  }

  @Test
  public void aUserNetworkAndNamesAreAccepted() {
    BlueGreenRequest r = BlueGreenRequest.fromMap(params(Map.of()));
    assertEquals("dev", r.network);
    assertEquals("web-4000:3000", r.address.of(4000));
    assertEquals("127.0.0.1:4000", BlueGreenRequest.fromMap(params(Map.of("upstream", "loopback"))).address.of(4000));
  }

  @Test
  public void namesNeedAUserNetworkTheIncludeKindAndAKnownValue() {
    assertEquals("upstream", refused(Map.of("network", "bridge")).parameter());
    assertTrue(refused(Map.of("network", "bridge")).getMessage(), refused(Map.of("network", "bridge")).getMessage()
        .contains("needs a user network"));
    assertEquals("upstream", assertThrows(InvalidParameterException.class, () -> {
      Map<String, Object> m = params(Map.of());
      m.remove("containerPort");
      m.put("network", "host");
      BlueGreenRequest.fromMap(m);
    }).parameter());
    assertEquals("upstream", refused(Map.of("proxy", Map.of("upstreamFile", "/etc/nginx/up.conf", "upstream", "app"))).parameter());
    assertEquals("upstream", refused(Map.of("upstream", "dns")).parameter());
    assertEquals("containerPort", assertThrows(InvalidParameterException.class, () -> {
      Map<String, Object> m = params(Map.of());
      m.remove("containerPort");
      BlueGreenRequest.fromMap(m);
    }).parameter());
    assertEquals("network", refused(Map.of("network", "none")).parameter());
  }

  @Test
  public void theIncludeNamesTheColourAndReadsEitherFormBack() throws Exception {
    Path include = tmp.getRoot().toPath().resolve("service-url.inc");
    RecordingRunner runner = new RecordingRunner();
    NginxIncludeSwitch proxy = new NginxIncludeSwitch(new LocalHostFiles(), runner, include.toString(), List.of("nginx", "-t"),
        List.of("nginx", "-s", "reload"), ColourAddress.byName("web", 3000));
    assertNull(proxy.switchTo(4000, () -> { }));
    assertEquals("set $service_url http://web-4000:3000;\n", Files.readString(include));
    assertEquals(4000, proxy.livePort().getAsInt());
    proxy.switchTo(3000, () -> { });
    assertEquals("set $service_url http://web-3000:3000;\n", Files.readString(include));
    assertEquals("holds 'set $service_url http://web-3000:3000;'", proxy.holding(3000));
    // The header the site template adds names the include's value: the colour's port, not the container's.
    assertEquals(4000, proxy.portNamedBy("http://web-4000:3000"));
    assertEquals(-1, proxy.portNamedBy("http://other-4000:3000"));
    // An include written before upstream: 'name' (seed 002's loopback form) still names its colour.
    Files.writeString(include, "set $service_url http://127.0.0.1:4000;\n");
    assertEquals(4000, proxy.livePort().getAsInt());
    Files.writeString(include, "set $service_url http://db-4000:3000;\n");
    InvalidParameterException e = assertThrows(InvalidParameterException.class, proxy::livePort);
    assertTrue(e.getMessage(), e.getMessage().contains("does not hold 'set $service_url http://web-PORT:3000;'"));
  }

  @Test
  public void aColourJoinsTheUserNetworkUnderItsColourNameAndPublishesOnLoopback() {
    RecordingRunner runner = new RecordingRunner();
    BlueGreenRequest r = BlueGreenRequest.fromMap(params(Map.of()));
    new ServiceContainers(r, new DockerCli(runner, "docker", Map.of()), new JavaHttpProbe(), new FakeTime(), new RecordingLog().log(),
        Map.of(), null).start(4000, java.util.Optional.empty(), new io.deploysteps.docker.ImageIdentity("sha256:abc", List.of()));
    List<String> argv = runner.dockerCalls().get(0);
    assertEquals("web-4000-next", argv.get(argv.indexOf("--name") + 1));
    assertEquals("dev", argv.get(argv.indexOf("--network") + 1));
    // The candidate's own name changes when traffic is on it; nginx is pointed at the alias from the switch on.
    assertEquals("web-4000", argv.get(argv.indexOf("--network-alias") + 1));
    assertEquals("127.0.0.1:4000:3000", argv.get(argv.indexOf("--publish") + 1));
    assertFalse(argv.contains("PORT=4000"));
  }

  private static void assertNull(Object o) {
    org.junit.Assert.assertNull(o);
  }
}
