package io.deploysteps.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.engine.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.net.URLEncoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Docker Engine API over the daemon's local UNIX socket, for the few bulk reads and removals
 * where a docker CLI process per call costs more than the daemon's work (pruneDocker: one
 * {@code GET /images/json} instead of {@code docker image inspect} of every image, which the CLI
 * does as one API call per image). HTTP/1.0, one connection per request: the daemon then answers
 * with a plain body up to the end of the stream, no chunking to undo.
 *
 * <p>Only for a daemon on this machine's socket ({@link #locate}); a tcp or ssh DOCKER_HOST, a
 * docker context and a Jenkins agent's Launcher keep the CLI, which knows their TLS and transport.
 * A container's env values may travel in a request body (never a file, an argument or an
 * environment variable); nothing else here takes a secret.
 */
public final class EngineApi {
  /** The switch that keeps every call on the docker CLI ({@code DEPLOY_STEPS_DOCKER_API=off}). */
  public static final String SWITCH = "DEPLOY_STEPS_DOCKER_API";
  private static final String DEFAULT_SOCKET = "/var/run/docker.sock";
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "docker-api-timeout");
    t.setDaemon(true);
    return t;
  });

  /** An answer: the status code and the body as the daemon sent it. */
  public record Response(int status, byte[] body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    public JsonNode json() {
      return Json.read(text());
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The daemon's error message ({@code {"message": "..."}}), or the body itself. */
    public String message() {
      String text = text().strip();
      if (text.startsWith("{")) {
        try {
          return Json.read(text).path("message").asText(text);
        } catch (RuntimeException notJson) {
          return text;
        }
      }
      return text;
    }
  }

  private final Path socket;
  private final String host;

  public EngineApi(Path socket) {
    this.socket = socket;
    this.host = "unix://" + socket;
  }

  /**
   * The API of the daemon the docker CLI would use with this environment, when that is a socket on
   * this machine: DOCKER_HOST={@code unix://...}, or no DOCKER_HOST, no docker context chosen
   * (DOCKER_CONTEXT or {@code currentContext} in the client config) and {@value #DEFAULT_SOCKET}
   * present. Empty otherwise, and when {@value #SWITCH}=off or DEPLOY_STEPS_DOCKER names another
   * client than {@code docker}.
   */
  public static Optional<EngineApi> locate(Map<String, String> env) {
    if ("off".equalsIgnoreCase(env.getOrDefault(SWITCH, ""))
        || !"docker".equals(env.getOrDefault("DEPLOY_STEPS_DOCKER", "docker"))) {
      return Optional.empty();
    }
    String dockerHost = env.getOrDefault("DOCKER_HOST", "");
    Path socket;
    if (!dockerHost.isEmpty()) {
      if (!dockerHost.startsWith("unix://")) {
        return Optional.empty();
      }
      socket = Paths.get(dockerHost.substring("unix://".length()));
    } else {
      if (contextChosen(env)) {
        return Optional.empty();
      }
      socket = Paths.get(DEFAULT_SOCKET);
    }
    return socket.isAbsolute() && Files.exists(socket) ? Optional.of(new EngineApi(socket)) : Optional.empty();
  }

  private static boolean contextChosen(Map<String, String> env) {
    String named = env.getOrDefault("DOCKER_CONTEXT", "");
    if (!named.isEmpty()) {
      return !"default".equals(named);
    }
    String dir = env.get("DOCKER_CONFIG");
    Path config = dir != null ? Paths.get(dir, "config.json")
        : Paths.get(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker", "config.json");
    if (!Files.isRegularFile(config)) {
      return false;
    }
    try {
      String current = Json.read(Files.readString(config)).path("currentContext").asText("");
      return !current.isEmpty() && !"default".equals(current);
    } catch (IOException | RuntimeException unreadable) {
      return true; // the CLI would make sense of it (or fail); do not guess
    }
  }

  public Path socket() {
    return socket;
  }

  /** {@code unix:///path}, as DOCKER_HOST would say it. */
  public String host() {
    return host;
  }

  public Response get(String pathAndQuery, Duration timeout) {
    return call("GET", pathAndQuery, timeout);
  }

  public Response delete(String pathAndQuery, Duration timeout) {
    return call("DELETE", pathAndQuery, timeout);
  }

  /** A POST with a JSON body (e.g. a container's config, env values included: they stay on the socket). */
  public Response post(String pathAndQuery, String json, Duration timeout) {
    return call("POST", pathAndQuery, json == null ? null : json.getBytes(StandardCharsets.UTF_8), timeout);
  }

  public Response call(String method, String pathAndQuery, Duration timeout) {
    return call(method, pathAndQuery, null, timeout);
  }

  /** One request on a connection of its own; no answer within {@code timeout} closes it. */
  public Response call(String method, String pathAndQuery, byte[] body, Duration timeout) {
    String what = method + " " + pathAndQuery;
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> closeQuietly(channel), timeout.toMillis(), TimeUnit.MILLISECONDS);
      try {
        channel.connect(UnixDomainSocketAddress.of(socket));
        String request = method + " " + pathAndQuery + " HTTP/1.0\r\nHost: docker\r\nUser-Agent: deploy-steps\r\n"
            + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n") + "\r\n";
        for (ByteBuffer out : new ByteBuffer[] {ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)),
            ByteBuffer.wrap(body == null ? new byte[0] : body)}) {
          while (out.hasRemaining()) {
            channel.write(out);
          }
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream(64 * 1024);
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        while (channel.read(in) >= 0) {
          raw.write(in.array(), 0, in.position());
          in.clear();
        }
        return parse(raw.toByteArray(), what);
      } finally {
        alarm.cancel(false);
      }
    } catch (java.nio.channels.AsynchronousCloseException e) {
      throw new DockerUnavailableException(host, "no answer within " + timeout.toSeconds() + " s", what);
    } catch (IOException e) {
      throw new DockerUnavailableException(host, e.getMessage() == null ? e.toString() : e.getMessage(), what);
    }
  }

  /** Status line, headers up to the blank line, then the body (HTTP/1.0: everything that follows). */
  static Response parse(byte[] raw, String what) {
    int end = -1;
    for (int i = 0; i + 3 < raw.length; i++) {
      if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
        end = i;
        break;
      }
    }
    String head = new String(raw, 0, end < 0 ? raw.length : end, StandardCharsets.ISO_8859_1);
    String[] status = head.split("\r\n", 2)[0].split(" ", 3);
    if (end < 0 || status.length < 2 || !status[0].startsWith("HTTP/") || !status[1].matches("\\d{3}")) {
      throw new DockerException("not an HTTP answer from the Docker daemon to " + what + ": "
          + head.substring(0, Math.min(80, head.length())), what);
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    return new Response(Integer.parseInt(status[1]), body);
  }

  /** A path segment as the daemon's router reads it: unreserved characters, ':' and '/' kept, the rest %-escaped. */
  public static String escape(String segment) {
    StringBuilder sb = new StringBuilder();
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:/@".indexOf(c) >= 0) {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return sb.toString();
  }

  /** {@code --filter k=v} as the CLI sends it: {@code &filters={"k":{"v":true}}}; empty for none. */
  public static String filterQuery(List<String> filters) {
    if (filters.isEmpty()) {
      return "";
    }
    Map<String, Map<String, Boolean>> byKey = new LinkedHashMap<>();
    for (String f : filters) {
      int eq = f.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("a filter is key=value, not " + f);
      }
      byKey.computeIfAbsent(f.substring(0, eq), k -> new LinkedHashMap<>()).put(f.substring(eq + 1), true);
    }
    return "&filters=" + URLEncoder.encode(Json.write(byKey), StandardCharsets.UTF_8);
  }

  /** The JSON of a GET that must succeed. */
  JsonNode getJson(String pathAndQuery, Duration timeout) {
    Response r = get(pathAndQuery, timeout);
    if (!r.ok()) {
      throw failure("GET " + pathAndQuery, r);
    }
    return r.json();
  }

  /** An object that may not be there (404: empty, as the CLI's inspect of a list skips it). */
  Optional<JsonNode> find(String pathAndQuery, Duration timeout) {
    Response r = get(pathAndQuery, timeout);
    if (r.status() == 404) {
      return Optional.empty();
    }
    if (!r.ok()) {
      throw failure("GET " + pathAndQuery, r);
    }
    return Optional.of(r.json());
  }

  /** A request that must succeed (2xx, or 304: already so); its answer. */
  Response expect(String method, String pathAndQuery, Object jsonBody, Duration timeout) {
    Response r = call(method, pathAndQuery, jsonBody == null ? null : Json.write(jsonBody).getBytes(StandardCharsets.UTF_8),
        timeout);
    if (!r.ok() && r.status() != 304) {
      throw failure(method + " " + pathAndQuery, r);
    }
    return r;
  }

  static DockerException failure(String request, Response r) {
    return new DockerException(request + " failed (HTTP " + r.status() + "): " + r.message(), request);
  }

  /** A refusal as Docker words it to its users, whichever client asked. */
  static String refusal(Response r) {
    return "Error response from daemon: " + r.message();
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // the read that waits on it fails with AsynchronousCloseException, which is the report
    }
  }
}
