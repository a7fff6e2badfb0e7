package io.deploysteps.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.deploysteps.catalogue.Door;
import io.deploysteps.catalogue.Parameter;
import io.deploysteps.catalogue.StepCatalogue;
import io.deploysteps.engine.ExitCodes;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Json;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepResult;
import io.deploysteps.log.StepLog;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The shape every step subcommand shares: parameters from {@code --params-file} (JSON or YAML, the
 * same keys as the Groovy Map) overlaid with options, run through the engine, result printed.
 * Progress goes to stderr; stdout carries only the result, so {@code --json} output is parseable.
 */
@Command(modelTransformer = CatalogueOptions.class)
abstract class StepCommand implements Callable<Integer> {
  @Option(names = "--params-file", paramLabel = "FILE",
      description = "JSON or YAML map of parameters (the keys of the Groovy step); options given on the command line win.")
  File paramsFile;

  @Option(names = "--json", description = "Print the result as JSON on stdout.")
  boolean json;

  @Option(names = "--result-file", paramLabel = "FILE",
      description = "Also write the result as JSON to FILE (relative to --workspace); on failure {\"ok\":false,\"exitCode\":N,"
          + "\"error\":\"...\"}. Checked writable before the step starts. The shared library reads it instead of parsing output.")
  File resultFile;

  @Option(names = "--workspace", paramLabel = "DIR", description = "Directory relative paths resolve against (default: the current one).")
  File workspace;

  /** The wiring this command runs with; {@link DeployStepsCli} gives its own (with the reads it started early). */
  private LocalContext door;

  StepCommand door(LocalContext door) {
    this.door = door;
    return this;
  }

  private LocalContext door() {
    return door != null ? door : new LocalContext(System.getenv());
  }

  /** The step's name as the Jenkinsfile calls it, e.g. {@code blueGreenDeploy}. */
  abstract String stepName();

  /** The step's parameters: its options are made from them ({@link CatalogueOptions}). */
  StepCatalogue catalogue() {
    return null;
  }

  /** Options of this class itself: how to run the CLI, not parameters of the step. */
  private static final Set<String> OWN_OPTIONS = Set.of("--params-file", "--json", "--result-file", "--workspace");

  @Spec
  CommandSpec spec;

  /**
   * The options that were given on the command line, under the Map API's keys. An option's key is
   * its long name in camelCase ({@code --keep-per-repository} is {@code keepPerRepository}), so a
   * new option cannot be forgotten here; {@link #nestedKeys()} and {@link #cliOnlyOptions()} name
   * the exceptions.
   */
  Map<String, Object> optionParams() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (OptionSpec o : spec.options()) {
      String name = o.longestName();
      if (o.usageHelp() || o.versionHelp() || o.inherited() || OWN_OPTIONS.contains(name)
          || cliOnlyOptions().contains(name) || o.getValue() == null) {
        continue;
      }
      m.put(nestedKeys().getOrDefault(name, keyOf(name)), o.getValue());
    }
    return m;
  }

  /** {@code --keep-per-repository} to {@code keepPerRepository}. */
  static String keyOf(String optionName) {
    String[] parts = optionName.replaceFirst("^-+", "").split("-");
    StringBuilder key = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      key.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
    }
    return key.toString();
  }

  /**
   * Options whose key is not their camelCase name: nested ones ({@code --health-status} is
   * {@code health.status}) and those the catalogue names otherwise.
   */
  Map<String, String> nestedKeys() {
    Map<String, String> m = new LinkedHashMap<>();
    if (catalogue() != null) {
      for (Parameter p : catalogue().takenBy(Door.CLI)) {
        if (!keyOf(p.option()).equals(p.key())) {
          m.put(p.option(), p.key());
        }
      }
    }
    return m;
  }

  /** Options that steer the CLI only and are no key of the step (e.g. {@code --password-stdin}). */
  Set<String> cliOnlyOptions() {
    return Set.of();
  }

  abstract StepResult execute(StepContext context, Map<String, Object> params);

  PrintStream out() {
    return System.out;
  }

  PrintStream err() {
    return System.err;
  }

  @Override
  public Integer call() {
    Map<String, Object> params = new LinkedHashMap<>(readParamsFile());
    optionParams().forEach((k, v) -> {
      if (v != null) {
        params.put(k, v);
      }
    });
    String ws = (workspace == null ? new File(".") : workspace).getAbsoluteFile().toPath().normalize().toString();
    StepContext context = door().context(StepLog.to(err()).forStep(stepName()), ws);
    resultPath = resultFile == null ? null : java.nio.file.Paths.get(ws).resolve(resultFile.toPath()).normalize().toString();
    claimResultFile(context);
    StepResult result;
    try {
      result = execute(context, params);
    } catch (RuntimeException e) {
      writeResultFile(context, Map.of("ok", false, "exitCode", DeployStepsCli.exitCodeOf(e),
          "error", context.log().mask(String.valueOf(DeployStepsCli.messageOf(e)))));
      throw e;
    }
    Map<String, Object> map = new LinkedHashMap<>(result.toMap());
    map.putIfAbsent("ok", result.exitCode() != ExitCodes.FAILED);
    map.putIfAbsent("exitCode", result.exitCode());
    if (result.exitCode() == ExitCodes.FAILED) {
      // A step that ran and failed (e.g. an audit whose budget does not fit) says why, as an exception would.
      map.putIfAbsent("error", context.log().mask(String.join("; ", result.summary())));
    }
    writeResultFile(context, map);
    if (json) {
      out().println(Json.write(result.toMap()));
    } else {
      result.summary().forEach(line -> out().println(context.log().mask(line)));
    }
    out().flush();
    return result.exitCode();
  }

  /** The result file, resolved against {@code --workspace} as every other path of a step is. */
  private String resultPath;

  /**
   * Writes a "did not finish" result before the step does anything: a result file that cannot be
   * written is bad usage found at once (exit 2), not a failure after the push; and a step killed
   * midway leaves a result that says so.
   */
  private void claimResultFile(StepContext context) {
    if (resultPath == null) {
      return;
    }
    try {
      context.files().writeAtomically(resultPath, Json.write(Map.of("ok", false, "exitCode", ExitCodes.FAILED,
          "error", stepName() + " did not finish (stopped before it wrote its result)")));
    } catch (java.io.UncheckedIOException e) {
      throw new InvalidParameterException("result-file", "cannot write " + resultPath + ": "
          + (e.getCause() == null ? e.getMessage() : e.getCause().toString()));
    }
  }

  private void writeResultFile(StepContext context, Map<String, Object> map) {
    if (resultPath != null) {
      context.files().writeAtomically(resultPath, context.log().mask(Json.write(map)));
    }
  }

  private Map<String, Object> readParamsFile() {
    if (paramsFile == null) {
      return Map.of();
    }
    ObjectMapper mapper = paramsFile.getName().endsWith(".json") ? Json.MAPPER : new ObjectMapper(new YAMLFactory());
    try {
      Map<String, Object> m = mapper.readValue(paramsFile, new TypeReference<Map<String, Object>>() {});
      return m == null ? Map.of() : m;
    } catch (IOException e) {
      throw new InvalidParameterException("params-file", "cannot read " + paramsFile + ": " + e.getMessage());
    }
  }
}
