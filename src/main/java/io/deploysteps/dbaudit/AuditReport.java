package io.deploysteps.dbaudit;

import static io.deploysteps.dbaudit.ConnectionChart.esc;

import io.deploysteps.engine.Json;
import io.deploysteps.fs.HostFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files Jenkins archives or publishes: {@code db-connection-audit.json}, and
 * {@code db-connection-audit.html} (inline SVG coloured by presentation attributes, no scripts) with
 * its styles in the sibling {@code db-connection-audit.css}, each written atomically. The styles are
 * not inline because Jenkins' default Content-Security-Policy for archived files drops inline styles.
 */
public final class AuditReport {
  public static final String JSON_FILE = "db-connection-audit.json";
  public static final String HTML_FILE = "db-connection-audit.html";
  public static final String CSS_FILE = "db-connection-audit.css";

  private AuditReport() {}

  /** Writes both files into {@code directory} and returns the result that names them. */
  public static AuditResult write(HostFiles files, String directory, AuditResult result) {
    files.createDirectories(directory);
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("json", files.resolve(directory, JSON_FILE));
    paths.put("html", files.resolve(directory, HTML_FILE));
    AuditResult named = result.withReports(paths);
    files.writeAtomically(paths.get("json"), Json.write(named.toMap()) + "\n");
    files.writeAtomically(files.resolve(directory, CSS_FILE), stylesheet());
    files.writeAtomically(paths.get("html"), html(named));
    return named;
  }

  static String html(AuditResult r) {
    StringBuilder h = new StringBuilder();
    String status = r.status().toUpperCase(Locale.ROOT) + (r.saturated() ? " - SATURATED" : "");
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>dbConnectionAudit ").append(esc(r.request().url().address())).append("</title>\n")
        .append("<link rel=\"stylesheet\" href=\"").append(CSS_FILE).append("\">\n")
        .append("</head><body>\n");
    h.append("<h1>Database connection audit</h1>\n<p class=\"banner ")
        .append(r.exitCode() == 0 ? "OK" : r.exitCode() == 3 ? "WARNING" : "FAILURE").append("\">")
        .append(esc(status)).append("</p>\n<p>").append(esc(r.request().url().engine().label())).append(" at ")
        .append(esc(r.request().url().address())).append(" as ").append(esc(r.request().user()));
    ServerSnapshot s = r.snapshot();
    if (s != null) {
      h.append(" &middot; ").append(esc(s.version())).append(" &middot; max_connections ")
          .append(s.maxConnections()).append(", reserved ").append(s.reserved()).append(", now ")
          .append(s.currentConnections());
      if (s.peakConnections() >= 0) {
        h.append(", peak ").append(s.peakConnections());
      }
    }
    h.append(" &middot; audit took ").append(r.durationMs()).append(" ms over 1 connection</p>\n");
    h.append("<h2>Findings</h2>\n<table><tr><th>Severity</th><th>Check</th><th>What</th><th>Fix</th></tr>\n");
    for (AuditFinding f : r.findings()) {
      h.append("<tr><td class=\"").append(f.severity()).append("\">").append(f.severity()).append("</td><td>")
          .append(esc(f.code())).append("</td><td>").append(esc(f.message())).append("</td><td>")
          .append(esc(f.fix())).append("</td></tr>\n");
    }
    h.append("</table>\n<h2>Connections against max_connections</h2>\n").append(ConnectionChart.svg(r));
    h.append("<h2>Pools</h2>\n<table><tr><th>App</th><th>Pool</th><th>Instances</th><th>Connections</th></tr>\n");
    for (AppPool app : r.request().apps().values()) {
      boolean deploying = app.name().equals(r.request().deploying());
      h.append("<tr><td>").append(esc(app.name())).append(deploying ? " (deploying: counted twice)" : "")
          .append("</td><td>").append(app.pool()).append("</td><td>").append(app.instances()).append("</td><td>")
          .append(app.connections() * (deploying ? 2 : 1)).append("</td></tr>\n");
    }
    h.append("</table>\n");
    if (s != null) {
      sessions(h, SessionGroups.of(s.sessions(), r.request().sleepingAfter().toSeconds()));
    }
    return h.append("</body></html>\n").toString();
  }

  /** The report's stylesheet, kept as a resource next to this class. */
  static String stylesheet() {
    try (InputStream in = AuditReport.class.getResourceAsStream(CSS_FILE)) {
      if (in == null) {
        throw new IllegalStateException(CSS_FILE + " is missing from the deploy-steps jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sessions(StringBuilder h, List<Map<String, Object>> groups) {
    h.append("<h2>Sessions</h2>\n<table><tr><th>User</th><th>Host</th><th>Database</th><th>Application</th>"
        + "<th>State</th><th>Sessions</th><th>Sleeping</th><th>Longest idle (s)</th></tr>\n");
    for (Map<String, Object> g : groups) {
      h.append("<tr>");
      for (String k : List.of("user", "host", "database", "application", "state", "sessions", "sleeping",
          "maxIdleSeconds")) {
        Object v = g.get(k);
        // Active sessions have no idle time (SessionGroups says -1): an empty cell, not a number.
        boolean none = k.equals("maxIdleSeconds") && v instanceof Number && ((Number) v).longValue() < 0;
        h.append("<td>").append(none ? "" : esc(String.valueOf(v))).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }
}
