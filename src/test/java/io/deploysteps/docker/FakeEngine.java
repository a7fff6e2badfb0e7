package io.deploysteps.docker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** A socket server of a test's own that answers Engine API requests from a function of the request head. */
public final class FakeEngine implements AutoCloseable {
  private final ServerSocketChannel server;
  private final Thread serving;

  private FakeEngine(ServerSocketChannel server, Thread serving) {
    this.server = server;
    this.serving = serving;
  }

  /** Answers every connection with {@code answer(request head)}; null means: read, then never answer. */
  public static FakeEngine serve(Path socket, Function<String, String> answer, List<String> requests) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Thread serving = new Thread(() -> {
      while (server.isOpen()) {
        try (SocketChannel c = server.accept()) {
          ByteBuffer in = ByteBuffer.allocate(8192);
          StringBuilder head = new StringBuilder();
          while (!head.toString().contains("\r\n\r\n") && c.read(in) > 0) {
            head.append(new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1));
            in.clear();
          }
          requests.add(head.toString());
          String reply = answer.apply(head.toString());
          if (reply == null) {
            Thread.sleep(5000);
            continue;
          }
          c.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | InterruptedException closed) {
          return;
        }
      }
    }, "fake-dockerd");
    serving.setDaemon(true);
    serving.start();
    return new FakeEngine(server, serving);
  }

  public static String http(int status, String body) {
    return "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nApi-Version: 1.41\r\n\r\n" + body;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    server.close();
    serving.join(2000);
  }
}
