package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.Test;

/** Issue 17 item 1: a host-network health failure with connection refused says how the app must listen. */
public class ListenHintTest {
  private static BlueGreenRequest request(String network) {
    Map<String, Object> m = new HashMap<>();
    m.put("name", "web");
    m.put("image", "web:1");
    m.put("proxy", "/etc/nginx/service-url.inc");
    m.put("network", network);
    if (network.equals("bridge")) {
      m.put("containerPort", 3000);
    }
    return BlueGreenRequest.fromMap(m);
  }

  @Test
  public void refusedOnHostNamesPortAndBridge() {
    String hint = BlueGreenRunner.listenHint(request("host"), "error: Connection refused");
    assertTrue(hint, hint.contains("must listen on $PORT"));
    assertTrue(hint, hint.contains("network: 'bridge', containerPort: N"));
    // curl's wording through the agent's probe
    assertTrue(BlueGreenRunner.listenHint(request("host"), "curl: (7) Failed to connect to 127.0.0.1 port 4000: Connection refused")
        .contains("$PORT"));
  }

  @Test
  public void otherFailuresAndBridgeGetNoHint() {
    assertEquals("", BlueGreenRunner.listenHint(request("host"), "HTTP 500"));
    assertEquals("", BlueGreenRunner.listenHint(request("bridge"), "error: Connection refused"));
  }
}
