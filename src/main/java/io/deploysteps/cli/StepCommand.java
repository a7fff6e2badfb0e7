package io.deploysteps.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.deploysteps.engine.ExitCodes;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Json;
import io.deploysteps.engine.StepContext;
import io.deploysteps.engine.StepResult;
import io.deploysteps.log.StepLog;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * The shape every step subcommand shares: parameters from {@code --params-file} (JSON or YAML, the
 * same keys as the Groovy Map) overlaid with options, run through the engine, result printed.
 * Progress goes to stderr; stdout carries only the result, so {@code --json} output is parseable.
 */
abstract class StepCommand implements Callable<Integer> {
  @Option(names = "--params-file", paramLabel = "FILE",
      description = "JSON or YAML map of parameters (the keys of the Groovy step); options given on the command line win.")
  File paramsFile;

  @Option(names = "--json", description = "Print the result as JSON on stdout.")
  boolean json;

  @Option(names = "--result-file", paramLabel = "FILE",
      description = "Also write the result as JSON to FILE; on failure {\"ok\":false,\"exitCode\":N,\"error\":\"...\"}."
          + " The shared library reads it instead of parsing output.")
  File resultFile;

  @Option(names = "--workspace", paramLabel = "DIR", description = "Directory relative paths resolve against (default: the current one).")
  File workspace;

  /** The step's name as the Jenkinsfile calls it, e.g. {@code blueGreenDeploy}. */
  abstract String stepName();

  /** The options that were given on the command line, under the Map API's keys. */
  abstract Map<String, Object> optionParams();

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
    StepContext context = StepContext.local(StepLog.to(err()).forStep(stepName()), ws);
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

  private void writeResultFile(StepContext context, Map<String, Object> map) {
    if (resultFile != null) {
      context.files().writeAtomically(resultFile.getAbsolutePath(), context.log().mask(Json.write(map)));
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
