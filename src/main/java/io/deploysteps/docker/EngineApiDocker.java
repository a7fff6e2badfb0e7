package io.deploysteps.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.engine.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link Docker} for a daemon on this machine's socket: pruneDocker's bulk reads and removals go
 * over the {@link EngineApi} (the answers the docker CLI would have read, without a CLI process
 * per call or an API call per image); everything else is the docker CLI's, unchanged. The
 * answers are those of the CLI's: the same objects, labels, sizes and refusals; an image's
 * {@code Created}, which the summary gives in whole seconds, comes from its inspect when two
 * images share a second (so "newest N" orders exactly as with the CLI).
 */
public final class EngineApiDocker implements Docker {
  private static final Duration QUICK = Duration.ofMinutes(2);

  private final Docker cli;
  private final EngineApi api;

  public EngineApiDocker(Docker cli, EngineApi api) {
    this.cli = cli;
    this.api = api;
  }

  /** The Engine API reads and removals alone; the CLI's operations throw. */
  public EngineApiDocker(EngineApi api) {
    this(null, api);
  }

  public EngineApi api() {
    return api;
  }

  private Docker cli() {
    if (cli == null) {
      throw new IllegalStateException("this Docker client has the Engine API only, no docker CLI");
    }
    return cli;
  }

  /** The Engine API where {@link EngineApi#locate} finds it for {@code env}, else the CLI alone. */
  public static Docker forEnvironment(Docker cli, Map<String, String> env) {
    return EngineApi.locate(env).<Docker>map(api -> new EngineApiDocker(cli, api)).orElse(cli);
  }

  private JsonNode getJson(String pathAndQuery) {
    EngineApi.Response r = api.get(pathAndQuery, QUICK);
    if (!r.ok()) {
      throw failed("GET " + pathAndQuery, r);
    }
    return r.json();
  }

  /** An object that may have gone in between (404: empty, as the CLI's inspect of a list skips it). */
  private Optional<JsonNode> inspect(String pathAndQuery) {
    EngineApi.Response r = api.get(pathAndQuery, QUICK);
    if (r.status() == 404) {
      return Optional.empty();
    }
    if (!r.ok()) {
      throw failed("GET " + pathAndQuery, r);
    }
    return Optional.of(r.json());
  }

  private static DockerException failed(String request, EngineApi.Response r) {
    return new DockerException(request + " failed (HTTP " + r.status() + "): " + r.message(), request);
  }

  // --- over the Engine API ---

  @Override
  public List<ImageInfo> listImagesForPrune() {
    List<ImageInfo.Summary> summaries = new ArrayList<>();
    getJson("/images/json?all=1").forEach(n -> summaries.add(ImageInfo.bind(n, ImageInfo.Summary.class)));
    Map<Long, Integer> perSecond = new HashMap<>();
    summaries.forEach(s -> perSecond.merge(s.created(), 1, Integer::sum));
    List<ImageInfo> out = new ArrayList<>();
    for (ImageInfo.Summary s : summaries) {
      Instant second = Instant.ofEpochSecond(s.created());
      Instant created = perSecond.get(s.created()) > 1 ? exactCreated(s.id()).orElse(second) : second;
      out.add(ImageInfo.fromSummary(s, created));
    }
    return out;
  }

  /** The inspect's {@code Created} (nanoseconds); empty when the image went in between. */
  private Optional<Instant> exactCreated(String id) {
    return inspect("/images/" + EngineApi.escape(id) + "/json")
        .map(n -> DockerTime.parse(n.path("Created").asText(null)));
  }

  @Override
  public Set<String> imageIds() {
    Set<String> ids = new LinkedHashSet<>();
    getJson("/images/json?all=1").forEach(s -> ids.add(s.path("Id").asText()));
    return ids;
  }

