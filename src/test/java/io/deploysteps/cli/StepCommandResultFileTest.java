package io.deploysteps.cli;

import static org.junit.Assert.assertEquals;

import io.deploysteps.engine.ExitCodes;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Json;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepResult;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/** What the shared library reads back from --result-file: the result, or why the step failed. */
public class StepCommandResultFileTest {
  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  /** A step whose outcome the test chooses. */
  static class FixedCommand extends StepCommand {
    final StepResult result;

    FixedCommand(StepResult result) {
      this.result = result;
    }

    @Override
    String stepName() {
      return "fixed";
    }

    @Override
    Map<String, Object> optionParams() {
      return Map.of();
    }

    @Override
    StepResult execute(StepContext context, Map<String, Object> params) {
      if (result == null) {
        throw new InvalidParameterException("apps", "is required");
      }
      return result;
    }
  }

  static StepResult result(int exitCode, String... summary) {
    return new StepResult() {
      @Override
      public Map<String, Object> toMap() {
        return Map.of("status", "x");
      }

      @Override
      public List<String> summary() {
        return List.of(summary);
      }

      @Override
      public int exitCode() {
        return exitCode;
      }
    };
  }

  private Map<String, Object> run(StepResult result, int expectedExit) throws Exception {
    File file = new File(tmp.getRoot(), "result.json");
    CommandLine cli = new CommandLine(new FixedCommand(result));
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> DeployStepsCli.exitCodeOf(e));
    assertEquals(expectedExit, cli.execute("--result-file", file.getPath()));
    return Json.MAPPER.readValue(file, Map.class);
  }

  @Test
  public void aDoneStepWritesItsMapWithOkAndTheExitCode() throws Exception {
    assertEquals(Map.of("status", "x", "ok", true, "exitCode", 0), run(result(ExitCodes.OK, "fine"), ExitCodes.OK));
  }

  @Test
  public void warningsAreStillOk() throws Exception {
    assertEquals(Map.of("status", "x", "ok", true, "exitCode", 3), run(result(ExitCodes.UNSTABLE, "careful"), ExitCodes.UNSTABLE));
  }

  @Test
  public void aStepThatRanAndFailedSaysWhyFromItsSummary() throws Exception {
    assertEquals(Map.of("status", "x", "ok", false, "exitCode", 1, "error", "budget does not fit; api needs 40"),
        run(result(ExitCodes.FAILED, "budget does not fit", "api needs 40"), ExitCodes.FAILED));
  }

  @Test
  public void badParametersWriteTheEngineMessage() throws Exception {
    assertEquals(Map.of("ok", false, "exitCode", 2, "error", "invalid parameter 'apps': is required"),
        run(null, ExitCodes.USAGE));
  }

  @Test
  public void aRelativeResultFileResolvesAgainstTheWorkspace() throws Exception {
    File ws = tmp.newFolder("ws");
    CommandLine cli = new CommandLine(new FixedCommand(result(ExitCodes.OK, "fine")));
    String name = "h12-result-" + System.nanoTime() + ".json";
    assertEquals(ExitCodes.OK, cli.execute("--workspace", ws.getPath(), "--result-file", name));
    assertEquals(true, Json.MAPPER.readValue(new File(ws, name), Map.class).get("ok"));
    assertEquals("not in the current directory", false, new File(name).exists());
  }

  @Test
  public void anUnwritableResultFileIsBadUsageFoundBeforeTheStepRuns() throws Exception {
    boolean[] ran = {false};
    StepCommand step = new FixedCommand(result(ExitCodes.OK, "fine")) {
      @Override
      StepResult execute(StepContext context, Map<String, Object> params) {
        ran[0] = true;
        return super.execute(context, params);
      }
    };
    CommandLine cli = new CommandLine(step);
    java.io.StringWriter err = new java.io.StringWriter();
    cli.setErr(new java.io.PrintWriter(err));
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      err.write(DeployStepsCli.messageOf(e));
      return DeployStepsCli.exitCodeOf(e);
    });
    File missingDir = new File(tmp.getRoot(), "no/such/dir/result.json");
    assertEquals(ExitCodes.USAGE, cli.execute("--result-file", missingDir.getPath()));
    assertEquals("the step never started", false, ran[0]);
    org.junit.Assert.assertTrue(err.toString(), err.toString().startsWith("invalid parameter 'result-file': cannot write "
        + missingDir.getPath()));
  }
}
