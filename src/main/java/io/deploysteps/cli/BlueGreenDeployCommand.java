package io.deploysteps.cli;

import io.deploysteps.bluegreen.BlueGreenParameters;
import io.deploysteps.bluegreen.BlueGreenRequest;
import io.deploysteps.bluegreen.BlueGreenRunner;
import io.deploysteps.catalogue.StepCatalogue;
import io.deploysteps.context.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code deploy-steps blue-green-deploy}: the blueGreenDeploy step from the command line; its options come from the catalogue. */
@Command(name = "blue-green-deploy", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Zero-downtime deploy on a Docker host: start the idle colour, gate on health, switch nginx, drain,"
        + " keep the old one for rollback. Options are the Map keys in kebab-case; nested ones (health, proxy) as"
        + " --health-status, --proxy-include-file...")
final class BlueGreenDeployCommand extends StepCommand {
  @Override
  String stepName() {
    return "blueGreenDeploy";
  }

  @Override
  StepCatalogue catalogue() {
    return BlueGreenParameters.CATALOGUE;
  }

  @Override
  StepResult execute(StepContext context, Map<String, Object> params) {
    return new BlueGreenRunner(context).run(BlueGreenRequest.fromMap(nest(params)));
  }

  /** Folds {@code health.status}-style keys into the nested maps, over what a params file gave. */
  static Map<String, Object> nest(Map<String, Object> params) {
    Map<String, Object> out = new LinkedHashMap<>();
    params.forEach((k, v) -> {
      if (!k.contains(".")) {
        out.put(k, v);
      }
    });
    params.forEach((k, v) -> {
      int dot = k.indexOf('.');
      if (dot > 0) {
        String parent = k.substring(0, dot);
        Map<String, Object> nested = asMap(out.get(parent));
        nested.put(k.substring(dot + 1), v);
        out.put(parent, nested);
      }
    });
    // proxy.haproxy.socket: one level more.
    out.replaceAll((k, v) -> v instanceof Map && ((Map<?, ?>) v).keySet().stream().anyMatch(x -> String.valueOf(x).contains("."))
        ? nest(asMap(v)) : v);
    return out;
  }

  private static Map<String, Object> asMap(Object v) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (v instanceof Map) {
      ((Map<?, ?>) v).forEach((k, x) -> m.put(String.valueOf(k), x));
    } else if (v != null) {
      // The health shorthand: "/path", "docker" or "log:REGEX".
      String s = v.toString();
      if (s.equals("docker")) {
        m.put("docker", true);
      } else if (s.startsWith("log:")) {
        m.put("log", s.substring(4));
      } else {
        m.put("path", s);
      }
    }
    return m;
  }
}