  /**
   * One {@code DELETE /images/{name}} after another, as {@code docker rmi a b c} does, reported as
   * the CLI reports it: {@code Untagged:}/{@code Deleted:} lines, and an {@code Error response from
   * daemon:} line per refusal with exit 1.
   */
  @Override
  public Removal removeImages(List<String> references) {
    List<String> removed = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (String ref : references) {
      EngineApi.Response r = api.delete("/images/" + EngineApi.escape(ref), QUICK);
      if (r.ok()) {
        for (JsonNode item : r.json()) {
          item.fields().forEachRemaining(e -> removed.add(e.getKey() + ": " + e.getValue().asText()));
        }
      } else {
        refused.add(refusal(r));
      }
    }
    return new Removal(removed, refused);
  }

  /** A refusal as Docker words it to its users, whichever client asked. */
  static String refusal(EngineApi.Response r) {
    return "Error response from daemon: " + r.message();
  }

  /** {@code docker ps --all} with filters, then each container's inspect, both from the API. */
  @Override
  public List<ContainerInfo> listContainers(List<String> filters) {
    List<ContainerInfo> out = new ArrayList<>();
    for (JsonNode c : getJson("/containers/json?all=1" + filterQuery(filters))) {
      inspect("/containers/" + EngineApi.escape(c.path("Id").asText()) + "/json").ifPresent(n -> out.add(ContainerInfo.fromInspect(n)));
    }
    return out;
  }

