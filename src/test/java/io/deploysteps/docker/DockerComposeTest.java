package io.deploysteps.docker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandException;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.Test;

/** The compose argv (issue 17 item 4): v2 before v1, the image in the environment only, never a shell. */
public class DockerComposeTest {
  /** Records every command; {@code answer} gives stdout, or throws for a program that does not start. */
  private static final class Recorder implements CommandRunner {
    final List<Command> commands = new ArrayList<>();
    Function<List<String>, CommandResult> answer = argv -> new CommandResult(0, "", "", Duration.ZERO);

    @Override
    public CommandResult run(Command command) {
      commands.add(command);
      return answer.apply(command.argv());
    }
  }

  private static CommandResult ok(String out) {
    return new CommandResult(0, out, "", Duration.ZERO);
  }

  @Test
  public void thePluginIsUsedWhenItAnswersAndEveryCommandNamesFileAndProject() {
    Recorder r = new Recorder();
    DockerCompose c = DockerCompose.find(r, "docker", "/srv/app/docker-compose.prod.yml", "importback", null).orElseThrow();
    assertEquals("docker compose", c.program());
    c.up("importback-green", "registry.example/importback:2");
    c.stop("importback-blue", Duration.ofSeconds(10), "registry.example/importback:1");
    c.start("importback-blue", "registry.example/importback:1");
    c.remove("importback-green", "registry.example/importback:2");
    assertEquals(List.of(List.of("docker", "compose", "version"),
        List.of("docker", "compose", "-f", "/srv/app/docker-compose.prod.yml", "-p", "importback", "up", "-d", "--no-deps",
            "--force-recreate", "importback-green"),
        List.of("docker", "compose", "-f", "/srv/app/docker-compose.prod.yml", "-p", "importback", "stop", "-t", "10",
            "importback-blue"),
        List.of("docker", "compose", "-f", "/srv/app/docker-compose.prod.yml", "-p", "importback", "start", "importback-blue"),
        List.of("docker", "compose", "-f", "/srv/app/docker-compose.prod.yml", "-p", "importback", "rm", "--force", "--stop",
            "importback-green")), r.commands.stream().map(Command::argv).toList());
    // The image reaches the file's ${DEPLOY_STEPS_IMAGE} through compose's environment, never its argv.
    assertEquals("registry.example/importback:2", r.commands.get(1).env().get(DockerCompose.IMAGE_VARIABLE));
    assertEquals("registry.example/importback:1", r.commands.get(2).env().get(DockerCompose.IMAGE_VARIABLE));
    assertFalse(r.commands.get(1).argv().contains("registry.example/importback:2"));
    r.commands.forEach(cmd -> assertFalse(cmd.argv().contains("sh") || cmd.argv().contains("-c")));
  }

  @Test
  public void withoutThePluginDockerComposeV1IsUsedAndTheEnvFileGoesToCompose() {
    Recorder r = new Recorder();
    r.answer = argv -> argv.get(0).equals("docker") ? new CommandResult(1, "", "docker: 'compose' is not a docker command.",
        Duration.ZERO) : argv.contains("config") ? ok("importback-blue\nimportback-green\n") : ok("");
    DockerCompose c = DockerCompose.find(r, "docker", "/srv/c.yml", null, "/srv/.env.production").orElseThrow();
    assertEquals("docker-compose", c.program());
    assertEquals(List.of("importback-blue", "importback-green"), c.services("app:1"));
    assertEquals(List.of("docker-compose", "-f", "/srv/c.yml", "--env-file", "/srv/.env.production", "config", "--services"),
        r.commands.get(2).argv());
  }

  @Test
  public void noComposeAtAllIsEmptyAndAFailedCommandCarriesItsArgvAndStderr() {
    Recorder none = new Recorder();
    none.answer = argv -> {
      throw new CommandException("cannot run " + argv.get(0), String.join(" ", argv), null);
    };
    assertTrue(DockerCompose.find(none, "docker", "/srv/c.yml", null, null).isEmpty());

    Recorder r = new Recorder();
    r.answer = argv -> argv.contains("up") ? new CommandResult(1, "", "ERROR: pull access denied for app", Duration.ZERO) : ok("");
    DockerCompose c = DockerCompose.find(r, "docker", "/srv/c.yml", null, null).orElseThrow();
    DockerException e = assertThrows(DockerException.class, () -> c.up("app-blue", "app:1"));
    assertEquals("docker compose -f /srv/c.yml up -d --no-deps --force-recreate app-blue failed (exit 1): ERROR: pull access denied"
        + " for app", e.getMessage());
    assertEquals(Optional.empty(), c.containerId("app-blue", "app:1"));
  }
}
