package io.deploysteps.testing;

import io.deploysteps.docker.BuildSpec;
import io.deploysteps.docker.Docker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds small real images FROM scratch with the static busybox: {@code busybox httpd} serving
 * /www on 127.0.0.1:$PORT (default 3000). Options make it slow to start, crash, carry a
 * Docker HEALTHCHECK, or listen on a fixed port as seed 003's images do.
 */
public final class TestImage {
  private final String tag;
  private final Map<String, String> pages = new LinkedHashMap<>();
  private final Map<String, String> labels = new LinkedHashMap<>();
  private int startDelaySeconds;
  private boolean crash;
  private int serveSeconds;
  private String healthcheckPath;
  private String filler;
  private int fixedPort;
  private final Map<String, String> envPages = new LinkedHashMap<>();
  private final Map<String, Integer> slowPages = new LinkedHashMap<>();

  private TestImage(String tag) {
    this.tag = tag;
    pages.put("index.html", "hello from " + tag + "\n");
    pages.put("health", "ok\n");
  }

  /** An image tagged {@code tag} answering {@code /} with "hello from TAG" and {@code /health} with "ok". */
  public static TestImage tagged(String tag) {
    return new TestImage(tag);
  }

  public String tag() {
    return tag;
  }

  /** A file under /www (served at /NAME). */
  public TestImage page(String name, String content) {
    pages.put(name, content);
    return this;
  }

  /** A CGI page at /cgi-bin/NAME that answers "slow NAME done" after {@code seconds} (a request still in flight at a switch). */
  public TestImage slowPage(String name, int seconds) {
    slowPages.put(name, seconds);
    return this;
  }

  public TestImage withoutPage(String name) {
    pages.remove(name);
    return this;
  }

  public TestImage label(String k, String v) {
    labels.put(k, v);
    return this;
  }

  /** Sleeps before httpd starts listening. */
  public TestImage startDelay(int seconds) {
    startDelaySeconds = seconds;
    return this;
  }

  /** Exits with status 3 right away instead of serving. */
  public TestImage crashing() {
    crash = true;
    return this;
  }

  /** Serves for {@code seconds}, then exits with status 1 (healthy at first, dead soon after). */
  public TestImage servingFor(int seconds) {
    serveSeconds = seconds;
    return this;
  }

  /** Adds a Docker HEALTHCHECK that fetches {@code path} every second. */
  public TestImage dockerHealthcheck(String path) {
    healthcheckPath = path;
    return this;
  }

  /**
   * Listens on {@code port} whatever $PORT says, on every address of its own network namespace: on
   * a bridge the published port reaches the container's address, not its loopback.
   */
  public TestImage fixedPort(int port) {
    fixedPort = port;
    return this;
  }

  /** Serves the container's variable {@code variable} at /NAME, written when it starts (to see a container's env). */
  public TestImage envPage(String name, String variable) {
    envPages.put(name, variable);
    return this;
  }

  /** Adds a unique file so the image gets its own id and a layer of its own (for prune tests). */
  public TestImage unique(String marker) {
    filler = marker;
    return this;
  }

  /** Builds it with {@code docker} and returns the image id. */
  public String build(Docker docker) {
    try {
      Path dir = Files.createTempDirectory("test-image");
      try {
        Files.copy(Paths.get(LocalStack.busybox()), dir.resolve("busybox"));
        Path www = Files.createDirectories(dir.resolve("www"));
        for (Map.Entry<String, String> e : pages.entrySet()) {
          Files.writeString(www.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, Integer> e : slowPages.entrySet()) {
          Path cgi = Files.createDirectories(www.resolve("cgi-bin")).resolve(e.getKey());
          Files.writeString(cgi, "#!/bin/busybox sh\nbusybox sleep " + e.getValue() + "\nprintf 'Content-Type: text/plain\\r\\n\\r\\nslow "
              + e.getKey() + " done\\n'\n", StandardCharsets.UTF_8);
          cgi.toFile().setExecutable(true, false);
        }
        if (filler != null) {
          Files.writeString(www.resolve(".marker"), filler, StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve("Dockerfile"), dockerfile(), StandardCharsets.UTF_8);
        BuildSpec.Builder spec = BuildSpec.context(dir.toString()).tag(tag);
        labels.forEach(spec::label);
        return docker.build(spec.build(), line -> { });
      } finally {
        deleteTree(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String dockerfile() {
    String listen = fixedPort > 0 ? String.valueOf(fixedPort) : "127.0.0.1:${PORT:-3000}";
    String serve = crash
        ? "echo 'fatal: cannot start' >&2; exit 3"
        : serveSeconds > 0
        ? "busybox httpd -p " + listen + " -h /www; busybox sleep " + serveSeconds + "; echo 'fatal: lost my mind' >&2; exit 1"
        : (startDelaySeconds > 0 ? "busybox sleep " + startDelaySeconds + "; " : "")
            + "echo \"listening on " + listen + "\"; exec busybox httpd -f -p " + listen + " -h /www";
    StringBuilder pages = new StringBuilder();
    envPages.forEach((name, variable) -> pages.append("echo \"$").append(variable).append("\" > /www/").append(name).append("; "));
    serve = pages + serve;
    StringBuilder b = new StringBuilder()
        .append("FROM scratch\n")
        .append("COPY busybox /bin/busybox\n")
        .append("COPY www /www\n")
        .append("ENV PATH=/bin\n");
    if (healthcheckPath != null) {
      b.append("HEALTHCHECK --interval=1s --timeout=1s --retries=2 CMD [\"/bin/busybox\", \"sh\", \"-c\", ")
          .append("\"busybox wget -q -O /dev/null http://127.0.0.1:").append(fixedPort > 0 ? String.valueOf(fixedPort) : "${PORT:-3000}")
          .append(healthcheckPath).append("\"]\n");
    }
    b.append("ENTRYPOINT [\"/bin/busybox\", \"sh\", \"-c\"]\n")
        .append("CMD [\"").append(serve.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]\n");
    return b.toString();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
