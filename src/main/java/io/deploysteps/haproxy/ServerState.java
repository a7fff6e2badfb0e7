package io.deploysteps.haproxy;

import io.deploysteps.engine.StepFailedException;
import java.util.Arrays;
import java.util.List;

/**
 * One server of {@code show servers state BACKEND}: where it sends traffic and whether it takes any
 * (format version 1, fields found by their header names, as the management guide lists them).
 */
public record ServerState(String backend, String server, String address, int port, int adminState) {
  /**
   * srv_admin_state bits of maintenance: forced (0x01; {@code disabled} in the config sets it too),
   * inherited (0x02), resolution (0x20). Not 0x04, "from the config": HAProxy 2.6 keeps it after
   * {@code state ready} while the server serves (seen: 5 at start, 4 once ready).
   */
  private static final int MAINTENANCE = 0x01 | 0x02 | 0x20;
  /** Forced (0x08) or inherited (0x10) drain. */
  private static final int DRAIN = 0x08 | 0x10;

  /** True when HAProxy sends it no traffic at all (maintenance, e.g. {@code disabled} in the config). */
  public boolean inMaintenance() {
    return (adminState & MAINTENANCE) != 0;
  }

  /** True when it takes new traffic: neither in maintenance nor draining. */
  public boolean ready() {
    return (adminState & (MAINTENANCE | DRAIN)) == 0;
  }

  /** The server named {@code server} in the answer of {@code show servers state BACKEND}; a clear failure when absent. */
  public static ServerState parse(String answer, String backend, String server) {
    List<String> lines = answer.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    List<String> header = null;
    for (String line : lines) {
      if (line.startsWith("#")) {
        header = Arrays.asList(line.substring(1).strip().split("\\s+"));
        continue;
      }
      if (header == null) {
        continue; // the format version line
      }
      String[] f = line.split("\\s+");
      int name = header.indexOf("srv_name");
      int be = header.indexOf("be_name");
      if (name < 0 || be < 0 || f.length < header.size()) {
        throw unreadable(answer, backend);
      }
      if (f[be].equals(backend) && f[name].equals(server)) {
        try {
          return new ServerState(backend, server, f[header.indexOf("srv_addr")], Integer.parseInt(f[header.indexOf("srv_port")]),
              Integer.parseInt(f[header.indexOf("srv_admin_state")]));
        } catch (RuntimeException e) {
          throw unreadable(answer, backend);
        }
      }
    }
    if (header == null) {
      throw unreadable(answer, backend);
    }
    throw new StepFailedException("HAProxy has no server '" + server + "' in backend '" + backend + "' (show servers state "
        + backend + " lists " + lines.stream().filter(l -> !l.startsWith("#")).skip(1)
            .map(l -> l.split("\\s+")).filter(f -> f.length > 3).map(f -> "'" + f[3] + "'").toList() + ")");
  }

  private static StepFailedException unreadable(String answer, String backend) {
    String t = answer.strip().replaceAll("\\s*\\R\\s*", " | ");
    return new StepFailedException("HAProxy's answer to 'show servers state " + backend + "' is not its format 1: "
        + (t.length() > 300 ? t.substring(0, 300) + "..." : t));
  }
}
