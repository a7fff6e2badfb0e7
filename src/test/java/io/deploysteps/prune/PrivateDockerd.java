package io.deploysteps.prune;

import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerCli;
import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.log.StepLog;
import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
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
 * {@link #bridged} gives it a real bridge instead, on link-local addresses only.
 */
public final class PrivateDockerd implements AutoCloseable {
  private final Path dir;
  private final Path execRoot;
  private final Process process;
  /** The bridge this daemon runs its default network on (made and removed here); null without one. */
  private final String bridge;
  public final String host;
  public final LocalCommandRunner runner = new LocalCommandRunner(StepLog.to(line -> { }));

  public PrivateDockerd() throws IOException, InterruptedException {
    this("it-prune-dockerd", "ipx", null, List.of("--bridge=none"));
  }

  /**
   * A daemon with a real bridge: {@code bridge} (a link of its own, not docker0, so it cannot meet
   * another daemon's) holds {@code bridgeCidr} (like 169.254.170.1/24), and the networks it creates
   * come from {@code poolBase} (like 169.254.172.0/24, one /24 each). Both must be link-local, and
   * the machine must have no private address before and after it starts (else: AssertionError, and
   * no request was sent). No iptables: {@code -p 127.0.0.1:P:C} publishes through docker-proxy, which
   * reaches the container's link-local address over the bridge. Dirs under /tmp/PREFIX-*.
   */
  public static PrivateDockerd bridged(String prefix, String bridge, String bridgeCidr, String poolBase)
      throws IOException, InterruptedException {
    for (String cidr : List.of(bridgeCidr, poolBase)) {
      if (!cidr.startsWith("169.254.")) {
        throw new IllegalArgumentException(cidr + " is not link-local (169.254.0.0/16)");
      }
    }
    requireNoPrivateAddress();
    run("ip", "link", "del", bridge); // a leftover of a killed run
    check("ip", "link", "add", bridge, "type", "bridge");
    check("ip", "addr", "add", bridgeCidr, "dev", bridge);
    check("ip", "link", "set", bridge, "up");
    PrivateDockerd d = new PrivateDockerd(prefix + "-d", prefix + "-x", bridge,
        List.of("--bridge", bridge, "--default-address-pool", "base=" + poolBase + ",size=24"));
    requireNoPrivateAddress();
    return d;
  }

  /**
   * Fails loudly when any interface of this machine has a 10.x, 172.16-31.x or 192.168.x address:
   * traffic to a bridge could then reach a private network. Call it again after making a network.
   */
  public static void requireNoPrivateAddress() throws IOException {
    for (NetworkInterface ni : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : java.util.Collections.list(ni.getInetAddresses())) {
        if (a instanceof Inet4Address && a.isSiteLocalAddress()) {
          throw new AssertionError("this machine has the private address " + a.getHostAddress() + " on " + ni.getName()
              + ": a test on a real bridge must not run here (issue 17: link-local addresses only); no request was sent");
        }
      }
    }
  }

  private PrivateDockerd(String dirPrefix, String execPrefix, String bridge, List<String> networkFlags)
      throws IOException, InterruptedException {
    this.bridge = bridge;
    dir = Files.createTempDirectory(Paths.get("/tmp"), dirPrefix);
    execRoot = Files.createTempDirectory(Paths.get("/tmp"), execPrefix);
    host = "unix://" + dir.resolve("docker.sock");
    List<String> argv = new java.util.ArrayList<>(List.of("dockerd"));
    argv.addAll(networkFlags);
    argv.addAll(List.of("--iptables=false", "--ip-masq=false",
        "--ip6tables=false", "--host", host, "--data-root", dir.resolve("data").toString(),
        "--exec-root", execRoot.toString(), "--pidfile", dir.resolve("dockerd.pid").toString()));
    ProcessBuilder pb = new ProcessBuilder(argv)
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
    // A network left behind keeps its br-ID link after the daemon is gone: those go too.
    List<String> networks = bridge == null ? List.of()
        : List.of(docker("network", "ls", "--quiet", "--filter", "type=custom").stdout().strip().split("\\s+"));
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    run("umount", execRoot.resolve("netns/default").toString());
    run("rm", "-rf", dir.toString(), execRoot.toString());
    if (bridge != null) {
      for (String id : networks) {
        if (!id.isEmpty()) {
          run("ip", "link", "del", "br-" + id.substring(0, Math.min(12, id.length())));
        }
      }
      run("ip", "link", "del", bridge);
    }
  }

  private static int run(String... argv) throws IOException, InterruptedException {
    return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(new File("/dev/null")).start().waitFor();
  }

  private static void check(String... argv) throws IOException, InterruptedException {
    if (run(argv) != 0) {
      throw new IllegalStateException(String.join(" ", argv) + " failed");
    }
  }
}
