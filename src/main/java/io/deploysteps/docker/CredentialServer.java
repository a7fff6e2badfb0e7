package io.deploysteps.docker;

import io.deploysteps.engine.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The step's side of docker-credential-deploysteps: reads one line per {@code get} from the
 * {@code requests} FIFO (the helper's own reply FIFO and the server URL) and writes the
 * credential JSON into that reply FIFO, so the secret passes through kernel pipes only. A reply
 * goes only to a FIFO named {@code reply.<pid>} in this session's directory, and only for the
 * registry of the session; any other server gets an empty answer ("not found").
 */
final class CredentialServer {
  private static final Pattern REPLY = Pattern.compile("reply\\.[0-9]+");

  private final Path dir;
  private final Path requests;
  private final String registry;
  private final String username;
  private final String secret;
  private final AtomicInteger served = new AtomicInteger();
  private final Thread thread;
  private volatile boolean stopping;

  CredentialServer(Path dir, Path requests, String registry, String username, String secret) {
    this.dir = dir;
    this.requests = requests;
    this.registry = registry;
    this.username = username;
    this.secret = secret;
    this.thread = new Thread(this::serve, "docker-credentials");
    thread.setDaemon(true);
  }

  CredentialServer start() {
    thread.start();
    return this;
  }

  /** How many {@code get}s docker made and got the credentials for. */
  int served() {
    return served.get();
  }

  /** An empty line ends the loop (the FIFO is open read-write here, so this write never blocks). */
  void stop() {
    stopping = true;
    try {
      Files.write(requests, new byte[] {'\n'}, StandardOpenOption.WRITE);
      thread.join(2000);
    } catch (IOException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      thread.interrupt(); // the directory goes next; a helper still waiting gets nothing
    }
  }

  private void serve() {
    // Read-write: the open never blocks and there is always a writer, so no EOF between helpers.
    // Plain channel reads: a Reader over a FIFO's channel waits for more than one line.
    try (FileChannel channel = FileChannel.open(requests, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      while (!stopping && channel.read(buffer) >= 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          byte b = buffer.get();
          if (b != '\n') {
            line.write(b);
            continue;
          }
          if (line.size() == 0) {
            return; // stop()
          }
          answer(line.toString(StandardCharsets.UTF_8));
          line.reset();
        }
        buffer.clear();
      }
    } catch (IOException e) {
      // the session is closing (or the directory is gone): helpers still waiting get "not found"
    }
  }

  private void answer(String line) {
    int tab = line.indexOf('\t');
    if (tab < 0) {
      return;
    }
    Path reply = dir.resolve(line.substring(0, tab)).normalize();
    String server = line.substring(tab + 1);
    if (!reply.getParent().equals(dir) || !REPLY.matcher(reply.getFileName().toString()).matches() || !isFifo(reply)) {
      return;
    }
    byte[] body = sameRegistry(server) ? json(server) : new byte[0];
    // Opening a FIFO for writing waits for its reader (the helper's cat): not on the reading thread.
    Thread writer = new Thread(() -> {
      try (OutputStream out = Files.newOutputStream(reply, StandardOpenOption.WRITE)) {
        out.write(body);
        if (body.length > 0) {
          served.incrementAndGet();
        }
      } catch (IOException gone) {
        // the helper gave up (its timeout) or docker was killed: nothing to do
      }
    }, "docker-credentials-reply");
    writer.setDaemon(true);
    writer.start();
  }

  private static boolean isFifo(Path p) {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.isOther();
    } catch (IOException e) {
      return false;
    }
  }

  /** docker asks with the credHelpers key (host[:port]); tolerate a scheme and a trailing slash. */
  boolean sameRegistry(String server) {
    String s = server.strip().replaceFirst("^[a-zA-Z]+://", "");
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s.toLowerCase(Locale.ROOT).equals(registry.toLowerCase(Locale.ROOT));
  }

  private byte[] json(String server) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ServerURL", server);
    m.put("Username", username);
    m.put("Secret", secret);
    return Json.write(m).getBytes(StandardCharsets.UTF_8);
  }
}
