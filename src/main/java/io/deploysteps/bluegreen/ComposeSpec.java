package io.deploysteps.bluegreen;

import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Params;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code compose} parameter, validated: the colours are two services of a Docker Compose file
 * (blue serves the first of ports, green the second), as seed 004 runs them, instead of containers
 * blueGreenDeploy starts itself. {@code project} null: compose's default.
 */
record ComposeSpec(String file, String blue, String green, String project) {
  static final List<String> KEYS = List.of("file", "services", "project");
  /** A compose service name, and a project name as compose v2 takes it. */
  private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  /**
   * Parameters that describe a container blueGreenDeploy starts, with their defaults (the shared
   * library passes those): with compose the compose file says them, so anything else is refused.
   */
  private static final List<Map.Entry<String, String>> NOT_WITH_COMPOSE = List.of(Map.entry("network", "host"),
      Map.entry("containerPort", ""), Map.entry("upstream", "loopback"), Map.entry("env", "{}"), Map.entry("colourEnv", "{}"),
      Map.entry("restart", "unless-stopped"));

  /** The compose the parameters ask for; null when {@code compose} is not given. */
  static ComposeSpec parse(Params p) {
    if (!p.has("compose")) {
      return null;
    }
    for (Map.Entry<String, String> e : NOT_WITH_COMPOSE) {
      if (p.has(e.getKey()) && !String.valueOf(p.raw(e.getKey())).strip().equals(e.getValue())) {
        throw new InvalidParameterException(e.getKey(), "does not apply with compose: the compose file sets the services' "
            + e.getKey());
      }
    }
    Params c = p.nested("compose");
    only(c, KEYS, "compose.");
    String file = required(c, "file", "compose.file", "the compose file, like 'docker-compose.prod.yml'");
    if (!c.has("services")) {
      throw new InvalidParameterException("compose.services", "is required: [blue: 'x-blue', green: 'x-green'], the two services"
          + " the colours alternate on");
    }
    Params s = c.nested("services");
    only(s, List.of("blue", "green"), "compose.services.");
    String blue = service(s, "blue");
    String green = service(s, "green");
    if (blue.equals(green)) {
      throw new InvalidParameterException("compose.services.green", "'" + green + "' is blue's service too: the colours need two");
    }
    String project = c.has("project") ? c.string("project") : null;
    if (project != null && !PROJECT.matcher(project).matches()) {
      throw new InvalidParameterException("compose.project", "'" + project + "' must match [a-z0-9][a-z0-9_-]* (compose's rule)");
    }
    return new ComposeSpec(file, blue, green, project);
  }

  /** The service of the colour on {@code port}. */
  String serviceOn(int port, PortPair ports) {
    return port == ports.first() ? blue : green;
  }

  private static String service(Params s, String colour) {
    String name = required(s, colour, "compose.services." + colour, "the compose service of the " + colour + " colour");
    if (!SERVICE.matcher(name).matches()) {
      throw new InvalidParameterException("compose.services." + colour, "'" + name + "' is not a compose service name");
    }
    return name;
  }

  private static String required(Params p, String key, String name, String what) {
    if (!p.has(key)) {
      throw new InvalidParameterException(name, "is required (" + what + ")");
    }
    return p.string(key);
  }

  private static void only(Params p, List<String> known, String prefix) {
    try {
      p.requireOnly(known);
    } catch (InvalidParameterException e) {
      throw new InvalidParameterException(prefix + e.parameter(), "unknown parameter; known ones are " + known);
    }
  }
}
