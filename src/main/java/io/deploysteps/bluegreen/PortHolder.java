package io.deploysteps.bluegreen;

import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandException;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Who listens on a port of the Docker host when no container of the service does (a host process of
 * the scripts blueGreenDeploy replaces, or someone else's server): the listening socket's inode from
 * {@code /proc/net/tcp} (and tcp6), the process whose {@code /proc/PID/fd} holds it, its command
 * line and whether its cgroup is a container's. Read through the runner, so on the host the commands
 * run on (the plugin's agent too), and only when a port answers that should not: never on the way
 * of a deploy that goes well. Empty when /proc does not tell (another user's process, no procfs).
 */
final class PortHolder {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String LISTEN = "0A";

  private final CommandRunner runner;

  PortHolder(CommandRunner runner) {
    this.runner = runner;
  }

  /**
   * E.g. {@code pid 4242 (node server.js), a process outside Docker}, or empty. find's -lname is a
   * glob: the brackets of {@code socket:[INODE]} are escaped.
   */
  Optional<String> describe(int port) {
    try {
      Optional<String> inode = listeningInode(read("/proc/net/tcp", "/proc/net/tcp6"), port);
      if (inode.isEmpty()) {
        return Optional.empty();
      }
      CommandResult found = runner.run(Command.of("find", "/proc", "-mindepth", "3", "-maxdepth", "3", "-path",
          "/proc/[0-9]*/fd/*", "-lname", "socket:\\[" + inode.get() + "\\]", "-print", "-quit").timeout(TIMEOUT).build());
      String fd = found.stdout().strip();
      if (fd.isEmpty()) {
        return Optional.empty();
      }
      String pid = fd.split("/")[2];
      String command = read("/proc/" + pid + "/cmdline").replace('\0', ' ').strip();
      String cgroup = read("/proc/" + pid + "/cgroup").toLowerCase(Locale.ROOT);
      // Where the steps themselves run inside a container, everything there shares cat's (our) cgroup.
      boolean ours = cgroup.equals(read("/proc/self/cgroup").toLowerCase(Locale.ROOT));
      boolean container = !ours && (cgroup.contains("docker") || cgroup.contains("containerd") || cgroup.contains("libpod"));
      return Optional.of("pid " + pid + " (" + (command.isEmpty() ? "?" : command) + "), "
          + (container ? "a process of another container" : "a process outside Docker"));
    } catch (CommandException e) {
      return Optional.empty();
    }
  }

  /** The inode of the socket listening on {@code port} (any address), from /proc/net/tcp text. */
  static Optional<String> listeningInode(String procNetTcp, int port) {
    String hexPort = String.format(Locale.ROOT, "%04X", port);
    for (String line : procNetTcp.split("\n")) {
      String[] f = line.strip().split("\\s+");
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      if (f.length > 9 && f[1].endsWith(":" + hexPort) && f[3].equals(LISTEN) && !f[9].equals("0")) {
        return Optional.of(f[9]);
      }
    }
    return Optional.empty();
  }

  /** What cat prints of the files (a missing tcp6 still gives tcp). */
  private String read(String... files) {
    Command.Builder c = Command.of("cat");
    for (String f : files) {
      c.arg(f);
    }
    return runner.run(c.timeout(TIMEOUT).build()).stdout();
  }
}
