package io.deploysteps.bluegreen;

import io.deploysteps.docker.ImageDefinitionsFile;
import io.deploysteps.docker.ImageRef;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.ParameterCheck;
import io.deploysteps.engine.Params;
import io.deploysteps.fs.HostFiles;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What blueGreenDeploy is asked to do, validated when it is made. */
public final class BlueGreenRequest {
  /** The keys of the Groovy Map (from {@link BlueGreenParameters#CATALOGUE}). */
  public static final List<String> KEYS = BlueGreenParameters.CATALOGUE.keys();
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
  /** docker run --restart policies. */
  private static final Pattern RESTART = Pattern.compile("no|always|unless-stopped|on-failure(:[1-9][0-9]{0,3})?");
  /** A user network's name as docker accepts it (no {@code container:ID} forms: each colour needs its own ports). */
  private static final Pattern NETWORK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  final String name;
  final ImageRef image;
  final PortPair ports;
  final String network;
  final Integer containerPort;
  /** How the proxy reaches a colour: 127.0.0.1:PORT, or NAME-PORT:CONTAINERPORT on the user network. */
  final ColourAddress address;
  final Map<String, String> env;
  /** Per colour ("blue", "green"), over env. */
  final Map<String, Map<String, String>> colourEnv;
  final String envFile;
  final HealthCheck health;
  final Duration healthTimeout;
  final String includeFile;
  final List<String> testCommand;
  final List<String> reloadCommand;
  final ProxyKind proxyKind;
  final URI verifyUrl;
  final Duration drain;
  final Duration stopTimeout;
  final boolean keepPrevious;
  /** keepPrevious 'running': the old colour is kept running (a hot standby), not stopped. */
  final boolean standby;
  final String restart;
  final boolean rollback;
  final Duration lockTimeout;
  final Duration minHealthy;
  final boolean force;
  final ImageRef to;
  final Pull pull;
  /** The registry login of the pull (registryUser or region), or none. */
  final PullLogin pullLogin;
  /** The imagedefinitions.json to take the image from, when {@code image} is not given; null otherwise. */
  final String imageDefinitions;
  final String containerName;
  /** The colours as two services of a compose file; null: containers blueGreenDeploy starts itself. */
  final ComposeSpec compose;
  /** The Map this request was made from, to make it again with the image of {@link #imageDefinitions}. */
  private final transient Map<String, ?> source; // not part of the request's value: the Map it came from

  /** When a deploy pulls its image: always (a tag may have moved), when missing, or never. */
  enum Pull { ALWAYS, MISSING, NEVER }

