package io.deploysteps.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deploysteps.engine.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real headless Chromium (Debian package {@code chromium}) driven over the DevTools protocol: it
 * loads a page and answers computed styles. Styles are read through the protocol's CSS domain, not a
 * page script, so it works on pages whose Content-Security-Policy forbids scripts.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final long TIMEOUT_S = 30;
  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

  private HeadlessChromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** Starts Chromium on about:blank with a new empty profile and attaches to its page. */
  public static HeadlessChromium start() throws Exception {
    Path profile = Files.createTempDirectory("deploy-steps-chromium-");
    ProcessBuilder pb = new ProcessBuilder(List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
        "about:blank"))
        .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile());
    // Chromium's own temp dirs (org.chromium.Chromium.*) go inside the profile, removed by close().
    Path tmp = Files.createDirectories(profile.resolve("tmp"));
    pb.environment().put("TMPDIR", tmp.toString());
    Process p = pb.start();
    try {
      int port = devToolsPort(p, profile);
      HttpClient http = HttpClient.newHttpClient();
      String page = null;
      for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S); page == null; ) {
        JsonNode targets = Json.read(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
            .build(), HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode t : targets) {
          if ("page".equals(t.path("type").asText())) {
            page = t.path("webSocketDebuggerUrl").asText();
          }
        }
        if (page == null) {
          check(System.nanoTime() < end, "Chromium opened no page target", profile);
          Thread.sleep(100);
        }
      }
      HeadlessChromium[] self = new HeadlessChromium[1];
      WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(page), new WebSocket.Listener() {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
          text.append(data);
          if (last) {
            self[0].receive(text.toString());
            text.setLength(0);
          }
          w.request(1);
          return null;
        }
      }).get(TIMEOUT_S, TimeUnit.SECONDS);
      self[0] = new HeadlessChromium(p, profile, ws);
      return self[0];
    } catch (Exception | Error e) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw e;
    }
  }

  private static String binary() {
    for (String b : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(b))) {
        return b;
      }
    }
    throw new IllegalStateException("no chromium: scripts/local-stack up installs the Debian package chromium");
  }

  /** Chromium writes the port it picked to DevToolsActivePort in the profile. */
  private static int devToolsPort(Process p, Path profile) throws Exception {
    Path file = profile.resolve("DevToolsActivePort");
    for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S); ; Thread.sleep(50)) {
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file);
        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
          return Integer.parseInt(lines.get(0).strip());
        }
      }
      check(p.isAlive(), "Chromium exited with " + (p.isAlive() ? 0 : p.exitValue()), profile);
      check(System.nanoTime() < end, "Chromium wrote no DevToolsActivePort", profile);
    }
  }

  private static void check(boolean ok, String what, Path profile) throws IOException {
    if (!ok) {
      Path log = profile.resolve("chromium.log");
      throw new IllegalStateException(what + "; its log: " + (Files.exists(log) ? Files.readString(log) : "(none)"));
    }
  }

  private void receive(String message) {
    JsonNode m = Json.read(message);
    if (m.has("id")) {
      CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
      if (f != null) {
        f.complete(m);
      }
    } else {
      events.add(m);
    }
  }

  /** Sends one protocol command and returns its {@code result}; a protocol error is an exception. */
  public JsonNode call(String method, Map<String, ?> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode msg = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
    msg.set("params", Json.MAPPER.valueToTree(params));
    socket.sendText(Json.MAPPER.writeValueAsString(msg), true).get(TIMEOUT_S, TimeUnit.SECONDS);
    JsonNode m = answer.get(TIMEOUT_S, TimeUnit.SECONDS);
    if (m.has("error")) {
      throw new IllegalStateException(method + ": " + m.get("error"));
    }
    return m.path("result");
  }

  /** Navigates and waits for the load event (stylesheets are loaded by then). */
  public void load(String url) throws Exception {
    call("Page.enable", Map.of());
    events.clear();
    call("Page.navigate", Map.of("url", url));
    for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S); ; ) {
      JsonNode e = events.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new IllegalStateException("no load event for " + url + " within " + TIMEOUT_S + " s");
      }
      if ("Page.loadEventFired".equals(e.path("method").asText())) {
        return;
      }
    }
  }

  /** The computed value of {@code property} on the first element matching {@code selector}. */
  public String computedStyle(String selector, String property) throws Exception {
    call("DOM.enable", Map.of());
    call("CSS.enable", Map.of());
    int root = call("DOM.getDocument", Map.of()).path("root").path("nodeId").asInt();
    int node = call("DOM.querySelector", Map.of("nodeId", root, "selector", selector)).path("nodeId").asInt();
    if (node == 0) {
      throw new IllegalStateException("no element matches " + selector);
    }
    for (JsonNode p : call("CSS.getComputedStyleForNode", Map.of("nodeId", node)).path("computedStyle")) {
      if (property.equals(p.path("name").asText())) {
        return p.path("value").asText();
      }
    }
    throw new IllegalStateException("no computed " + property + " on " + selector);
  }

  @Override
  public void close() throws Exception {
    try {
      socket.abort();
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      try (var walk = Files.walk(profile)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
