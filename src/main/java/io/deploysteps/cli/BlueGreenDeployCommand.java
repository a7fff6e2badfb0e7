package io.deploysteps.cli;

import io.deploysteps.bluegreen.BlueGreenRequest;
import io.deploysteps.bluegreen.BlueGreenRunner;
import io.deploysteps.engine.StepContext;
import io.deploysteps.engine.StepResult;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deploy-steps blue-green-deploy}: the blueGreenDeploy step from the command line. */
@Command(name = "blue-green-deploy", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Zero-downtime deploy on a Docker host: start the idle colour, gate on health, switch nginx, drain,"
        + " keep the old one for rollback. Options are the Map keys in kebab-case; nested ones (health, proxy) as"
        + " --health-status, --proxy-include-file...")
final class BlueGreenDeployCommand extends StepCommand {
  @Option(names = "--name", description = "Service name ([a-z0-9][a-z0-9_.-]*); containers are NAME-PORT.")
  String name;

  @Option(names = "--image", description = "Image reference to deploy (not needed with --rollback).")
  String image;

  @Option(names = "--ports", paramLabel = "P1,P2", description = "The two host ports (default 3000,4000).")
  String ports;

  @Option(names = "--network", description = "host (default: the app gets PORT=<port>) or bridge (publish 127.0.0.1:<port>:<container-port>).")
  String network;

  @Option(names = "--container-port", description = "With --network bridge: the port the app listens on inside.")
  Integer containerPort;

  @Option(names = "--env", paramLabel = "KEY=VALUE", description = "Environment of the container (repeatable).")
  Map<String, String> env;

  @Option(names = "--env-file", paramLabel = "FILE", description = "KEY=VALUE file on the Docker host (like .env.production).")
  String envFile;

  @Option(names = "--health", paramLabel = "PATH|docker|log:REGEX",
      description = "Health check: an HTTP path (default /), the image's Docker HEALTHCHECK, or a log line regex.")
  String health;

  @Option(names = "--health-status", description = "Expected HTTP status of the health path (default 200).")
  Integer healthStatus;

  @Option(names = "--health-body", description = "Text the health answer must contain.")
  String healthBody;

  @Option(names = "--health-timeout", description = "Bound on the health gate (default 60s).")
  String healthTimeout;

  @Option(names = "--proxy-include-file", paramLabel = "FILE", description = "The nginx include holding 'set $service_url http://127.0.0.1:PORT;'.")
  String proxyIncludeFile;

  @Option(names = "--proxy-test-command", paramLabel = "ARGV", description = "Config test, split on spaces, no shell (default 'nginx -t').")
  String proxyTestCommand;

  @Option(names = "--proxy-reload-command", paramLabel = "ARGV", description = "Reload, split on spaces, no shell (default 'nginx -s reload').")
  String proxyReloadCommand;

  @Option(names = "--proxy-upstream-file", paramLabel = "FILE",
      description = "Instead of the include: the nginx file holding 'upstream NAME { server 127.0.0.1:PORT; }' (with --proxy-upstream).")
  String proxyUpstreamFile;

  @Option(names = "--proxy-upstream", paramLabel = "NAME", description = "The upstream block of --proxy-upstream-file whose server line is switched.")
  String proxyUpstream;

  @Option(names = "--proxy-haproxy-socket", paramLabel = "PATH",
      description = "Instead of nginx: HAProxy's admin socket (runtime API; with --proxy-haproxy-backend and --proxy-haproxy-server).")
  String proxyHaproxySocket;

  @Option(names = "--proxy-haproxy-backend", paramLabel = "NAME", description = "The HAProxy backend of the switched server.")
  String proxyHaproxyBackend;

  @Option(names = "--proxy-haproxy-server", paramLabel = "NAME", description = "The HAProxy server entry pointed at the live colour.")
  String proxyHaproxyServer;

  @Option(names = "--proxy-haproxy-config-file", paramLabel = "FILE",
      description = "The HAProxy config file whose server line follows the switch, so a restart comes back on the live colour.")
  String proxyHaproxyConfigFile;

  @Option(names = "--verify-url", description = "Public URL that must answer from the new container after the switch.")
  String verifyUrl;

  @Option(names = "--drain", description = "Wait after the switch before stopping the old container (default 2s).")
  String drain;

  @Option(names = "--stop-timeout", description = "Grace period between SIGTERM and SIGKILL (default 10s).")
  String stopTimeout;

  @Option(names = "--keep-previous", arity = "0..1", paramLabel = "BOOL", description = "Keep the old container stopped for rollback (default true).")
  Boolean keepPrevious;

  @Option(names = "--restart", paramLabel = "POLICY",
      description = "Docker restart policy of the colours: no, always, unless-stopped or on-failure[:N] (default unless-stopped).")
  String restart;

  @Option(names = "--rollback", arity = "0..1", paramLabel = "BOOL", description = "Go back to the kept previous container: no pull, no build.")
  Boolean rollback;

  @Option(names = "--lock-timeout", description = "How long to wait for another deploy of the service (default 10m).")
  String lockTimeout;

  @Option(names = "--min-healthy", description = "How long the new colour must have stayed healthy (watched) before the old one stops (default 2s).")
  String minHealthy;

  @Option(names = "--force", arity = "0..1", paramLabel = "BOOL", description = "Deploy even when the live colour runs this very image (default: a no-op).")
  Boolean force;

  @Option(names = "--to", paramLabel = "IMAGE", description = "With --rollback: the version to go to; needed to roll back again after a rollback.")
  String to;

  @Option(names = "--pull", paramLabel = "always|missing|never",
      description = "When to pull the image (default always for a tag in a registry, missing for a digest or a local name).")
  String pull;

  @Override
  String stepName() {
    return "blueGreenDeploy";
  }

  @Override
  Map<String, String> nestedKeys() {
    String[] pairs = {"--health-status", "health.status", "--health-body", "health.body",
        "--proxy-include-file", "proxy.includeFile", "--proxy-test-command", "proxy.testCommand",
        "--proxy-reload-command", "proxy.reloadCommand", "--proxy-upstream-file", "proxy.upstreamFile",
        "--proxy-upstream", "proxy.upstream", "--proxy-haproxy-socket", "proxy.haproxy.socket",
        "--proxy-haproxy-backend", "proxy.haproxy.backend", "--proxy-haproxy-server", "proxy.haproxy.server",
        "--proxy-haproxy-config-file", "proxy.haproxy.configFile"};
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
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
