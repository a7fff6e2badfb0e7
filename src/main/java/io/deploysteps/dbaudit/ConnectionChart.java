package io.deploysteps.dbaudit;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The report's inline SVG: connections now (by user) and the pools' demand (by app) stacked against
 * max_connections, with the reserved slots, the headroom and the budget line.
 */
final class ConnectionChart {
  private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948",
      "#9c755f", "#bab0ac", "#e15759", "#ff9da7"};
  private static final int LEFT = 70;
  private static final int WIDTH = 640;
  private static final int BAR = 34;
  private static final String SWITCH = " (switch)";

  private ConnectionChart() {}

  static String svg(AuditResult r) {
    ServerSnapshot s = r.snapshot();
    ConnectionBudget b = r.budget();
    Map<String, Integer> now = new LinkedHashMap<>();
    if (s != null) {
      now.putAll(SessionGroups.byUser(s.sessions()));
      int hidden = s.currentConnections() - s.sessions().size();
      if (hidden > 0) {
        now.put("(not visible)", hidden);
      }
    }
    Map<String, Integer> pools = new LinkedHashMap<>();
    for (AppPool app : r.request().apps().values()) {
      pools.put(app.name(), app.connections());
      if (app.name().equals(r.request().deploying())) {
        pools.put(app.name() + SWITCH, app.connections());
      }
    }
    int max = s == null ? 0 : s.maxConnections();
    double top = Math.max(Math.max(max + (s == null ? 0 : s.superSlots()), sum(pools)), sum(now)) * 1.08 + 1;
    Map<String, String> colours = new LinkedHashMap<>();
    for (String name : now.keySet()) {
      colours.putIfAbsent(name, name.equals("(not visible)") ? "#999999" : PALETTE[colours.size() % PALETTE.length]);
    }
    for (String name : pools.keySet()) {
      String base = name.endsWith(SWITCH) ? name.substring(0, name.length() - SWITCH.length()) : name;
      colours.putIfAbsent(base, PALETTE[colours.size() % PALETTE.length]);
      colours.putIfAbsent(name, colours.get(base) + "99");
    }
    StringBuilder svg = new StringBuilder();
    int height = 190;
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"connections against max_connections\""
        + " font-family=\"sans-serif\" font-size=\"11\">%n", LEFT + WIDTH + 20, height, LEFT + WIDTH + 20, height));
    if (s != null && b != null) {
      int usableEnd = max - s.reserved();
      rect(svg, x(b.available(), top), 20, x(usableEnd, top) - x(b.available(), top), 2 * BAR + 20, "#fff3cd",
          "headroom " + b.headroom());
      rect(svg, x(usableEnd, top), 20, x(max, top) - x(usableEnd, top), 2 * BAR + 20, "#e0e0e0",
          "reserved " + s.reserved());
      if (s.superSlots() > 0) {
        rect(svg, x(max, top), 20, Math.max(2, x(max + s.superSlots(), top) - x(max, top)), 2 * BAR + 20,
            "#c8c8c8", "SUPER slot " + s.superSlots());
      }
    }
    stack(svg, "now", 30, now, top, colours);
    stack(svg, "pools", 30 + BAR + 10, pools, top, colours);
    if (s != null && b != null) {
      line(svg, x(max, top), "#d62728", "", "max_connections " + max);
      line(svg, x(b.available(), top), "#333", " stroke-dasharray=\"5,3\"", "budget " + b.available());
    }
    legend(svg, 140, colours);
    return svg.append("</svg>\n").toString();
  }

  private static void stack(StringBuilder svg, String label, int y, Map<String, Integer> parts, double top,
      Map<String, String> colours) {
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LEFT - 6,
        y + BAR / 2 + 4, label));
    int at = 0;
    for (Map.Entry<String, Integer> e : parts.entrySet()) {
      rect(svg, x(at, top), y, x(at + e.getValue(), top) - x(at, top), BAR, colours.get(e.getKey()),
          e.getKey() + ": " + e.getValue());
      at += e.getValue();
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%d</text>%n", x(at, top) + 4,
        y + BAR / 2 + 4, at));
  }

  private static void legend(StringBuilder svg, int y, Map<String, String> colours) {
    int xAt = LEFT;
    int row = y;
    for (String name : colours.keySet()) {
      int w = 18 + 7 * name.length();
      if (xAt + w > LEFT + WIDTH) {
        xAt = LEFT;
        row += 16;
      }
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\">%s</text>%n", xAt, row, colours.get(name), xAt + 14, row + 9, esc(name)));
      xAt += w + 10;
    }
  }

  private static void rect(StringBuilder svg, double x, int y, double w, int h, String fill, String title) {
    svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\""
        + " stroke=\"#fff\" stroke-width=\"0.5\">"
        + "<title>%s</title></rect>%n", x, y, Math.max(0, w), h, fill, esc(title)));
  }

  private static void line(StringBuilder svg, double x, String colour, String dash, String label) {
    svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"16\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\""
        + " stroke-width=\"2\"%s/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%s</text>%n",
        x, x, 2 * BAR + 44, colour, dash, x, label.startsWith("budget") ? 2 * BAR + 56 : 12, colour, esc(label)));
  }

  private static double x(double value, double top) {
    return LEFT + WIDTH * value / top;
  }

  private static int sum(Map<String, Integer> m) {
    return m.values().stream().mapToInt(Integer::intValue).sum();
  }


  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
