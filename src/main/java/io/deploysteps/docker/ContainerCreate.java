package io.deploysteps.docker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link RunSpec} as the Engine API's {@code POST /containers/create} body: what {@code docker run
 * --detach} would send, with the env values inside the JSON (so no docker process, argv,
 * environment or file ever holds them, and no env key can steer a docker CLI). Empty for what only
 * the CLI does (a user's {@code --env-file}, publish forms other than {@code [ip:]host:container[/proto]}).
 */
final class ContainerCreate {
  private static final Pattern PUBLISH = Pattern.compile("(?:([0-9.]+|\\[[0-9a-fA-F:]+\\]):)?([0-9]{1,5}):([0-9]{1,5})(?:/(tcp|udp|sctp))?");
  static final Pattern RESTART = Pattern.compile("(no|always|unless-stopped|on-failure)(?::([0-9]{1,9}))?");

  private ContainerCreate() {}

  static Optional<String> body(RunSpec spec) {
    if (spec.envFile != null) {
      return Optional.empty();
    }
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode body = f.objectNode().put("Image", spec.image);
    ArrayNode env = body.putArray("Env");
    spec.env.forEach((k, v) -> env.add(k + "=" + v));
    ObjectNode labels = body.putObject("Labels");
    spec.labels.forEach(labels::put);
    if (!spec.command.isEmpty()) {
      ArrayNode cmd = body.putArray("Cmd");
      spec.command.forEach(cmd::add);
    }
    if (spec.stopTimeout != null) {
      body.put("StopTimeout", spec.stopTimeout.toSeconds());
    }
    ObjectNode host = body.putObject("HostConfig");
    if (spec.network != null) {
      host.put("NetworkMode", spec.network);
      if (spec.networkAlias != null) {
        body.putObject("NetworkingConfig").putObject("EndpointsConfig").putObject(spec.network).putArray("Aliases")
            .add(spec.networkAlias);
      }
    }
    if (spec.init) {
      host.put("Init", true);
    }
    if (spec.restart != null) {
      Matcher m = RESTART.matcher(spec.restart);
      if (!m.matches()) {
        return Optional.empty();
      }
      ObjectNode policy = host.putObject("RestartPolicy").put("Name", m.group(1));
      if (m.group(2) != null) {
        policy.put("MaximumRetryCount", Integer.parseInt(m.group(2)));
      }
    }
    if (!spec.publish.isEmpty()) {
      ObjectNode exposed = body.putObject("ExposedPorts");
      ObjectNode bindings = host.putObject("PortBindings");
      for (String p : spec.publish) {
        Matcher m = PUBLISH.matcher(p);
        if (!m.matches()) {
          return Optional.empty();
        }
        String port = m.group(3) + "/" + (m.group(4) == null ? "tcp" : m.group(4));
        exposed.putObject(port);
        String ip = m.group(1) == null ? "" : m.group(1).replaceAll("^\\[|\\]$", "");
        ArrayNode list = bindings.has(port) ? (ArrayNode) bindings.get(port) : bindings.putArray(port);
        list.addObject().put("HostIp", ip).put("HostPort", m.group(2));
      }
    }
    return Optional.of(body.toString());
  }
}
