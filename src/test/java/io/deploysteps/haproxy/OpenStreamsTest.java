package io.deploysteps.haproxy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.junit.Test;

/** {@code show sess all} as HAProxy 2.6.12 of the local stack printed it (captured, not written by hand). */
public class OpenStreamsTest {
  /**
   * Two slow requests started on 127.0.0.1:31341, then {@code set server app/live addr 127.0.0.1
   * port 31342}, then a third slow request (to 31342), and the CLI's own stream.
   */
  private static String afterSwitch() throws IOException {
    return Files.readString(Paths.get("src/test/resources/io/deploysteps/haproxy/show-sess-all-after-switch.txt"),
        StandardCharsets.UTF_8);
  }

  @Test
  public void countsTheStreamsStillConnectedToTheOldAddressAndNotTheNewOnes() throws IOException {
    assertEquals(2, OpenStreams.to(afterSwitch(), "app", "live", "127.0.0.1:31341"));
    assertEquals(1, OpenStreams.to(afterSwitch(), "app", "live", "127.0.0.1:31342"));
  }

  @Test
  public void anotherBackendOrServerOrAddressCountsNothing() throws IOException {
    assertEquals(0, OpenStreams.to(afterSwitch(), "other", "live", "127.0.0.1:31341"));
    assertEquals(0, OpenStreams.to(afterSwitch(), "app", "blue", "127.0.0.1:31341"));
    assertEquals(0, OpenStreams.to(afterSwitch(), "app", "live", "127.0.0.1:3134"));
  }

  @Test
  public void onlyTheCliStreamLeftIsDrained() throws IOException {
    String idle = Files.readString(Paths.get("src/test/resources/io/deploysteps/haproxy/show-sess-all-idle.txt"),
        StandardCharsets.UTF_8);
    assertEquals(0, OpenStreams.to(idle, "app", "live", "127.0.0.1:31341"));
  }

  @Test
  public void anAnswerThatIsNoStreamDumpIsRefusedWithWhatItSaid() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OpenStreams.to("Unknown command.\n", "app", "live", "127.0.0.1:31341"));
    assertEquals("is not a stream dump: Unknown command.", e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> OpenStreams.to("", "app", "live", "127.0.0.1:1"))
        .getMessage().startsWith("is not a stream dump"));
  }
}
