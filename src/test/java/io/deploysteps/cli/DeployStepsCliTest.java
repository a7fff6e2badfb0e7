package io.deploysteps.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.deploysteps.engine.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class DeployStepsCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;

  @Before
  public void capture() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @After
  public void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  @Test
  public void helpListsTheFourSteps() {
    assertEquals(ExitCodes.OK, DeployStepsCli.execute("--help"));
    String help = out.toString(StandardCharsets.UTF_8);
    for (String step : new String[] {"build-and-push-ecr", "blue-green-deploy", "db-connection-audit", "prune-docker"}) {
      assertTrue(step, help.contains(step));
    }
  }

  @Test
  public void versionPrintsTheProjectVersion() {
    assertEquals(ExitCodes.OK, DeployStepsCli.execute("--version"));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("deploy-steps "));
  }

  @Test
  public void unknownSubcommandIsAShortUsageErrorWithExit2() {
    assertEquals(ExitCodes.USAGE, DeployStepsCli.execute("deploy-everything"));
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text, text.startsWith("deploy-steps: Unmatched argument at index 0: 'deploy-everything'"));
    assertTrue(text, text.split("\\R").length <= 3);
  }

  @Test
  public void unknownOptionIsExit2() {
    assertEquals(ExitCodes.USAGE, DeployStepsCli.execute("prune-docker", "--no-such-option"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown option: '--no-such-option'"));
  }
}
