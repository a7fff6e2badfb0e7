package io.deploysteps.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.deploysteps.bluegreen.BlueGreenRequest;
import io.deploysteps.dbaudit.AuditRequest;
import io.deploysteps.ecr.BuildAndPushRequest;
import io.deploysteps.prune.PruneRequest;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every option of a step subcommand is a key of that step's Map API (one name for both). */
public class OptionKeysTest {
  private static void assertOptionsAreKeys(StepCommand command, Collection<String> keys) {
    CommandLine cli = new CommandLine(command);
    int checked = 0;
    for (OptionSpec o : cli.getCommandSpec().options()) {
      String name = o.longestName();
      if (o.usageHelp() || o.versionHelp() || o.hidden() || command.cliOnlyOptions().contains(name)
          || List.of("--params-file", "--json", "--result-file", "--workspace").contains(name)) {
        continue;
      }
      String key = command.nestedKeys().getOrDefault(name, StepCommand.keyOf(name));
      String top = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
      assertTrue(name + " maps to '" + key + "', which is no key of " + command.stepName() + " " + keys,
          keys.contains(top));
      checked++;
    }
    assertTrue("options were checked", checked > 5);
  }

  @Test
  public void everyStepOptionIsAKeyOfItsRequest() {
    assertOptionsAreKeys(new BlueGreenDeployCommand(), BlueGreenRequest.KEYS);
    assertOptionsAreKeys(new BuildAndPushEcrCommand(), BuildAndPushRequest.KEYS);
    assertOptionsAreKeys(new DbConnectionAuditCommand(), AuditRequest.KEYS);
    assertOptionsAreKeys(new PruneDockerCommand(), PruneRequest.KEYS);
    assertOptionsAreKeys(new EcsDeployCommand(), io.deploysteps.ecs.EcsDeployRequest.KEYS);
    assertOptionsAreKeys(new RunBuildspecCommand(), io.deploysteps.buildspec.RunBuildspecRequest.KEYS);
  }

  @Test
  public void onlyGivenOptionsReachTheMapUnderTheirKeysNestedOnesDotted() {
    BlueGreenDeployCommand command = new BlueGreenDeployCommand();
    new CommandLine(command).parseArgs("--name", "web", "--ports", "3000,4000", "--health-status", "204",
        "--proxy-include-file", "/etc/nginx/x.inc", "--keep-previous=false", "--json");
    assertEquals(Map.of("name", "web", "ports", "3000,4000", "health.status", 204,
        "proxy.includeFile", "/etc/nginx/x.inc", "keepPrevious", false), command.optionParams());
  }

  @Test
  public void optionNamesBecomeCamelCaseKeys() {
    assertEquals("keepPerRepository", StepCommand.keyOf("--keep-per-repository"));
    assertEquals("url", StepCommand.keyOf("--url"));
  }
}