  private BlueGreenRequest(Map<String, ?> params) {
    source = params;
    Params p = BlueGreenParameters.CATALOGUE.read(params);
    name = p.string("name");
    if (!NAME.matcher(name).matches() || name.length() > 100) {
      throw new InvalidParameterException("name", "'" + name + "' must match [a-z0-9][a-z0-9_.-]* (at most 100 characters)");
    }
    rollback = p.bool("rollback", false);
    imageDefinitions = p.string("imageDefinitions", null);
    containerName = p.string("containerName", null);
    if (imageDefinitions != null && (p.has("image") || rollback)) {
      throw new InvalidParameterException("imageDefinitions", rollback ? "applies to deploys only (a rollback goes to the kept container)"
          : "give image or imageDefinitions, not both");
    }
    if (containerName != null && imageDefinitions == null) {
      throw new InvalidParameterException("containerName", "applies to imageDefinitions only (it picks that file's entry)");
    }
    if (rollback || imageDefinitions != null) {
      image = p.has("image") ? ImageRef.parse("image", p.string("image")) : null;
    } else {
      image = ImageRef.parse("image", p.has("image") ? p.string("image") : null);
    }
    ports = p.has("ports") ? PortPair.parse("ports", p.strings("ports", List.of())) : PortPair.of("ports", 3000, 4000);
    network = p.string("network", "host");
    if (!NETWORK.matcher(network).matches() || network.equals("none")) {
      throw new InvalidParameterException("network", "must be 'host', 'bridge' or the name of a user network (like 'dev'), got '"
          + network + "'");
    }
    if (p.has("containerPort")) {
      int cp = p.integer("containerPort", 0);
      if (cp < 1 || cp > 65535) {
        throw new InvalidParameterException("containerPort", "port " + cp + " is out of range 1-65535");
      }
      if (network.equals("host")) {
        throw new InvalidParameterException("containerPort", "applies to network 'bridge' or a user network only (with 'host' the"
            + " container gets PORT=<port>)");
      }
      containerPort = cp;
    } else if (!network.equals("host")) {
      throw new InvalidParameterException("containerPort", "is required with network '" + network + "' (the port the app listens on"
          + " inside; 127.0.0.1:<port> publishes it)");
    } else {
      containerPort = null;
    }
    env = Map.copyOf(p.stringMap("env"));
    env.keySet().forEach(k -> {
      if (!ENV_KEY.matcher(k).matches()) {
        throw new InvalidParameterException("env", "'" + k + "' is not a valid variable name");
      }
    });
    colourEnv = colourEnv(p);
    compose = ComposeSpec.parse(p);
    envFile = p.string("envFile", null);
    health = HealthCheck.fromParams(p);
    healthTimeout = positive("healthTimeout", p.duration("healthTimeout", Duration.ofSeconds(60)));
    // proxy may be just the include's path, as Jenkinsfiles and the Snippet Generator give it.
    proxyKind = ProxyKind.parse(p);
    if (proxyKind instanceof ProxyKind.Include i) {
      includeFile = i.includeFile();
      testCommand = i.testCommand();
      reloadCommand = i.reloadCommand();
    } else if (proxyKind instanceof ProxyKind.Upstream u) {
      includeFile = null;
      testCommand = u.testCommand();
      reloadCommand = u.reloadCommand();
    } else {
      includeFile = null;
      testCommand = List.of();
      reloadCommand = List.of();
    }
    address = address(p.string("upstream", "loopback"), name, network, containerPort, proxyKind);
    verifyUrl = p.has("verifyUrl") ? url("verifyUrl", p.string("verifyUrl")) : null;
    drain = p.duration("drain", Duration.ofSeconds(2));
    stopTimeout = p.duration("stopTimeout", Duration.ofSeconds(10));
    // 'running': the old colour stays up as a hot standby, so a rollback is only the switch.
    standby = p.has("keepPrevious") && "running".equals(String.valueOf(p.raw("keepPrevious")).strip());
    try {
      keepPrevious = standby || p.bool("keepPrevious", true);
    } catch (InvalidParameterException e) {
      throw new InvalidParameterException("keepPrevious", "must be true, false or 'running', got '" + p.raw("keepPrevious") + "'");
    }
    // unless-stopped: the live colour comes back after a reboot or a daemon restart, the stopped
    // previous one stays stopped (as the seed's compose files run their services).
    restart = p.string("restart", "unless-stopped");
    if (!RESTART.matcher(restart).matches()) {
      throw new InvalidParameterException("restart", "'" + restart + "' is not a docker restart policy: no, always,"
          + " unless-stopped or on-failure[:N]");
    }
    lockTimeout = p.duration("lockTimeout", Duration.ofMinutes(10));
    minHealthy = p.duration("minHealthy", Duration.ofSeconds(2));
    if (minHealthy.isNegative()) {
      throw new InvalidParameterException("minHealthy", "must not be negative");
    }
    force = p.bool("force", false);
    if (force && rollback) {
      throw new InvalidParameterException("force", "applies to deploys only (a rollback goes to the kept container)");
    }
    if (p.has("to") && !rollback) {
      throw new InvalidParameterException("to", "applies to rollback: true only (a deploy names its image)");
    }
    to = p.has("to") ? ImageRef.parse("to", p.string("to")) : null;
    pull = pull(p, image, rollback);
    pullLogin = PullLogin.fromParams(p, image);
  }

  /** {@code colourEnv: [blue: [...], green: [...]]}: the variables of one colour only. */
  private static Map<String, Map<String, String>> colourEnv(Params p) {
    Params nested = p.nested("colourEnv");
    Map<String, Map<String, String>> out = new java.util.LinkedHashMap<>();
    for (String colour : List.of("blue", "green")) {
      Map<String, String> vars = Map.copyOf(nested.stringMap(colour));
      vars.keySet().forEach(k -> {
        if (!ENV_KEY.matcher(k).matches()) {
          throw new InvalidParameterException("colourEnv." + colour, "'" + k + "' is not a valid variable name");
        }
      });
      out.put(colour, vars);
    }
    if (p.has("colourEnv")) {
      Object raw = p.raw("colourEnv");
      ((Map<?, ?>) raw).keySet().stream().map(String::valueOf).filter(k -> !out.containsKey(k)).findFirst().ifPresent(k -> {
        throw new InvalidParameterException("colourEnv", "'" + k + "' is no colour: the keys are blue and green");
      });
    }
    return Map.copyOf(out);
  }

