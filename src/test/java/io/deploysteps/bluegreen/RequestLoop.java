package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two clients GETting a path through a proxy's public port for as long as a test runs, as visitors
 * would: one opens a new connection per request, one keeps its connection alive. Every answer is
 * counted (2xx or not), every failure kept (a failed new connection; an error on a kept-alive one:
 * a reset), so a test can say "not one visitor saw anything but a 2xx while the deploy ran".
 */
final class RequestLoop implements AutoCloseable {
  private final int port;
  private final String path;
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> problems = new ArrayList<>();
  /** The bodies the new-connection client got, consecutive repeats folded: the order versions served in. */
  private final List<String> served = new ArrayList<>();
  private final List<Thread> clients = new ArrayList<>();
  private volatile boolean running = true;

  private RequestLoop(int port, String path) {
    this.port = port;
    this.path = path;
  }

  /** Starts both clients on {@code 127.0.0.1:port} and waits for their first answers, all 2xx. */
  static RequestLoop start(int port, String path) {
    RequestLoop loop = running(port, path);
    loop.awaitRequests(2);
    loop.assertClean(2);
    return loop;
  }

  /** Starts both clients, whatever they get. */
  static RequestLoop running(int port, String path) {
    RequestLoop loop = new RequestLoop(port, path);
    loop.clients.add(new Thread(loop::newConnections, "loop-new-connections"));
    loop.clients.add(new Thread(loop::keptAlive, "loop-keep-alive"));
    loop.clients.forEach(t -> {
      t.setDaemon(true);
      t.start();
    });
    return loop;
  }

  /** Waits (up to 10 s) until {@code n} answers came, 2xx or not. */
  void awaitRequests(int n) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (requests.get() < n && System.nanoTime() < deadline) {
      TestNginx.sleep(20);
    }
  }

  private void newConnections() {
    while (running) {
      try (Socket s = connect()) {
        answer(s, "close");
      } catch (IOException e) {
        problem("new connection: " + e);
      }
      TestNginx.sleep(5);
    }
  }

  private void keptAlive() {
    Socket s = null;
    while (running) {
      boolean reused = s != null;
      try {
        if (s == null) {
          s = connect();
        }
        if (!answer(s, "keep-alive")) {
          s.close();
          s = null;
        }
      } catch (IOException e) {
        problem((reused ? "reset on a kept-alive connection: " : "new connection: ") + e);
        close(s);
        s = null;
      }
      TestNginx.sleep(5);
    }
    close(s);
  }

  private Socket connect() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    s.setSoTimeout(15_000);
    return s;
  }

  /** One GET on {@code s}; true when the connection may be used again. */
  private boolean answer(Socket s, String connection) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: " + connection + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = s.getInputStream();
    String head = head(in);
    String status = head.lines().findFirst().orElse("");
    int length = -1;
    boolean close = false;
    boolean chunked = false;
    for (String h : head.lines().skip(1).toList()) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(h.substring(15).strip());
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    String body = new String(chunked ? chunks(in) : length < 0 ? in.readAllBytes() : in.readNBytes(length), StandardCharsets.UTF_8)
        .strip();
    requests.incrementAndGet();
    String[] parts = status.split(" ");
    if (parts.length < 2 || !parts[1].startsWith("2")) {
      problem("answer: " + status + " " + body);
    } else if (connection.equals("close")) {
      synchronized (served) {
        if (served.isEmpty() || !served.get(served.size() - 1).equals(body)) {
          served.add(body);
        }
      }
    }
    return !close && (length >= 0 || chunked);
  }

  private static byte[] chunks(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
      b.write(in.readNBytes(size));
      in.readNBytes(2);
    }
    head(new java.io.SequenceInputStream(new java.io.ByteArrayInputStream("\r\n".getBytes(StandardCharsets.US_ASCII)), in));
    return b.toByteArray();
  }

  private static int chunkSize(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed in a chunked answer");
      }
      line.append((char) c);
    }
    return Integer.parseInt(line.toString().strip().split(";")[0], 16);
  }

  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed after " + b.size() + " bytes of the answer's head");
      }
      b.write(c);
      matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : c == '\r' ? 1 : 0;
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  private void problem(String what) {
    if (!running) {
      return;
    }
    synchronized (problems) {
      problems.add(what);
    }
  }

  private static void close(Socket s) {
    try {
      if (s != null) {
        s.close();
      }
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** Asserts at least {@code min} answers so far and none that was not a 2xx, no failed connection and no reset. */
  void assertClean(int min) {
    synchronized (problems) {
      assertEquals(requests.get() + " requests through 127.0.0.1:" + port + path + ", problems (first 10): "
          + problems.subList(0, Math.min(10, problems.size())), 0, problems.size());
    }
    assertTrue("only " + requests.get() + " requests through 127.0.0.1:" + port + path, requests.get() >= min);
  }

  /** What new visitors were served, in order, consecutive repeats folded. */
  List<String> served() {
    synchronized (served) {
      return List.copyOf(served);
    }
  }

  List<String> problems() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }

  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    running = false;
    for (Thread t : clients) {
      try {
        t.join(20_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
