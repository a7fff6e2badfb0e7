package io.deploysteps.docker;

import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandException;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One project of a Docker Compose file, driven through {@code docker compose} (the v2 plugin) or
 * {@code docker-compose} (v1): argv only, never a shell line. The image reaches the file through
 * the environment of the compose process, as {@value #IMAGE_VARIABLE}, which the file reads as
 * {@code image: ${DEPLOY_STEPS_IMAGE}}; DOCKER_HOST comes with the runner's environment.
 */
public final class DockerCompose {
  /** The variable the compose file's {@code image:} reads. */
  public static final String IMAGE_VARIABLE = "DEPLOY_STEPS_IMAGE";
  private static final Duration QUICK = Duration.ofMinutes(2);
  /** An up may pull the image (compose pulls what the host lacks). */
  private static final Duration UP = Duration.ofMinutes(15);

  private final CommandRunner runner;
  private final List<String> program;
  private final String file;
  private final String project;
  private final String envFile;

  private DockerCompose(CommandRunner runner, List<String> program, String file, String project, String envFile) {
    this.runner = runner;
    this.program = program;
    this.file = file;
    this.project = project;
    this.envFile = envFile;
  }

  /**
   * The compose this host has: {@code DOCKER compose} when the plugin answers its version, else
   * {@code docker-compose}; empty when neither runs. {@code project} null: compose's own default
   * (the file's directory name). {@code envFile} non-null: compose's {@code --env-file}, the
   * variables the file reads.
   */
  public static Optional<DockerCompose> find(CommandRunner runner, String docker, String file, String project, String envFile) {
    for (List<String> program : List.of(List.of(docker, "compose"), List.of("docker-compose"))) {
      List<String> argv = new ArrayList<>(program);
      argv.add("version");
      try {
        if (runner.run(Command.of(argv).timeout(QUICK).build()).ok()) {
          return Optional.of(new DockerCompose(runner, program, file, project, envFile));
        }
      } catch (CommandException e) {
        // Not installed (the program does not start): try the next one.
      }
    }
    return Optional.empty();
  }

  /** {@code docker compose} or {@code docker-compose}, for log lines. */
  public String program() {
    return String.join(" ", program);
  }

  /** The services the file declares ({@code config --services}), with {@code image} for the variable. */
  public List<String> services(String image) {
    String out = run(QUICK, image, "config", "--services").stdout();
    return Arrays.stream(out.split("\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** Creates {@code service} anew from {@code image} and starts it, touching no other service. */
  public void up(String service, String image) {
    run(UP, image, "up", "-d", "--no-deps", "--force-recreate", service);
  }

  /** Stops the service's container and keeps it (SIGTERM, SIGKILL after {@code grace}). */
  public void stop(String service, Duration grace, String image) {
    run(QUICK.plus(grace), image, "stop", "-t", String.valueOf(Math.max(0, grace.toSeconds())), service);
  }

  /** Starts the service's existing (stopped) container again. */
  public void start(String service, String image) {
    run(QUICK, image, "start", service);
  }

  /** Stops and removes the service's container. */
  public void remove(String service, String image) {
    run(QUICK, image, "rm", "--force", "--stop", service);
  }

  /** The id of the service's container, running or stopped; empty when it has none. */
  public Optional<String> containerId(String service, String image) {
    String out = run(QUICK, image, "ps", "-a", "-q", service).stdout();
    return Arrays.stream(out.split("\n")).map(String::strip).filter(s -> !s.isEmpty()).findFirst();
  }

  /** The argv of a compose command (for tests and messages). */
  List<String> argv(String... args) {
    List<String> argv = new ArrayList<>(program);
    argv.addAll(List.of("-f", file));
    if (envFile != null) {
      argv.addAll(List.of("--env-file", envFile));
    }
    if (project != null) {
      argv.addAll(List.of("-p", project));
    }
    argv.addAll(List.of(args));
    return argv;
  }

  private CommandResult run(Duration timeout, String image, String... args) {
    List<String> argv = argv(args);
    CommandResult r = runner.run(Command.of(argv).env(IMAGE_VARIABLE, image).timeout(timeout).build());
    if (!r.ok()) {
      throw new DockerException(String.join(" ", argv), r);
    }
    return r;
  }
}
