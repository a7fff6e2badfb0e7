package io.deploysteps.prune;

import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerCli;
import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.log.StepLog;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A dockerd of the test's own (own containerd, data root, exec root and socket), so host-wide
 * prunes never reach the shared stack's daemon where other tests run. Flags as in
 * shared/notes/local-stack.md: no bridge, no iptables; the exec root stays short for socket paths.
 */
public final class PrivateDockerd implements AutoCloseable {
  private final Path dir;
  private final Path execRoot;
  private final Process process;
  public final String host;
  public final LocalCommandRunner runner = new LocalCommandRunner(StepLog.to(line -> { }));

  public PrivateDockerd() throws IOException, InterruptedException {
    dir = Files.createTempDirectory("it-prune-dockerd");
    execRoot = Files.createTempDirectory(Paths.get("/tmp"), "ipx");
    host = "unix://" + dir.resolve("docker.sock");
    ProcessBuilder pb = new ProcessBuilder("dockerd", "--bridge=none", "--iptables=false", "--ip-masq=false",
        "--ip6tables=false", "--host", host, "--data-root", dir.resolve("data").toString(),
        "--exec-root", execRoot.toString(), "--pidfile", dir.resolve("dockerd.pid").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile());
    process = pb.start();
    for (int i = 0; i < 150; i++) {
      if (docker("info", "--format", "{{.ServerVersion}}").ok()) {
        return;
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    String log = Files.readString(dir.resolve("dockerd.log"));
    close();
    throw new IllegalStateException("private dockerd did not start:\n" + log);
  }

  public Map<String, String> env() {
    return Map.of("DOCKER_HOST", host);
  }

  /** A Docker client of the engine, talking to this daemon only. */
  public Docker client() {
    return new DockerCli(runner, "docker", env());
  }

  public CommandResult docker(String... args) {
    return runner.run(Command.of("docker").args(List.of(args)).env(env()).build());
  }

  String dataRoot() {
    return dir.resolve("data").toString();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    run("umount", execRoot.resolve("netns/default").toString());
    run("rm", "-rf", dir.toString(), execRoot.toString());
  }

  private static void run(String... argv) throws IOException, InterruptedException {
    new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(new File("/dev/null")).start().waitFor();
  }
}
