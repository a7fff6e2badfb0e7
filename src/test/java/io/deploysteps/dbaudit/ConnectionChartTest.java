package io.deploysteps.dbaudit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

public class ConnectionChartTest {
  private static final Pattern SEGMENT = Pattern.compile("fill=\"(#[0-9a-f]+)\"[^>]*><title>([^<]+): (\\d+)</title>");

  @Test
  public void eachAppHasItsOwnColourSharedWithItsUserAndTheHiddenRestIsGrey() {
    AuditRequest r = AuditRequest.fromMap(Map.of("url", "jdbc:mariadb://127.0.0.1/", "user", "audit",
        "apps", "api=40x2,batch=20,worker=8x3", "deploying", "api"));
    List<Session> sessions = new ArrayList<>(Snapshots.idle("api", 6, 5));
    sessions.add(Snapshots.self("audit"));
    ServerSnapshot s = new ServerSnapshot(DatabaseUrl.Engine.MYSQL, "10.11", "audit@%", 200, 0, 1, 10, 10, sessions,
        false, "", 0, Map.of(), Map.of(), Map.of(), Map.of());
    ConnectionBudget b = ConnectionBudget.of(r.apps().values(), "api", 0.1, 200, 0);
    String svg = ConnectionChart.svg(new AuditResult(r, s, b, List.of(), 1, Map.of()));

    Map<String, String> fill = new java.util.HashMap<>();
    Map<String, Integer> value = new java.util.HashMap<>();
    Matcher m = SEGMENT.matcher(svg);
    while (m.find()) {
      fill.putIfAbsent(m.group(2), m.group(1));
      value.putIfAbsent(m.group(2), Integer.parseInt(m.group(3))); // the "now" row comes first
    }
    assertEquals(6, (int) value.get("api"));
    assertEquals("10 connected, 7 visible", 3, (int) value.get("(not visible)"));
    assertEquals("#999999", fill.get("(not visible)"));
    assertEquals(80, (int) value.get("api (switch)"));
    assertEquals(fill.get("api") + "99", fill.get("api (switch)"));
    assertNotEquals(fill.get("api"), fill.get("batch"));
    assertNotEquals(fill.get("batch"), fill.get("worker"));
    assertNotEquals(fill.get("api"), fill.get("worker"));
    assertTrue(svg.contains(">max_connections 200<"));
    assertTrue(svg.contains(">budget 180<"));
  }
}