  /** {@code --filter k=v} as the CLI sends it: {@code filters={"k":{"v":true}}}. */
  static String filterQuery(List<String> filters) {
    if (filters.isEmpty()) {
      return "";
    }
    Map<String, Map<String, Boolean>> byKey = new LinkedHashMap<>();
    for (String f : filters) {
      int eq = f.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("a filter is key=value, not " + f);
      }
      byKey.computeIfAbsent(f.substring(0, eq), k -> new LinkedHashMap<>()).put(f.substring(eq + 1), true);
    }
    return "&filters=" + URLEncoder.encode(Json.write(byKey), StandardCharsets.UTF_8);
  }

  /**
   * The rows of {@code docker system df}, sizes in exact bytes ({@code "1234B"}) computed as the
   * CLI computes its columns: images = LayersSize, containers = their SizeRw, volumes = the sizes
   * known (not -1), build cache = the records not shared.
   */
  @Override
  public DiskUsage systemDf() {
    JsonNode df = getJson("/system/df");
    long containers = 0;
    for (JsonNode c : df.path("Containers")) {
      containers += Math.max(0, c.path("SizeRw").asLong());
    }
    long volumes = 0;
    for (JsonNode v : df.path("Volumes")) {
      volumes += Math.max(0, v.path("UsageData").path("Size").asLong(-1));
    }
    long cache = 0;
    for (JsonNode b : df.path("BuildCache")) {
      cache += b.path("Shared").asBoolean() ? 0 : b.path("Size").asLong();
    }
    return new DiskUsage(df.path("LayersSize").asLong(), containers, volumes, cache);
  }

  // --- the docker CLI's ---

  @Override
  public String serverVersion() {
    return cli().serverVersion();
  }

  @Override
  public String build(BuildSpec spec, Consumer<String> progress) {
    return cli().build(spec, progress);
  }

  @Override
  public ImageBuilder availableBuilder() {
    return cli().availableBuilder();
  }

  @Override
  public void tag(String source, String target) {
    cli().tag(source, target);
  }

  @Override
  public PushResult push(String reference, Consumer<String> progress) {
    return cli().push(reference, progress);
  }

  @Override
  public boolean pull(String reference) {
    return cli().pull(reference);
  }

  @Override
  public void login(String registry, String username, String password) {
    cli().login(registry, username, password);
  }

  @Override
  public Docker withConfigDir(String configDir, Map<String, String> clientEnv) {
    return new EngineApiDocker(cli().withConfigDir(configDir, clientEnv), api);
  }

  /**
   * Creates and starts the container over the API: its env values stay in the request body, and
   * no env key (DOCKER_HOST, DOCKER_CONFIG, PATH...) can reach a docker process. An image this
   * host lacks is pulled first, as {@code docker run} does; what only the CLI can do goes there.
   */
  @Override
  public String run(RunSpec spec) {
    Optional<String> body = ContainerCreate.body(spec);
    if (body.isEmpty()) {
      return cli().run(spec);
    }
    String create = "/containers/create" + (spec.name == null ? "" : "?name=" + URLEncoder.encode(spec.name,
        StandardCharsets.UTF_8));
    EngineApi.Response r = api.post(create, body.get(), QUICK);
    if (r.status() == 404 && r.message().toLowerCase(java.util.Locale.ROOT).contains("no such image")) {
      if (!cli().pull(spec.image)) {
        throw new DockerException("docker run " + spec.image + ": the image is not on this host and cannot be pulled",
            "POST /containers/create");
      }
      r = api.post(create, body.get(), QUICK);
    }
    if (r.status() != 201) {
      throw failed("POST " + create, r);
    }
    String id = r.json().path("Id").asText();
    EngineApi.Response started = api.post("/containers/" + EngineApi.escape(id) + "/start", null, QUICK);
    if (!started.ok()) {
      // docker run leaves the created container too; the caller removes it by name
      throw failed("POST /containers/" + id + "/start", started);
    }
    return id;
  }

  @Override
  public void start(String container) {
    cli().start(container);
  }

  @Override
  public void stop(String container, Duration grace) {
    cli().stop(container, grace);
  }

  @Override
  public void removeContainer(String container, boolean force) {
    cli().removeContainer(container, force);
  }

  @Override
  public boolean removeImage(String image, boolean force) {
    return cli().removeImage(image, force);
  }

  @Override
  public Optional<ContainerInfo> inspectContainer(String container) {
    return cli().inspectContainer(container);
  }

  @Override
  public Optional<ContainerState> containerState(String container) {
    return cli().containerState(container);
  }

  /** One {@code GET /containers/json}: the listing carries each container's mounts, no inspect needed. */
  @Override
  public List<String> runningContainersMounting(String hostPath) {
    List<String> out = new ArrayList<>();
    for (JsonNode c : getJson("/containers/json?" + filterQuery(List.of("status=running", "volume=" + hostPath)).substring(1))) {
      String name = c.path("Names").path(0).asText("").replaceFirst("^/", "");
      for (JsonNode m : c.path("Mounts")) {
        if (m.path("Type").asText().equals("bind") && m.path("Source").asText().equals(hostPath)) {
          out.add(name + ":" + m.path("Destination").asText());
        }
      }
    }
    return out;
  }

  @Override
  public Optional<ImageInfo> inspectImage(String image) {
    return cli().inspectImage(image);
  }

  @Override
  public List<ImageInfo> listImages(List<String> filters) {
    return cli().listImages(filters);
  }

  @Override
  public String logs(String container, int lines) {
    return cli().logs(container, lines);
  }

  @Override
  public List<VolumeInfo> listVolumes(List<String> filters) {
    return cli().listVolumes(filters);
  }

  @Override
  public void removeVolume(String name) {
    cli().removeVolume(name);
  }

  @Override
  public long pruneBuildCache(String keepStorage, String until) {
    return cli().pruneBuildCache(keepStorage, until);
  }

  @Override
  public String dataRoot() {
    return cli().dataRoot();
  }

  @Override
  public Removal removeContainers(List<String> ids) {
    return cli().removeContainers(ids);
  }

  @Override
  public List<NetworkInfo> listNetworks(List<String> filters) {
    return cli().listNetworks(filters);
  }

  @Override
  public List<String> pruneNetworks(List<String> filters) {
    return cli().pruneNetworks(filters);
  }

  @Override
  public List<ContainerInfo> listContainersBrief(List<String> filters) {
    return cli().listContainersBrief(filters);
  }

  @Override
  public Optional<ImageIdentity> imageIdentity(String image) {
    return cli().imageIdentity(image);
  }

  @Override
  public boolean hasImage(String image) {
    return cli().hasImage(image);
  }

  @Override
  public void setRestartPolicy(String container, String policy) {
    cli().setRestartPolicy(container, policy);
  }

  @Override
  public void rename(String container, String newName) {
    cli().rename(container, newName);
  }
}
