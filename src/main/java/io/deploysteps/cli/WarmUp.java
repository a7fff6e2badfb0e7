package io.deploysteps.cli;

import io.deploysteps.engine.Json;
import io.deploysteps.engine.Parallel;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URL;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;

/**
 * First uses that cost a cold CLI tens of milliseconds each, paid on the second core while picocli
 * parses the command line, instead of on the step's critical path: Jackson's first parse and write,
 * the JDK's Unix-socket setup (it seeds a SecureRandom; every Engine API call opens one), and
 * HttpURLConnection's (the health probe's). Nothing here talks to anything: no socket connects.
 */
final class WarmUp {
  private WarmUp() {}

  static void start() {
    Parallel.start("warm-up", () -> {
      Json.read("{\"Id\":\"x\",\"Names\":[\"/x\"],\"Labels\":{\"k\":null},\"Created\":1,\"State\":{\"Running\":true}}");
      Json.write(Map.of("warm", List.of(1L, "2", true)));
      try (SocketChannel unused = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        new URL("http://127.0.0.1/").openConnection();
      } catch (IOException | RuntimeException e) {
        // Only a warm-up: the step meets the same failure, if any, and reports it.
      }
      return null;
    });
  }
}
