package io.deploysteps.dbaudit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import com.sun.net.httpserver.HttpServer;
import io.deploysteps.dbaudit.AuditFinding.Severity;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.testing.HeadlessChromium;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The audit report under the policy Jenkins serves archived files with: a real headless Chromium
 * loads it from an HTTP server that sends that header, and the WARNING cell must keep its colour.
 * A copy with the styles inline (the report before the sibling .css) loses it under the same header,
 * which shows the header is in force.
 */
public class AuditReportCspIT {
  /** Jenkins' default for DirectoryBrowserSupport (hudson.model.DirectoryBrowserSupport.CSP). */
  static final String JENKINS_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'self';";
  private static final String WARNING_COLOUR = "rgb(166, 107, 0)";  // #a66b00 in the stylesheet

  @ClassRule
  public static TemporaryFolder tmp = new TemporaryFolder();
  private static HttpServer server;
  private static HeadlessChromium chromium;
  private static Path dir;

  @BeforeClass
  public static void serveAReportWithAWarning() throws Exception {
    AuditRequest r = AuditRequest.fromMap(Map.of("url", "jdbc:mariadb://127.0.0.1:3306/", "user", "audit",
        "apps", "api=10x2,batch=5", "deploying", "api"));
    ServerSnapshot s = Snapshots.mysql(60, List.of(Snapshots.self("audit")), 20, 60, true, Map.of());
    ConnectionBudget b = ConnectionBudget.of(r.apps().values(), "api", r.headroom(), 60, 0);
    AuditFinding warning = new AuditFinding(Severity.WARNING, "wait_timeout", "sleepers are kept for long",
        "lower wait_timeout", Map.of());
    dir = tmp.newFolder("report").toPath();
    AuditReport.write(new LocalHostFiles(), dir.toString(), new AuditResult(r, s, b, List.of(warning), 5, Map.of()));
    String html = Files.readString(dir.resolve(AuditReport.HTML_FILE));
    Files.writeString(dir.resolve("inline.html"), html.replace(
        "<link rel=\"stylesheet\" href=\"" + AuditReport.CSS_FILE + "\">", "<style>" + AuditReport.stylesheet() + "</style>"));

    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      Path file = dir.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
      boolean found = file.startsWith(dir) && Files.isRegularFile(file);
      byte[] body = found ? Files.readAllBytes(file) : new byte[0];
      String name = file.getFileName().toString();
      exchange.getResponseHeaders().set("Content-Type", name.endsWith(".css") ? "text/css" : "text/html; charset=utf-8");
      exchange.getResponseHeaders().set("Content-Security-Policy", JENKINS_CSP);
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.sendResponseHeaders(found ? 200 : 404, found ? body.length : -1);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    chromium = HeadlessChromium.start();
  }

  @AfterClass
  public static void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  private static String url(String file) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + file;
  }

  @Test
  public void theWarningCellKeepsItsColourUnderJenkinsPolicy() throws Exception {
    chromium.load(url(AuditReport.HTML_FILE));
    assertEquals(WARNING_COLOUR, chromium.computedStyle("td.WARNING", "color"));
    assertEquals("the table borders come from the stylesheet too", "collapse",
        chromium.computedStyle("table", "border-collapse"));
  }

  @Test
  public void inlineStylesAreDroppedUnderTheSamePolicy() throws Exception {
    chromium.load(url("inline.html"));
    assertNotEquals(WARNING_COLOUR, chromium.computedStyle("td.WARNING", "color"));
  }
}
