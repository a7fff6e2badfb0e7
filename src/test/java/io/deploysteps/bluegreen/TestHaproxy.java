package io.deploysteps.bluegreen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy of a test's own: a global section with its admin socket in a temp directory, and
 * the site from resources/io/deploysteps/haproxy/blue-green-site.cfg as shipped, listening on
 * 127.0.0.1:port with its one server entry {@code app/live} disabled until a first switch.
 */
final class TestHaproxy {
  final Path dir;
  final int port;
  final Path socket;
  final Path global;
  final Path site;
  /** The site file as made: the server in maintenance, nothing deployed. */
  private final String siteStart;

  TestHaproxy(Path dir, int port) {
    this.dir = dir;
    this.port = port;
    this.socket = dir.resolve("admin.sock");
    this.global = dir.resolve("haproxy.cfg");
    this.site = dir.resolve("site.cfg");
    try {
      Files.createDirectories(dir);
      Files.writeString(global, String.join("\n", "global", "    daemon", "    pidfile " + dir.resolve("haproxy.pid"),
          "    stats socket " + socket + " mode 600 level admin", ""));
      Files.writeString(site, Files.readString(Paths.get("resources/io/deploysteps/haproxy/blue-green-site.cfg"))
          .replace("@LISTEN@", "127.0.0.1:" + port).replace("@SERVER@", "127.0.0.1:3000"));
      siteStart = Files.readString(site);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The blueGreenDeploy proxy parameter for this instance. */
  java.util.Map<String, Object> proxy() {
    return java.util.Map.of("haproxy", java.util.Map.of("socket", socket.toString(), "backend", "app", "server", "live",
        "configFile", site.toString()));
  }

  void start() {
    TestNginx.run(List.of("haproxy", "-f", global.toString(), "-f", site.toString()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        if (Files.exists(socket)) {
          return;
        }
      } catch (IOException e) {
        // not yet
      }
      TestNginx.sleep(50);
    }
    throw new AssertionError("haproxy did not listen on 127.0.0.1:" + port);
  }

  /** Stops HAProxy with {@code signal} (KILL: as a crash would) and waits for it to exit. */
  void stop(String signal) {
    Path pid = dir.resolve("haproxy.pid");
    try {
      if (!Files.exists(pid)) {
        return;
      }
      String p = Files.readString(pid).strip();
      new ProcessBuilder("kill", "-" + signal, p).start().waitFor();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (alive(p) && System.nanoTime() < deadline) {
        TestNginx.sleep(20);
      }
      Files.deleteIfExists(pid);
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  void stop() {
    stop("TERM");
  }

  /** Back to "nothing deployed": a fresh HAProxy on the site file as made, its server in maintenance. */
  void reset() {
    stop();
    try {
      Files.writeString(site, siteStart);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    start();
  }

  /** A daemon's parent here is PID 1, which does not reap: a zombie counts as gone. */
  private static boolean alive(String pid) {
    try {
      String stat = Files.readString(Paths.get("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }
}
