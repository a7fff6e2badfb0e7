package io.deploysteps.buildspec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.log.StepLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

/** The one bash of a build, spoken to directly: what persists, what an exit costs, what is left running. */
public class BuildSessionTest {
  private final List<String> output = new ArrayList<>();

  private BuildSession start(boolean ownGroup) {
    StepLog log = StepLog.to(l -> { });
    List<String> prefix = ownGroup ? List.of("/usr/bin/setsid") : List.of();
    return BuildSession.start(new LocalCommandRunner(log), prefix, ownGroup, Map.of(), "/tmp", line -> {
      synchronized (output) {
        output.add(line);
      }
    }, Duration.ofMinutes(2));
  }

  @Test(timeout = 60_000)
  public void exitFailsOneCommandSetEPersistsAndValuesAreData() {
    try (BuildSession s = start(false)) {
      assertEquals(0, s.run("export A=1; cd /; B=2", false).exitCode());
      assertEquals(3, s.run("A=changed; exit 3", false).exitCode());
      assertEquals(Optional.of("1"), s.value("A"));
      assertEquals("/ 2\n", s.run("echo \"$PWD $B\"", false).output());
      assertEquals(0, s.run("set -e", false).exitCode());
      assertEquals(1, s.run("false; echo not-reached", false).exitCode());
      s.export("V", "$(touch /tmp/h16-never) `id` $HOME");
      assertEquals(Optional.of("$(touch /tmp/h16-never) `id` $HOME"), s.value("V"));
      assertEquals(0, s.run("test ! -e /tmp/h16-never", false).exitCode());
      assertEquals(0, s.run("export GONE=1", true).exitCode());
      assertEquals(Optional.empty(), s.value("GONE"));
    }
    assertTrue(output.stream().noneMatch(l -> l.contains("not-reached")));
  }

  @Test(timeout = 60_000)
  public void aVariableSetToNothingReadsAsEmptyNotAsUnset() {
    try (BuildSession s = start(false)) {
      assertEquals(0, s.run("export EMPTY=", false).exitCode());
      assertEquals(Optional.of(""), s.value("EMPTY"));
    }
  }

  @Test(timeout = 60_000)
  public void anArtifactNameExpandsAsCodeBuildsDoesWithoutChangingTheShell() {
    try (BuildSession s = start(false)) {
      assertEquals(0, s.run("export VERSION=1.4; N=7", false).exitCode());
      assertEquals(Optional.of("app-1.4-8"), s.expand("app-$VERSION-$((N + 1))"));
      assertEquals(Optional.of("app-\"quoted\" 'single' *"), s.expand("app-\"quoted\" 'single' *"));
      assertEquals(Optional.of("built-on-" + System.getProperty("user.name", "")), s.expand("built-on-$(id -un)"));
      assertEquals(Optional.of(""), s.expand("$UNSET_NAME"));
      assertEquals(0, s.run("test \"$VERSION\" = 1.4", false).exitCode());
      // No name can end the here-document early: its end word holds the session's random mark.
      assertEquals(Optional.of("a\nEOF\n__ds_end_of_name\nb"), s.expand("a\nEOF\n__ds_end_of_name\nb"));
      assertEquals(Optional.empty(), s.expand("${"));
      assertEquals(Optional.of("x"), s.expand("$(N=changed; echo x)"));
      assertEquals("7\n", s.run("echo $N", false).output());
    }
  }

  @Test(timeout = 60_000)
  public void aDaemonTheBuildLeavesRunningDoesNotHoldTheStepAndIsEnded() throws Exception {
    long t0 = System.nanoTime();
    try (BuildSession s = start(true)) {
      assertEquals(0, s.run("sleep 300 & echo $! > /tmp/h16-daemon.pid", false).exitCode());
    }
    assertTrue("closed in " + (System.nanoTime() - t0) / 1_000_000 + " ms", System.nanoTime() - t0 < 30_000_000_000L);
    long pid = Long.parseLong(java.nio.file.Files.readString(java.nio.file.Path.of("/tmp/h16-daemon.pid")).strip());
    java.nio.file.Files.delete(java.nio.file.Path.of("/tmp/h16-daemon.pid"));
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals("the daemon the build left is ended", false, ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }
}
