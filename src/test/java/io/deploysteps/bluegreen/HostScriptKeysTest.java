package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.engine.InvalidParameterException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

/** Issue 17 item 7's keys (keepPrevious 'running', colourEnv) and the /proc/net/tcp reading of PortHolder. */
public class HostScriptKeysTest {
  private static Map<String, Object> deploy(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    m.put("name", "shop-api");
    m.put("image", "shop/api:1");
    m.put("proxy", "/etc/nginx/conf.d/service-url.inc");
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static void refused(String parameter, Map<String, Object> m) {
    try {
      BlueGreenRequest.fromMap(m);
      fail("expected " + m + " to be refused");
    } catch (InvalidParameterException e) {
      assertEquals(e.getMessage(), parameter, e.parameter());
    }
  }

  @Test
  public void keepPreviousTakesTrueFalseOrRunning() {
    BlueGreenRequest running = BlueGreenRequest.fromMap(deploy("keepPrevious", "running"));
    assertTrue(running.keepPrevious);
    assertTrue(running.standby);
    BlueGreenRequest kept = BlueGreenRequest.fromMap(deploy());
    assertTrue(kept.keepPrevious);
    assertFalse(kept.standby);
    assertFalse(BlueGreenRequest.fromMap(deploy("keepPrevious", false)).keepPrevious);
    refused("keepPrevious", deploy("keepPrevious", "hot"));
  }

  @Test
  public void colourEnvHasABlueAndAGreenMap() {
    BlueGreenRequest r = BlueGreenRequest.fromMap(deploy("colourEnv", Map.of("green", Map.of("PROFILE", "real2"))));
    assertEquals(Map.of("PROFILE", "real2"), r.colourEnv.get("green"));
    assertEquals(Map.of(), r.colourEnv.get("blue"));
    refused("colourEnv", deploy("colourEnv", Map.of("red", Map.of("A", "1"))));
    refused("colourEnv.blue", deploy("colourEnv", Map.of("blue", Map.of("1A", "x"))));
  }

  @Test
  public void theListeningSocketOfAPortIsFoundInProcNetTcp() {
    String tcp = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
        + "   0: 0100007F:0FA0 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 424242 1 0 100 0 0 10 0\n"
        + "   1: 0100007F:0BB8 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 777 1 0 20 4 30 10 -1\n";
    assertEquals(Optional.of("424242"), PortHolder.listeningInode(tcp, 4000));
    assertEquals("3000 has only an established connection", Optional.empty(), PortHolder.listeningInode(tcp, 3000));
    assertEquals(Optional.empty(), PortHolder.listeningInode(tcp, 5000));
  }
}
