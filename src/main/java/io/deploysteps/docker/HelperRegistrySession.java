package io.deploysteps.docker;

import io.deploysteps.engine.Json;
import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.log.StepLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

/**
 * A registry login whose password is never written to a file. The session's private (0700) temp
 * directory holds a config.json that names the {@code docker-credential-deploysteps} helper for the
 * registry ({@code credHelpers}) and a {@code requests} FIFO; a {@link CredentialServer} thread of
 * this JVM answers each {@code get} of the helper through a FIFO of the helper's own. Docker gets
 * only the directory's path (DEPLOY_STEPS_CREDENTIALS) and a PATH with the helper first.
 *
 * <p>A SIGTERM removes the directory (a shutdown hook); a SIGKILL leaves it, holding no secret,
 * and the next session of the same user removes it ({@link StaleSessions}).
 */
final class HelperRegistrySession implements RegistrySession {
  static final String PREFIX = "deploy-steps-docker-config";
  static final String HELPER = "docker-credential-deploysteps";
  /** Where the launcher (deploy-steps.sh) says its copy of the helper is. */
  static final String HELPER_ENV = "DEPLOY_STEPS_CREDENTIAL_HELPER";
  static final String CHANNEL_ENV = "DEPLOY_STEPS_CREDENTIALS";

  private final Path dir;
  private final CredentialServer server;
  private final Thread onSigterm;
  private final Docker docker;
  private final StepLog log;
  private final String registry;

  private HelperRegistrySession(Path dir, CredentialServer server, Thread onSigterm, Docker docker, StepLog log,
      String registry) {
    this.dir = dir;
    this.server = server;
    this.onSigterm = onSigterm;
    this.docker = docker;
    this.log = log;
    this.registry = registry;
  }

  static HelperRegistrySession open(CommandRunner runner, StepLog log, Map<String, String> env, Docker docker,
      String registry, String username, String password) {
    Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
    StaleSessions.sweep(tmp, PREFIX, log);
    Path dir;
    try {
      dir = Files.createTempDirectory(tmp, PREFIX + "-" + ProcessHandle.current().pid() + "-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temp directory in " + tmp, e);
    }
    Path removable = dir;
    Thread onSigterm = new Thread(() -> new LocalHostFiles().deleteRecursively(removable.toString()),
        "deploy-steps-docker-config-cleanup");
    Runtime.getRuntime().addShutdownHook(onSigterm);
    CredentialServer server = null;
    try {
      Files.writeString(dir.resolve("config.json"), Json.write(Map.of("credHelpers", Map.of(registry, "deploysteps"))));
      Path requests = dir.resolve("requests");
      mkfifo(runner, requests);
      Path helperDir = helperDir(env, dir);
      server = new CredentialServer(dir, requests, registry, username, password).start();
      String path = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      Docker client = docker.withConfigDir(dir.toString(),
          Map.of(CHANNEL_ENV, dir.toString(), "PATH", helperDir + ":" + path));
      HelperRegistrySession session = new HelperRegistrySession(dir, server, onSigterm, client, log, registry);
      try {
        // The password reaches docker on stdin; docker hands it to the helper's `store`, which keeps nothing.
        client.login(registry, username, password);
      } catch (RuntimeException e) {
        session.close();
        throw e;
      }
      return session;
    } catch (IOException | RuntimeException e) {
      if (server != null) {
        server.stop();
      }
      cleanUp(dir, onSigterm);
      if (e instanceof IOException) {
        throw new UncheckedIOException("cannot set up the docker credential helper in " + dir, (IOException) e);
      }
      throw (RuntimeException) e;
    }
  }

  private static void mkfifo(CommandRunner runner, Path fifo) {
    CommandResult r = runner.run(Command.of("mkfifo", "-m", "600", fifo.toString()).timeout(Duration.ofSeconds(30)).build());
    if (!r.ok()) {
      throw new DockerException("cannot make the credential FIFO " + fifo + ": " + r.lastErrorLine(), "mkfifo");
    }
  }

  /**
   * The launcher's helper when it names an executable one; else a copy from the jar in the
   * session's own directory (a bare {@code java -jar}).
   */
  private static Path helperDir(Map<String, String> env, Path dir) throws IOException {
    String shipped = env.get(HELPER_ENV);
    if (shipped != null && !shipped.isBlank()) {
      Path p = Paths.get(shipped);
      if (p.getFileName().toString().equals(HELPER) && Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p.toAbsolutePath().getParent();
      }
    }
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Path copy = bin.resolve(HELPER);
    try (InputStream in = HelperRegistrySession.class.getResourceAsStream("/io/deploysteps/" + HELPER)) {
      if (in == null) {
        throw new IOException("the jar holds no " + HELPER);
      }
      Files.copy(in, copy);
    }
    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwx------"));
    return bin;
  }

  @Override
  public Docker docker() {
    return docker;
  }

  @Override
  public void close() {
    server.stop();
    log.info("credentials for %s served to docker %d time(s) through %s, never written to a file", registry,
        server.served(), HELPER);
    cleanUp(dir, onSigterm);
  }

  private static void cleanUp(Path dir, Thread onSigterm) {
    new LocalHostFiles().deleteRecursively(dir.toString());
    try {
      Runtime.getRuntime().removeShutdownHook(onSigterm);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: it deletes the same directory
    }
  }
}
