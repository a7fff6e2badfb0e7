package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.deploysteps.engine.InvalidParameterException;
import java.util.OptionalInt;
import org.junit.Test;

public class UpstreamBlockTest {
  /** Seed 004's layout: both colours in the block, the idle one commented out. */
  private static final String SITE = String.join("\n",
      "# importback: blue-green by hand until now",
      "upstream other { server 127.0.0.1:9000; }",
      "upstream importback_backend {",
      "    server 127.0.0.1:8000 max_fails=3 fail_timeout=30s;   # blue",
      "    # server 127.0.0.1:8001 max_fails=3 fail_timeout=30s; # green",
      "    keepalive 16;",
      "}",
      "server {",
      "    listen 80;",
      "    location / { proxy_pass http://importback_backend; }",
      "}",
      "");

  @Test
  public void changesOnlyTheActiveServersAddressKeepingItsParametersAndEveryOtherByte() {
    UpstreamBlock b = UpstreamBlock.find(SITE, "/etc/nginx/conf.d/importback.conf", "importback_backend");
    assertEquals(OptionalInt.of(8000), b.livePort());
    assertEquals(SITE.replace("    server 127.0.0.1:8000 max_fails=3 fail_timeout=30s;   # blue",
        "    server 127.0.0.1:8001 max_fails=3 fail_timeout=30s;   # blue"), b.pointedAt(8001));
  }

  @Test
  public void aServerMarkedDownIsNothingLiveYetAndTheFirstSwitchDropsOnlyDown() {
    String text = "upstream app {\n  server 127.0.0.1:3000 down max_fails=2; # first deploy\n}\n";
    UpstreamBlock b = UpstreamBlock.find(text, "f", "app");
    assertEquals(OptionalInt.empty(), b.livePort());
    assertEquals("upstream app {\n  server 127.0.0.1:4001 max_fails=2; # first deploy\n}\n", b.pointedAt(4001));
  }

  @Test
  public void aMissingBlockTwoActiveServersOrANonLocalOneAreRefusedNamingTheFile() {
    InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> UpstreamBlock.find(SITE, "f", "nope"));
    assertEquals("invalid parameter 'proxy.upstreamFile': f has no 'upstream nope { ... }' block", e.getMessage());
    e = assertThrows(InvalidParameterException.class,
        () -> UpstreamBlock.find("upstream a {\n server 127.0.0.1:1;\n server 127.0.0.1:2;\n}\n", "f", "a"));
    assertTrue(e.getMessage(), e.getMessage().contains("more than one active server (lines 2 and 3)"));
    e = assertThrows(InvalidParameterException.class,
        () -> UpstreamBlock.find("upstream a {\n server importback-blue:8000;\n}\n", "f", "a").livePort());
    assertTrue(e.getMessage(), e.getMessage().contains("the active server is 'importback-blue:8000', not 127.0.0.1:PORT"));
    e = assertThrows(InvalidParameterException.class, () -> UpstreamBlock.find("upstream a {\n # server 127.0.0.1:1;\n}\n", "f", "a"));
    assertTrue(e.getMessage(), e.getMessage().contains("has no active 'server ADDRESS;' line"));
  }
}
