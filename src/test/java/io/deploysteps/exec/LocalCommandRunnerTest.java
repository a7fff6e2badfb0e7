package io.deploysteps.exec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.testing.RecordingLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class LocalCommandRunnerTest {
  private final RecordingLog recording = new RecordingLog();
  private final LocalCommandRunner runner = new LocalCommandRunner(Map.of("BASE_VAR", "from-base"), recording.log(), true);

  @Test
  public void passesStdinAndReportsExitCodeAndBothStreams() {
    CommandResult r = runner.run(Command.of("sh", "-c", "cat; echo oops >&2; exit 7").stdin("hello stdin").build());
    assertEquals(7, r.exitCode());
    assertEquals("hello stdin\n", r.stdout());
    assertEquals("oops\n", r.stderr());
    assertEquals("oops", r.lastErrorLine());
    assertFalse(r.ok());
  }

  @Test
  public void argvIsNeverInterpretedByAShell() {
    CommandResult r = runner.run(Command.of("printf", "%s", "$(echo pwned); `id`; a|b").build());
    // output is collected by line, so it always ends with a newline
    assertEquals("$(echo pwned); `id`; a|b\n", r.stdout());
  }

  @Test
  public void environmentLayersBaseThenCommand() {
    CommandResult r = runner.run(Command.of("sh", "-c", "echo $BASE_VAR $OWN_VAR").env("OWN_VAR", "own").build());
    assertEquals("from-base own\n", r.stdout());
  }

  @Test
  public void secretsAreMaskedInTheEchoedCommandInOutputAndInStreamedLines() {
    String secret = "s3cr3t-Token-42";
    List<String> streamed = new ArrayList<>();
    CommandResult r = runner.run(Command.of("sh", "-c", "echo token=$0; echo err $0 >&2", secret)
        .secret(secret).outputLines(streamed::add).build());
    assertEquals("token=****\n", r.stdout());
    assertEquals("err ****\n", r.stderr());
    assertTrue(streamed.containsAll(List.of("token=****", "err ****")));
    assertTrue(recording.text().contains("$ sh -c echo token=$0; echo err $0 >&2 ****"));
    assertFalse(recording.text().contains(secret));
    // the log keeps masking the secret after the command ended
    recording.log().info("later line with " + secret);
    assertFalse(recording.text().contains(secret));
  }

  @Test
  public void timeoutKillsTheProcessAndItsChildren() {
    long start = System.nanoTime();
    try {
      runner.run(Command.of("sh", "-c", "sleep 30 & sleep 30; wait").timeout(Duration.ofMillis(300)).build());
      fail("expected a timeout");
    } catch (CommandTimeoutException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("timed out after 300 ms"));
    }
    assertTrue("returned promptly", Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
  }

  @Test
  public void aMissingProgramIsACommandExceptionNamingIt() {
    try {
      runner.run(Command.of("/nonexistent/program-xyz").build());
      fail("expected CommandException");
    } catch (CommandException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("cannot start /nonexistent/program-xyz"));
    }
  }
}
