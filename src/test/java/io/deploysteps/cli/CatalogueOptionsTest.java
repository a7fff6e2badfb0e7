package io.deploysteps.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.deploysteps.catalogue.Door;
import io.deploysteps.catalogue.Parameter;
import io.deploysteps.engine.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The step subcommands' options are their catalogues' parameters, with one help layout. */
public class CatalogueOptionsTest {
  /** Every subcommand that has a catalogue: the ones still written by hand join as they are converted. */
  private static List<StepCommand> converted() {
    return List.<StepCommand>of(new BuildAndPushEcrCommand(), new BlueGreenDeployCommand(),
        new DbConnectionAuditCommand(), new PruneDockerCommand()).stream().filter(c -> c.catalogue() != null).toList();
  }

  @Test
  public void everyCliParameterIsAnOptionOfItsTypeShowingTypeAndDefault() {
    for (StepCommand command : converted()) {
      CommandLine cli = new CommandLine(command);
      for (Parameter p : command.catalogue().takenBy(Door.CLI)) {
        OptionSpec o = cli.getCommandSpec().findOption(p.option());
        assertTrue(p.option() + " of " + command.stepName(), o != null);
        assertEquals(p.key(), p.type().cliType(), o.type());
        String second = o.description()[1];
        assertTrue(p.key() + ": " + second, second.startsWith("(" + p.type().word()));
        if (p.shownDefault() != null) {
          assertTrue(p.key() + ": " + second, second.contains("default: " + p.shownDefault()));
        }
      }
    }
  }

  @Test
  public void givenOptionsReachTheMapTyped() {
    PruneDockerCommand command = new PruneDockerCommand();
    new CommandLine(command).parseArgs("--keep-per-repository", "3", "--dry-run", "--labels", "team=shop,!keep",
        "--containers=false", "--until", "72h");
    assertEquals(Map.of("keepPerRepository", 3, "dryRun", true, "labels", List.of("team=shop", "!keep"),
        "containers", false, "until", "72h"), command.optionParams());
  }

  @Test
  public void helpShowsEachOptionWithItsPlaceholderTypeAndDefault() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertEquals(ExitCodes.OK, DeployStepsCli.execute("prune-docker", "--help"));
    } finally {
      System.setOut(old);
    }
    String help = out.toString(StandardCharsets.UTF_8);
    assertTrue(help, help.matches("(?s).*--until=DURATION +Only what is older than this, e\\.g\\. 72h\\.\\s+"
        + "\\(duration; default: any age\\).*"));
    assertTrue(help, help.contains("(true/false; default: false)"));
    assertTrue("the step's options come before how to run the CLI",
        help.indexOf("--until") < help.indexOf("--params-file"));
  }
}
