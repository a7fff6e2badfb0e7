package io.deploysteps.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.deploysteps.bluegreen.RecordingRunner;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.testing.RecordingLog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The probe the plugin's health checks use: its argv, and real curl against a real HTTP server on
 * loopback (a made-up stdout once hid that curl printed no status at all: issue 13, bug 3).
 */
public class CurlHttpProbeTest {
  private HttpServer server;
  private final CurlHttpProbe probe = new CurlHttpProbe(new LocalCommandRunner(new RecordingLog().log()), "curl");

  @Before
  public void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    answer("/health", 200, "ok\n");
    server.createContext("/upstream", exchange -> {
      exchange.getResponseHeaders().add("X-Deploy-Steps-Upstream", "http://127.0.0.1:4000");
      byte[] bytes = "hello\n\nstill body".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    answer("/starting", 503, "warming up");
    answer("/empty", 204, "");
    // A body that itself holds the mark: the status is the last one, written after the body.
    answer("/tricky", 200, "x" + CurlHttpProbe.STATUS_MARK + "500\nmore");
    server.start();
  }

  private void answer(String path, int status, String body) {
    server.createContext(path, exchange -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
  }

  @After
  public void stopServer() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  public void runsCurlWithoutAShellAndAFormatCurlDoesNotReadAsAFileName() {
    RecordingRunner runner = new RecordingRunner();
    new CurlHttpProbe(runner, "curl").get("http://127.0.0.1:4000/health", Duration.ofSeconds(2));
    List<String> argv = runner.argvs.get(0);
    assertEquals(List.of("curl", "--silent", "--show-error", "--max-time", "2.0", "--output", "-",
        "--dump-header", "-", "--write-out", "\ndeploy-steps-http-code=%{http_code}", "http://127.0.0.1:4000/health"), argv);
    assertFalse(argv.get(argv.indexOf("--write-out") + 1).startsWith("@"));
  }

  @Test
  public void realCurlReadsTheStatusAndTheBody() {
    HttpProbe.Answer a = probe.get(url("/health"), Duration.ofSeconds(5));
    assertEquals(200, a.status());
    assertEquals("ok\n", a.body());
  }

  @Test
  public void realCurlReadsAnUnhealthyStatusAsAnAnswer() {
    HttpProbe.Answer a = probe.get(url("/starting"), Duration.ofSeconds(5));
    assertTrue(a.answered());
    assertEquals(503, a.status());
    assertEquals("warming up", a.body());
  }

  @Test
  public void realCurlReadsAnEmptyBodyAndABodyHoldingTheMark() {
    assertEquals(204, probe.get(url("/empty"), Duration.ofSeconds(5)).status());
    HttpProbe.Answer tricky = probe.get(url("/tricky"), Duration.ofSeconds(5));
    assertEquals(200, tricky.status());
    assertEquals("x" + CurlHttpProbe.STATUS_MARK + "500\nmore", tricky.body());
  }

  @Test
  public void realCurlWithNothingListeningIsAFailedProbeWithCurlsError() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    HttpProbe.Answer a = probe.get("http://127.0.0.1:" + closed + "/health", Duration.ofSeconds(5));
    assertFalse(a.answered());
    assertTrue(a.body(), a.body().startsWith("curl: (7) Failed to connect to 127.0.0.1 port " + closed));
  }

  @Test
  public void realCurlReadsTheHeadersApartFromTheBody() {
    HttpProbe.Answer a = probe.get(url("/upstream"), Duration.ofSeconds(5));
    assertEquals(200, a.status());
    assertEquals("hello\n\nstill body", a.body());
    assertEquals("http://127.0.0.1:4000", a.header("x-deploy-steps-upstream"));
    assertEquals(null, a.header("X-Other"));
  }

  @Test
  public void parseKeepsTheBodyBeforeTheMark() {
    HttpProbe.Answer a = CurlHttpProbe.parse(new CommandResult(0, "ok\n\ndeploy-steps-http-code=200", "", Duration.ZERO));
    assertEquals(200, a.status());
    assertEquals("ok\n", a.body());
  }
}
