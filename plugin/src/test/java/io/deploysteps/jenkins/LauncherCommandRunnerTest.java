package io.deploysteps.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.FilePath;
import hudson.Launcher;
import hudson.util.StreamTaskListener;
import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandTimeoutException;
import io.deploysteps.log.StepLog;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner over a real local Launcher: what the engine's LocalCommandRunner promises, through Jenkins. */
class LauncherCommandRunnerTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private final List<String> logged = new ArrayList<>();

  private LauncherCommandRunner runner(Map<String, String> buildEnv) {
    return runner(buildEnv, dir.toFile());
  }

  private LauncherCommandRunner runner(Map<String, String> buildEnv, File workspace) {
    StreamTaskListener listener = new StreamTaskListener(console, StandardCharsets.UTF_8);
    StepLog log = StepLog.to(logged::add).forStep("test");
    return new LauncherCommandRunner(new Launcher.LocalLauncher(listener), buildEnv, new FilePath(workspace),
        listener, log);
  }

  @Test
  void feedsStdinAndKeepsStdoutStderrAndTheExitCode() {
    CommandResult r = runner(Map.of()).run(Command.of("sh", "-c", "cat; echo oops >&2; exit 3").stdin("from stdin").build());
    assertEquals(3, r.exitCode());
    assertEquals("from stdin", r.stdout());
    assertEquals("oops\n", r.stderr());
  }

  @Test
  void runsWithTheBuildEnvironmentAndTheCommandsOwnVariables() {
    CommandResult r = runner(Map.of("DOCKER_HOST", "unix:///x.sock"))
        .run(Command.of("sh", "-c", "echo $DOCKER_HOST $EXTRA").env("EXTRA", "y").build());
    assertEquals("unix:///x.sock y\n", r.stdout());
  }

  @Test
  void runsInTheWorkspaceOrTheCommandsDirectory() throws Exception {
    new File(dir.toFile(), "sub").mkdir();
    assertEquals(dir.toFile().getCanonicalPath() + "\n", runner(Map.of()).run(Command.of("pwd").build()).stdout());
    assertTrue(runner(Map.of()).run(Command.of("pwd").workDir("sub").build()).stdout().endsWith("/sub\n"));
  }

  /** A step first in a fresh `node {}`: Jenkins has not made the workspace yet (issue 13, bug 1). */
  @Test
  void createsAWorkspaceThatDoesNotExistYet() throws Exception {
    File fresh = new File(dir.toFile(), "workspace/prune");
    CommandResult r = runner(Map.of(), fresh).run(Command.of("pwd").build());
    assertEquals(0, r.exitCode());
    assertEquals(fresh.getCanonicalPath() + "\n", r.stdout());
  }

  @Test
  void masksSecretsInOutputProgressAndTheEchoedCommand() {
    List<String> progress = new ArrayList<>();
    CommandResult r = runner(Map.of("DEPLOY_STEPS_ECHO_COMMANDS", "1")).run(Command.of("echo", "token=s3cr3t")
        .secret("s3cr3t").outputLines(progress::add).build());
    assertEquals("token=****\n", r.stdout());
    assertEquals(List.of("token=****"), progress);
    assertFalse(console.toString(StandardCharsets.UTF_8).contains("s3cr3t"), console.toString(StandardCharsets.UTF_8));
  }

  @Test
  void killsACommandPastItsTimeout() {
    assertThrows(CommandTimeoutException.class,
        () -> runner(Map.of()).run(Command.of("sleep", "30").timeout(Duration.ofMillis(500)).build()));
  }
}
