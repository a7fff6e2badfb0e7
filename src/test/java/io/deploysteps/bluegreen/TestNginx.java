package io.deploysteps.bluegreen;

import io.deploysteps.testing.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx of a test's own: prefix, config and include file in a temp directory, listening on
 * 127.0.0.1:port and proxying to {@code $service_url} from the include, as seed 002 sets it up.
 */
final class TestNginx {
  final Path dir;
  final int port;
  final Path include;
  final Path conf;

  TestNginx(Path dir, int port, int initialServicePort) {
    this(dir, port, initialServicePort, false);
  }

  /**
   * {@code siteTemplate}: the server block is resources/io/deploysteps/nginx/blue-green-site.conf as
   * shipped (the include inside the location, the upstream header), else seed 002's own.
   */
  TestNginx(Path dir, int port, int initialServicePort, boolean siteTemplate) {
    this(dir, port, "127.0.0.1:" + port, initialServicePort, siteTemplate ? "" : null);
  }

  /**
   * nginx for a container on a user network: the shipped site template listening on {@code
   * listenPort} (every address of the container; Docker publishes it as 127.0.0.1:{@code
   * publishedPort}) with the template's documented {@code resolver 127.0.0.11 valid=1s;} line
   * enabled, so the include may name the colours.
   */
  static TestNginx inContainer(Path dir, int publishedPort, int listenPort, int initialServicePort) {
    return new TestNginx(dir, publishedPort, String.valueOf(listenPort), initialServicePort, "# resolver 127.0.0.11 valid=1s;");
  }

  /** {@code enabled}: null for seed 002's server block, else the template with this commented-out line enabled. */
  private TestNginx(Path dir, int port, String listen, int initialServicePort, String enabled) {
    this.dir = dir;
    this.port = port;
    this.include = dir.resolve("service-url.inc");
    this.conf = dir.resolve("nginx.conf");
    try {
      Files.createDirectories(dir);
      Files.writeString(include, NginxIncludeSwitch.content(initialServicePort));
      serve(enabled != null ? site(listen, include, enabled) : String.join("\n",
          "  server {",
          "    listen 127.0.0.1:" + port + ";",
          "    include " + include + ";",
          "    location / { proxy_pass $service_url; }",
          "  }"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes nginx.conf with {@code httpLines} as what its http block serves (in place of the server
   * block that proxies to the include), under this instance's own pid, logs and temp paths.
   */
  void serve(String... httpLines) {
    String d = dir.toString();
    try {
      Files.writeString(conf, String.join("\n",
          "user root;",
          "worker_processes 2;",
          "pid " + d + "/nginx.pid;",
          "error_log " + d + "/error.log;",
          "events { worker_connections 1024; }",
          "http {",
          "  access_log off;",
          "  client_body_temp_path " + d + "/body; proxy_temp_path " + d + "/proxy; fastcgi_temp_path " + d + "/fastcgi;",
          "  uwsgi_temp_path " + d + "/uwsgi; scgi_temp_path " + d + "/scgi;",
          String.join("\n", httpLines),
          "}", ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String site(String listen, Path include, String enabled) throws IOException {
    String template = Files.readString(java.nio.file.Paths.get("resources/io/deploysteps/nginx/blue-green-site.conf"));
    if (!enabled.isEmpty() && !template.contains(enabled)) {
      throw new AssertionError("the site template no longer has the line '" + enabled + "'");
    }
    String site = template.replace("@LISTEN@", listen).replace("@INCLUDE_FILE@", include.toString());
    return enabled.isEmpty() ? site : site.replace(enabled, enabled.substring("# ".length()));
  }

  /** nginx's own arguments for this instance (after the program name). */
  List<String> args(String... more) {
    List<String> a = new ArrayList<>(List.of("-p", dir.toString(), "-c", conf.toString(), "-e", dir.resolve("error.log").toString()));
    a.addAll(List.of(more));
    return a;
  }

  /** blueGreenDeploy's {@code proxy} for this nginx: its include, with its own test and reload argv. */
  java.util.Map<String, Object> includeProxy() {
    return java.util.Map.of("includeFile", include.toString(), "testCommand", command("-t"), "reloadCommand", command("-s", "reload"));
  }

  List<String> command(String... more) {
    List<String> a = new ArrayList<>();
    a.add(LocalStack.nginxBin());
    a.addAll(args(more));
    return a;
  }

  /** blueGreenDeploy's proxy parameter for this nginx: its include, its own test and reload. */
  java.util.Map<String, Object> proxyParams() {
    return java.util.Map.of("includeFile", include.toString(), "testCommand", command("-t"), "reloadCommand", command("-s", "reload"));
  }

  void start() {
    run(command());
    awaitListening();
  }

  void awaitListening() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        sleep(50);
      }
    }
    throw new AssertionError("nginx did not listen on 127.0.0.1:" + port);
  }

  /** Stops nginx and waits for its master to exit (it removes its pid file last). */
  void stop() {
    Path pid = dir.resolve("nginx.pid");
    if (Files.exists(pid)) {
      run(command("-s", "stop"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (Files.exists(pid) && System.nanoTime() < deadline) {
        sleep(20);
      }
    }
  }

  /**
   * The worker pids, once the workers of an earlier reload have gone: a reload replaces them, so
   * equal lists mean no reload happened.
   */
  List<String> workers() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> w = workerPids();
    while (w.size() > 2 && System.nanoTime() < deadline) {
      sleep(50);
      w = workerPids();
    }
    return w;
  }

  private List<String> workerPids() {
    try {
      String master = Files.readString(dir.resolve("nginx.pid")).strip();
      Process p = new ProcessBuilder("pgrep", "-P", master).redirectErrorStream(true).start();
      List<String> out = new ArrayList<>(List.of(new String(p.getInputStream().readAllBytes()).strip().split("\\s+")));
      p.waitFor();
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static void run(List<String> argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new AssertionError(String.join(" ", argv) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
