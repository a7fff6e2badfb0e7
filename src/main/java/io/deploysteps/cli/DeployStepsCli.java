package io.deploysteps.cli;

import io.deploysteps.docker.DockerException;
import io.deploysteps.engine.ExitCodes;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.exec.CommandException;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.exec.OwnEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/** {@code deploy-steps}: the pipeline steps as subcommands. */
@Command(name = "deploy-steps", mixinStandardHelpOptions = true, versionProvider = DeployStepsCli.Version.class,
    description = "Build, push, audit, deploy blue-green or to Amazon ECS, and prune Docker services, as Jenkins pipeline steps do.",
    footer = {"", "Exit codes: 0 done, 1 the step failed, 2 bad usage or parameters, 3 unstable (warnings)."})
public final class DeployStepsCli implements Runnable {
  /** The subcommands, in the order help lists them. */
  static final List<Supplier<StepCommand>> SUBCOMMANDS = List.of(BuildAndPushEcrCommand::new, BlueGreenDeployCommand::new,
      DbConnectionAuditCommand::new, PruneDockerCommand::new, EcsDeployCommand::new, RunBuildspecCommand::new);

  @Option(names = "--stacktrace", scope = CommandLine.ScopeType.INHERIT,
      description = "Print the stack trace of a failure, not just its message.")
  boolean stacktrace;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  public static void main(String[] args) {
    // Between fork and exec every child is a copy of this JVM: its environment block must not show
    // the secrets the step was started with (the JVM keeps its own copy; see OwnEnvironment).
    OwnEnvironment.blank(LocalCommandRunner::holdsSecret);
    // The AWS SDK's HTTP client logs through SLF4J, which has no provider here: its three-line
    // "No SLF4J providers" warning would land in every build log. Our own lines are the log.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    String asked = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
    boolean help = Arrays.stream(args).anyMatch(a -> List.of("-h", "--help", "-V", "--version").contains(a));
    List<StepCommand> all = SUBCOMMANDS.stream().map(Supplier::get).toList();
    List<StepCommand> wanted = all.stream().filter(c -> c.getClass().getAnnotation(Command.class).name().equals(asked)).toList();
    if (!help && !wanted.isEmpty()) {
      WarmUp.start();
    }
    LocalContext door = new LocalContext(System.getenv());
    if ("prune-docker".equals(asked) && !help) {
      // Its first reads need only the daemon: they run while picocli parses.
      door.startEarlyReads();
    }
    CommandLine cli = new CommandLine(new DeployStepsCli());
    // picocli reflects over every option of every subcommand it is given, about 100 ms of a cold
    // CLI: give it only the one asked for. Help, --version or an unknown word get all of them.
    // A CommandLine of its own applies the subcommand's model transformer (its options from the catalogue).
    (wanted.isEmpty() ? all : wanted).forEach(c -> cli.addSubcommand(new CommandLine(c.door(door))));
    cli.setExecutionExceptionHandler(DeployStepsCli::onFailure);
    cli.setParameterExceptionHandler(DeployStepsCli::onBadUsage);
    // Reads this run did not take (bad usage, an ECR-only run) go with the door: nothing keeps them.
    return cli.execute(args);
  }

  /** picocli's message and a pointer to help, not the whole usage text. */
  private static int onBadUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("deploy-steps: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCodes.USAGE;
  }

  private static int onFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    boolean trace = parsed.hasMatchedOption("--stacktrace")
        || (parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--stacktrace"));
    PrintWriter err = cmd.getErr();
    err.println("deploy-steps: " + messageOf(e));
    if (trace) {
      e.printStackTrace(err);
    }
    err.flush();
    return exitCodeOf(e);
  }

  /** Bad parameters are exit 2 (nothing was changed); anything else that escaped a step is 1. */
  public static int exitCodeOf(Exception e) {
    return e instanceof InvalidParameterException ? ExitCodes.USAGE : ExitCodes.FAILED;
  }

  /** The one line a person needs: our own exceptions speak for themselves, others get their type. */
  public static String messageOf(Exception e) {
    return e instanceof StepFailedException || e instanceof InvalidParameterException
        || e instanceof DockerException || e instanceof CommandException
        ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** The version from the build. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = DeployStepsCli.class.getResourceAsStream("/io/deploysteps/version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"deploy-steps " + p.getProperty("version", "unknown")};
    }
  }
}
