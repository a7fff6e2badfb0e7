package io.deploysteps.haproxy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ServerLineTest {
  private static final String CONFIG = String.join("\n",
      "global",
      "    stats socket /run/haproxy/admin.sock level admin # server live 1.2.3.4:1",
      "frontend web",
      "    bind :80",
      "    default_backend app",
      "backend other",
      "    server live 127.0.0.1:9000 check",
      "backend app",
      "    # server live 127.0.0.1:3001 (the old one, kept as a note)",
      "    http-response set-header X-Deploy-Steps-Upstream %[bc_dst]:%[bc_dst_port]",
      "    server   live\t127.0.0.1:3000   disabled maxconn 100  # blue",
      "    server spare 127.0.0.1:3999",
      "");

  @Test
  public void changesOnlyTheAddressOfTheNamedServerInTheNamedBackendAndDropsDisabled() {
    ServerLine l = ServerLine.find(CONFIG, "app", "live").orElseThrow();
    assertEquals("127.0.0.1:3000", l.address());
    assertEquals(3000, l.localPort());
    assertEquals(CONFIG.replace("    server   live\t127.0.0.1:3000   disabled maxconn 100  # blue",
        "    server   live\t127.0.0.1:3101 maxconn 100  # blue"), l.pointedAt(3101));
  }

  @Test
  public void aLineAsItWasGoesBackIntoTheTextAsItIsNowWithEveryOtherLineKept() {
    ServerLine before = ServerLine.find(CONFIG, "app", "live").orElseThrow();
    assertEquals("    server   live\t127.0.0.1:3000   disabled maxconn 100  # blue", before.line());
    // Since then: this server was switched, and another backend's line changed.
    String now = ServerLine.find(CONFIG, "app", "live").orElseThrow().pointedAt(3101).replace("127.0.0.1:9000", "127.0.0.1:9001");
    assertEquals(CONFIG.replace("127.0.0.1:9000", "127.0.0.1:9001"), ServerLine.find(now, "app", "live").orElseThrow()
        .replacedBy(before.line()));
    String last = "backend app\n    server live 127.0.0.1:3000";
    assertEquals("backend app\n    server live 1.2.3.4:5", ServerLine.find(last, "app", "live").orElseThrow()
        .replacedBy("    server live 1.2.3.4:5"));
  }

  @Test
  public void aSecondSwitchKeepsEverythingElseByteForByte() {
    String once = ServerLine.find(CONFIG, "app", "live").orElseThrow().pointedAt(3101);
    String twice = ServerLine.find(once, "app", "live").orElseThrow().pointedAt(3102);
    assertEquals(once.replace("127.0.0.1:3101", "127.0.0.1:3102"), twice);
    assertEquals(3102, ServerLine.find(twice, "app", "live").orElseThrow().localPort());
  }

  @Test
  public void commentsOtherBackendsAndOtherServersDoNotCount() {
    assertFalse(ServerLine.find(CONFIG, "app", "nope").isPresent());
    assertFalse(ServerLine.find(CONFIG, "web", "live").isPresent());
    assertEquals(9000, ServerLine.find(CONFIG, "other", "live").orElseThrow().localPort());
    assertEquals(-1, ServerLine.find("backend app\n  server live 10.1.2.3:80\n", "app", "live").orElseThrow().localPort());
  }

  @Test
  public void aListenSectionCountsAsABackend() {
    String text = "listen app\n  bind :80\n  server live localhost:3000\n";
    assertEquals("listen app\n  bind :80\n  server live 127.0.0.1:4000\n", ServerLine.find(text, "app", "live").orElseThrow().pointedAt(4000));
  }

  @Test
  public void twoLinesForTheSameServerAreRefusedWithTheirLineNumbers() {
    String text = "backend app\n  server live 127.0.0.1:1\n  server live 127.0.0.1:2\n";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerLine.find(text, "app", "live"));
    assertTrue(e.getMessage(), e.getMessage().contains("lines 2 and 3"));
  }
}
