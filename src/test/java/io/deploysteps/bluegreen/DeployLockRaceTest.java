package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Issue 11 item 4: 4 contenders x 50 trials against a stale lock, the lock of a real process
 * killed with SIGKILL while it held it, on the real filesystem: never two holders at once, and
 * exactly one contender per trial takes the dead holder's lock over. Once with 4 processes
 * (the kernel's lock), once with 4 threads of one JVM.
 */
public class DeployLockRaceTest {
  private static final int TRIALS = 50;
  private static final int CONTENDERS = 4;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static List<String> java(String... args) {
    List<String> argv = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
        LockContender.class.getName()));
    argv.addAll(List.of(args));
    return argv;
  }

  /** Every trial's lock taken by a process that is then killed with SIGKILL. */
  private Path staleLocks() throws Exception {
    Path root = tmp.newFolder("locks").toPath();
    Process holder = new ProcessBuilder(java("hold", root.toString(), String.valueOf(TRIALS)))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("held", out.readLine());
    holder.destroyForcibly();
    assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
    return root;
  }

  private static void assertOneHolderAndOneTakeoverPerTrial(List<String> verdicts) {
    assertEquals("double holders and failed locks", List.of(),
        verdicts.stream().filter(v -> !v.startsWith("OK") && !v.startsWith("TAKEOVER")).collect(Collectors.toList()));
    assertEquals(CONTENDERS * TRIALS, verdicts.size());
    for (int i = 0; i < TRIALS; i++) {
      String takeover = "TAKEOVER " + i;
      assertEquals("takeovers in trial " + i, 1, verdicts.stream().filter(takeover::equals).count());
    }
  }

  @Test
  public void fourProcessesFiftyTrialsNeverTwoHolders() throws Exception {
    Path root = staleLocks();
    List<Process> contenders = new ArrayList<>();
    for (int c = 0; c < CONTENDERS; c++) {
      contenders.add(new ProcessBuilder(java("contend", root.toString(), String.valueOf(TRIALS), "c" + c))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }
    for (int i = 0; i < TRIALS; i++) {
      Path trial = LockContender.trial(root, i);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (countReady(trial) < CONTENDERS && System.nanoTime() < deadline && contenders.stream().allMatch(Process::isAlive)) {
        Thread.sleep(1);
      }
      Files.createFile(trial.resolve("go"));
    }
    List<String> verdicts = new ArrayList<>();
    for (Process p : contenders) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS));
      List<String> lines = out.lines().collect(Collectors.toList());
      verdicts.addAll(lines.stream().filter(l -> !l.equals("DONE")).collect(Collectors.toList()));
    }
    assertOneHolderAndOneTakeoverPerTrial(verdicts);
  }

  @Test
  public void fourThreadsFiftyTrialsNeverTwoHolders() throws Exception {
    Path root = staleLocks();
    CyclicBarrier start = new CyclicBarrier(CONTENDERS);
    ExecutorService pool = Executors.newFixedThreadPool(CONTENDERS);
    try {
      List<Future<List<String>>> all = new ArrayList<>();
      for (int c = 0; c < CONTENDERS; c++) {
        all.add(pool.submit(() -> {
          List<String> mine = new ArrayList<>();
          for (int i = 0; i < TRIALS; i++) {
            start.await(20, TimeUnit.SECONDS);
            mine.add(LockContender.contend(root, i));
          }
          return mine;
        }));
      }
      List<String> verdicts = new ArrayList<>();
      for (Future<List<String>> f : all) {
        verdicts.addAll(f.get(120, TimeUnit.SECONDS));
      }
      assertOneHolderAndOneTakeoverPerTrial(verdicts);
    } finally {
      pool.shutdownNow();
    }
  }

  private static long countReady(Path trial) throws IOException {
    try (var s = Files.list(trial)) {
      return s.filter(p -> p.getFileName().toString().startsWith("ready-")).count();
    }
  }
}
