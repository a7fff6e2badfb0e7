package io.deploysteps.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Samples /proc every few milliseconds while a process tree runs, as an attacker on the same host
 * would: the argv of every process on the machine, and the environment of every process of the
 * tree (the root and whatever it started, orphans included), looking for secrets.
 */
public final class ProcSampler implements AutoCloseable {
  private final long root;
  private volatile String rootArgv;
  private final List<byte[]> secrets = new ArrayList<>();
  private final List<byte[]> childSecrets = new ArrayList<>();
  private final Set<Long> tree = Collections.synchronizedSet(new HashSet<>());
  private final List<String> leaks = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> seen = Collections.synchronizedSet(new HashSet<>());
  private final Thread thread;
  private volatile boolean running = true;
  private volatile int samples;

  public ProcSampler(long root, List<String> secrets) {
    this(root, secrets, List.of());
  }

  /**
   * @param childSecrets secrets the step's own JVM (and the root that started it) may hold in their
   *     environment, but nothing they start (docker, helpers) may inherit
   */
  public ProcSampler(long root, List<String> secrets, List<String> childSecrets) {
    this.root = root;
    secrets.forEach(s -> this.secrets.add(s.getBytes(StandardCharsets.UTF_8)));
    childSecrets.forEach(s -> this.childSecrets.add(s.getBytes(StandardCharsets.UTF_8)));
    tree.add(root);
    thread = new Thread(this::loop, "proc-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      sample();
      samples++;
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    List<Path> pids = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(Paths.get("/proc"), "[0-9]*")) {
      ds.forEach(pids::add);
    } catch (IOException e) {
      return;
    }
    for (Path p : pids) {
      long pid = Long.parseLong(p.getFileName().toString());
      byte[] cmdline = read(p.resolve("cmdline"));
      if (cmdline == null) {
        continue;
      }
      check(pid, "argv", cmdline, secrets);
      check(pid, "argv", cmdline, childSecrets);
      if (!tree.contains(pid)) {
        long ppid = ppid(p);
        if (ppid >= 0 && tree.contains(ppid)) {
          tree.add(pid);
        }
      }
      if (tree.contains(pid)) {
        String argv = new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        seen.add(argv);
        byte[] environ = read(p.resolve("environ"));
        if (environ != null) {
          check(pid, "environ", environ, secrets);
          // The launcher's own forks (its subshells, before they exec anything) are the launcher:
          // they carry its argv and its environment block. A jspawnhelper is checked: the CLI blanks
          // the secrets in the JVM's block, so the JVM's forks must not show them (OwnEnvironment).
          if (pid != root && !argv.contains("deploy-steps.jar") && !argv.equals(rootArgv())) {
            check(pid, "inherited environ", environ, childSecrets);
          }
        }
      }
    }
  }

  private String rootArgv() {
    if (rootArgv == null) {
      byte[] cmdline = read(Paths.get("/proc", String.valueOf(root), "cmdline"));
      rootArgv = cmdline == null ? "" : new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ').strip();
    }
    return rootArgv;
  }

  private void check(long pid, String what, byte[] data, List<byte[]> needles) {
    for (byte[] s : needles) {
      if (indexOf(data, s) >= 0) {
        byte[] argv = read(Paths.get("/proc", String.valueOf(pid), "cmdline"));
        leaks.add("pid " + pid + " " + what + " (" + (argv == null ? "?" : new String(argv, StandardCharsets.UTF_8)
            .replace('\0', ' ').strip()) + ")");
      }
    }
  }

  private static long ppid(Path proc) {
    byte[] stat = read(proc.resolve("stat"));
    if (stat == null) {
      return -1;
    }
    String s = new String(stat, StandardCharsets.UTF_8);
    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
    return f.length > 1 ? Long.parseLong(f[1]) : -1;
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException | RuntimeException e) {
      return null; // gone, or not ours to read
    }
  }

  public static int indexOf(byte[] data, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= data.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Every pid of the tree seen so far (the root, its descendants, orphans included). */
  public Set<Long> tree() {
    synchronized (tree) {
      return new HashSet<>(tree);
    }
  }

  /** The argv of every process of the tree it saw. */
  public Set<String> seen() {
    synchronized (seen) {
      return new HashSet<>(seen);
    }
  }

  public List<String> leaks() {
    synchronized (leaks) {
      return new ArrayList<>(leaks);
    }
  }

  public int samples() {
    return samples;
  }

  public long root() {
    return root;
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