  /**
   * {@code pull}, by default always for a tag in a registry (it may have moved since the host pulled
   * it), when missing for a digest (it cannot move) and for a name without a registry host (a local
   * build, or Docker Hub: pulling one is not always possible and a build host's tag is the truth).
   */
  private static Pull pull(Params p, ImageRef image, boolean rollback) {
    if (!p.has("pull")) {
      return image == null || image.digest() != null || image.registry() == null ? Pull.MISSING : Pull.ALWAYS;
    }
    if (rollback) {
      throw new InvalidParameterException("pull", "applies to deploys only (a rollback runs the kept container, no pull)");
    }
    String text = p.string("pull");
    try {
      return Pull.valueOf(text.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidParameterException("pull", "must be 'always', 'missing' or 'never', got '" + text + "'");
    }
  }

  /**
   * {@code upstream}: {@code loopback} (the proxy goes to 127.0.0.1:PORT) or {@code name} (to
   * NAME-PORT:CONTAINERPORT, resolved by Docker's DNS on the user network the proxy shares with the colours).
   */
  private static ColourAddress address(String upstream, String name, String network, Integer containerPort, ProxyKind kind) {
    if (upstream.equals("loopback")) {
      return ColourAddress.loopback(name);
    }
    if (!upstream.equals("name")) {
      throw new InvalidParameterException("upstream", "must be 'loopback' or 'name', got '" + upstream + "'");
    }
    if (network.equals("host") || network.equals("bridge")) {
      throw new InvalidParameterException("upstream", "'name' needs a user network the proxy is on too (network: 'dev'): Docker's DNS"
          + " knows container names there only, not with network '" + network + "'");
    }
    if (!(kind instanceof ProxyKind.Include)) {
      throw new InvalidParameterException("upstream", "'name' applies to proxy.includeFile only (set $service_url http://NAME-PORT:"
          + containerPort + "; with a resolver); the upstream block and HAProxy kinds go to 127.0.0.1:PORT");
    }
    return ColourAddress.byName(name, containerPort);
  }

  /** Checks one parameter as a form field (the plugin's doCheck methods), with this request's messages. */
  public static ParameterCheck check() {
    return new ParameterCheck(BlueGreenRequest::fromMap, Map.of("name", "web", "image", "web:1", "proxy", "/etc/nginx/service-url.inc"));
  }

  public static BlueGreenRequest fromMap(Map<String, ?> params) {
    return new BlueGreenRequest(params);
  }

  /**
   * This request with its {@code image} read from {@link #imageDefinitions} (a path against
   * {@code workspace}), as seed 003 reads {@code imageUri}; itself when it names its image.
   */
  BlueGreenRequest withImageFrom(HostFiles files, String workspace) {
    if (imageDefinitions == null) {
      return this;
    }
    String path = files.resolve(workspace, imageDefinitions);
    String uri = ImageDefinitionsFile.imageOf(ImageDefinitionsFile.read(files, path, "imageDefinitions"), path, containerName);
    Map<String, Object> params = new java.util.LinkedHashMap<>(source);
    params.remove("imageDefinitions");
    params.remove("containerName");
    params.put("image", uri);
    return new BlueGreenRequest(params);
  }

  private static Duration positive(String name, Duration d) {
    if (d.isZero() || d.isNegative()) {
      throw new InvalidParameterException(name, "must be more than zero");
    }
    return d;
  }

  private static URI url(String name, String text) {
    try {
      URI u = new URI(text);
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
        throw new InvalidParameterException(name, "must be an http(s) URL, got '" + text + "'");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new InvalidParameterException(name, "'" + text + "' is not a URL: " + e.getReason());
    }
  }

  public String name() {
    return name;
  }

  /** Null for a rollback without an image. */
  public ImageRef image() {
    return image;
  }

  public PortPair ports() {
    return ports;
  }

  public boolean rollback() {
    return rollback;
  }

  public HealthCheck health() {
    return health;
  }

  /** The container name for a colour: {@code NAME-PORT}, as in seed 003. */
  public String containerName(int port) {
    return name + "-" + port;
  }

  /**
   * A new container's name until traffic is on it ({@code NAME-PORT-next}): the stopped container
   * kept for rollback keeps {@code NAME-PORT} until then, so a failed deploy does not lose it.
   */
  public String candidateName(int port) {
    return containerName(port) + "-next";
  }
}
