package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.deploysteps.engine.InvalidParameterException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ProxyKindTest {
  private static BlueGreenRequest request(Object proxy) {
    Map<String, Object> m = new HashMap<>(Map.of("name", "web", "image", "web:1"));
    m.put("proxy", proxy);
    return BlueGreenRequest.fromMap(m);
  }

  private static String refusal(Object proxy) {
    return assertThrows(InvalidParameterException.class, () -> request(proxy)).parameter();
  }

  @Test
  public void haproxyNamesItsSocketBackendServerAndOptionalConfigFile() {
    assertEquals(new ProxyKind.Haproxy("/run/haproxy/admin.sock", "app", "live", null),
        request(Map.of("haproxy", Map.of("socket", "/run/haproxy/admin.sock", "backend", "app", "server", "live"))).proxyKind);
    assertEquals(new ProxyKind.Haproxy("/run/h.sock", "app", "live", "/etc/haproxy/site.cfg"), request(Map.of("haproxy",
        Map.of("socket", "/run/h.sock", "backend", "app", "server", "live", "configFile", "/etc/haproxy/site.cfg"))).proxyKind);
  }

  @Test
  public void upstreamNamesTheFileAndTheBlockWithNginxsCommands() {
    assertEquals(new ProxyKind.Upstream("/etc/nginx/conf.d/a.conf", "importback_backend", List.of("nginx", "-t"),
        List.of("nginx", "-s", "reload")), request(Map.of("upstreamFile", "/etc/nginx/conf.d/a.conf", "upstream", "importback_backend"))
        .proxyKind);
  }

  @Test
  public void badProxiesAreRefusedNamingTheParameter() {
    assertEquals("proxy.haproxy.server", refusal(Map.of("haproxy", Map.of("socket", "/run/h.sock", "backend", "app"))));
    assertEquals("proxy.haproxy.socket", refusal(Map.of("haproxy", Map.of("socket", "/run/h.sock,fork", "backend", "app",
        "server", "live"))));
    assertEquals("proxy.haproxy.socket", refusal(Map.of("haproxy", Map.of("socket", "run/h.sock", "backend", "app", "server", "live"))));
    assertEquals("proxy.haproxy.backend", refusal(Map.of("haproxy", Map.of("socket", "/run/h.sock", "backend", "app;shutdown",
        "server", "live"))));
    assertEquals("socketPath", refusal(Map.of("haproxy", Map.of("socketPath", "/run/h.sock"))));
    assertEquals("proxy.upstream", refusal(Map.of("upstreamFile", "/etc/nginx/a.conf")));
    assertEquals("proxy.upstream", refusal(Map.of("upstreamFile", "/etc/nginx/a.conf", "upstream", "a b")));
    assertEquals("proxy.upstream", refusal(Map.of("includeFile", "/etc/nginx/x.inc", "upstream", "a")));
    assertEquals("proxy.upstreamFile", refusal(Map.of("includeFile", "/etc/nginx/x.inc", "upstreamFile", "/etc/nginx/a.conf",
        "upstream", "a")));
    assertEquals("proxy.testCommand", refusal(Map.of("haproxy", Map.of("socket", "/run/h.sock", "backend", "app", "server", "live"),
        "testCommand", "nginx -t")));
  }
}
