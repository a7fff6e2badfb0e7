package io.deploysteps.dbaudit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.engine.Json;
import io.deploysteps.fs.LocalHostFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AuditReportTest {
  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void writesJsonAndHtmlWithAnInlineChart() throws Exception {
    AuditRequest r = AuditRequest.fromMap(Map.of("url", "jdbc:mariadb://127.0.0.1:3306/", "user", "audit",
        "apps", "api=10x2,batch=5", "deploying", "api"));
    List<Session> sessions = new java.util.ArrayList<>(Snapshots.idle("api", 12, 300));
    sessions.add(Snapshots.self("audit"));
    sessions.addAll(Snapshots.idle("<evil>", 1, 1));
    ServerSnapshot s = Snapshots.mysql(60, sessions, 20, 60, true, Map.of("Connections", 10L, "Aborted_connects", 0L));
    ConnectionBudget b = ConnectionBudget.of(r.apps().values(), "api", r.headroom(), 60, 0);
    AuditResult result = new AuditResult(r, s, b, Findings.evaluate(r, s, b), 5, Map.of());
    String dir = tmp.getRoot().toPath().resolve("reports/db").toString();

    AuditResult written = AuditReport.write(new LocalHostFiles(), dir, result);

    Path json = Path.of(dir, AuditReport.JSON_FILE);
    Path html = Path.of(dir, AuditReport.HTML_FILE);
    assertEquals(json.toString(), written.reports().get("json"));
    JsonNode node = Json.read(Files.readString(json));
    assertEquals(45, node.at("/budget/demand").asInt());
    assertEquals(20, node.at("/budget/deployingExtra").asInt());
    assertEquals(12, node.at("/connectionsByUser/api").asInt());
    assertEquals(html.toString(), node.at("/reports/html").asText());
    String page = Files.readString(html);
    assertTrue(page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assertTrue(page.contains("max_connections 60"));
    assertTrue(page.contains("budget 54"));
    assertTrue(page.contains("api (switch)"));
    assertTrue("server strings are escaped", page.contains("&lt;evil&gt;") && !page.contains("<evil>"));
    assertFalse("no scripts in a report Jenkins serves", page.contains("<script"));
    assertFalse("no inline styles: Jenkins' CSP drops them", page.contains("<style") || page.contains("style="));
    assertTrue(page.contains("<link rel=\"stylesheet\" href=\"db-connection-audit.css\">"));
    assertTrue(Files.readString(Path.of(dir, AuditReport.CSS_FILE)).contains(".WARNING { color: #a66b00; }"));
    // The audit's own session is active: its group's "Longest idle" is empty, never -1.
    assertFalse(page, page.contains("<td>-1</td>"));
    assertTrue(page, page.contains("<td>active</td><td>1</td><td>0</td><td></td></tr>"));
    try (var files = Files.list(Path.of(dir))) {
      assertEquals("json, html and css; no temp files left", 3, files.count());
    }
  }

  @Test
  public void aSaturatedServerStillGetsAReport() throws Exception {
    AuditRequest r = AuditRequest.fromMap(Map.of("url", "jdbc:postgresql://127.0.0.1/app", "user", "audit",
        "apps", "api=10"));
    AuditResult result = new AuditResult(r, null, null,
        List.of(Findings.saturated("127.0.0.1:5432", "audit", "sorry, too many clients already")), 3, Map.of());
    AuditResult written = AuditReport.write(new LocalHostFiles(), tmp.getRoot().toString(), result);
    String page = Files.readString(Path.of(written.reports().get("html")));
    assertTrue(page.contains("FAILED - SATURATED"));
    assertTrue(page.contains("sorry, too many clients already"));
  }
}
