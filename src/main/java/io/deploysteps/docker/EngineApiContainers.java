package io.deploysteps.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * {@link DockerContainers} over the {@link EngineApi}: every read, start, stop, rename and removal
 * is one request on the socket, no docker process (each costs 40-60 ms here). A container is
 * created with its env values in the request body, never in argv, an environment or a file. The
 * docker CLI is asked only to pull a missing image (it holds the registry credentials) and to run
 * what only it can (a user's {@code --env-file}, unusual publish forms).
 */
final class EngineApiContainers implements DockerContainers {
  private static final Duration QUICK = Duration.ofMinutes(2);

  private final EngineApi api;
  private final DockerBuilds puller;
  private final DockerContainers cliRun;

  /** {@code puller} pulls an image {@code run} lacks; {@code cliRun} runs what the API body cannot carry. */
  EngineApiContainers(EngineApi api, DockerBuilds puller, DockerContainers cliRun) {
    this.api = api;
    this.puller = puller;
    this.cliRun = cliRun;
  }

  private static String path(String container) {
    return "/containers/" + EngineApi.escape(container);
  }

  /** As {@code docker run --detach}: an image this host lacks is pulled first, a created container that fails to start stays. */
  @Override
  public String run(RunSpec spec) {
    Optional<String> body = ContainerCreate.body(spec);
    if (body.isEmpty()) {
      return cliRun.run(spec);
    }
    String create = "/containers/create" + (spec.name == null ? "" : "?name=" + URLEncoder.encode(spec.name,
        StandardCharsets.UTF_8));
    EngineApi.Response r = api.post(create, body.get(), QUICK);
    if (r.status() == 404 && r.message().toLowerCase(Locale.ROOT).contains("no such image")) {
      if (!puller.pull(spec.image)) {
        throw new DockerException("docker run " + spec.image + ": the image is not on this host and cannot be pulled",
            "POST /containers/create");
      }
      r = api.post(create, body.get(), QUICK);
    }
    if (r.status() != 201) {
      throw EngineApi.failure("POST " + create, r);
    }
    String id = r.json().path("Id").asText();
    // docker run leaves the created container too when the start fails; the caller removes it by name
    api.expect("POST", path(id) + "/start", null, QUICK);
    return id;
  }

  @Override
  public void start(String container) {
    api.expect("POST", path(container) + "/start", null, QUICK);
  }

  @Override
  public void stop(String container, Duration grace) {
    long seconds = Math.max(0, grace.toSeconds());
    api.expect("POST", path(container) + "/stop?t=" + seconds, null, QUICK.plusSeconds(seconds));
  }

  @Override
  public void removeContainer(String container, boolean force) {
    EngineApi.Response r = api.delete(path(container) + (force ? "?force=1" : ""), QUICK);
    if (!r.ok() && r.status() != 404) {
      throw EngineApi.failure("DELETE " + path(container), r);
    }
  }

  @Override
  public Removal removeContainers(List<String> ids) {
    List<String> removed = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (String id : ids) {
      EngineApi.Response r = api.delete(path(id), QUICK);
      if (r.ok()) {
        removed.add(id);
      } else {
        refused.add(EngineApi.refusal(r));
      }
    }
    return new Removal(removed, refused);
  }

  @Override
  public Optional<ContainerInfo> inspectContainer(String container) {
    return api.find(path(container) + "/json", QUICK).map(ContainerInfo::fromInspect);
  }

  /** The listing, then each container's inspect (one that went in between is skipped). */
  @Override
  public List<ContainerInfo> listContainers(List<String> filters) {
    List<ContainerInfo> out = new ArrayList<>();
    for (ContainerInfo.Summary c : summaries(filters)) {
      inspectContainer(c.id()).ifPresent(out::add);
    }
    return out;
  }

  private List<ContainerInfo.Summary> summaries(List<String> filters) {
    List<ContainerInfo.Summary> out = new ArrayList<>();
    api.getJson("/containers/json?all=1" + EngineApi.filterQuery(filters), QUICK)
        .forEach(n -> out.add(ContainerInfo.Summary.of(n)));
    return out;
  }

  /** One {@code GET /containers/json}: the listing has all a brief read needs. */
  @Override
  public List<ContainerInfo> listContainersBrief(List<String> filters) {
    return summaries(filters).stream().map(ContainerInfo::fromSummary).toList();
  }

  /** One {@code GET /containers/json}: the listing carries each container's mounts, no inspect needed. */
  @Override
  public List<String> runningContainersMounting(String hostPath) {
    List<String> out = new ArrayList<>();
    for (ContainerInfo.Summary c : summaries(List.of("status=running", "volume=" + hostPath))) {
      String name = ContainerInfo.fromSummary(c).name();
      for (ContainerInfo.Mount m : c.mounts() == null ? List.<ContainerInfo.Mount>of() : c.mounts()) {
        if (m.type().equals("bind") && m.source().equals(hostPath)) {
          out.add(name + ":" + m.destination());
        }
      }
    }
    return out;
  }

  /** The tail of stdout, then of stderr, as {@code docker logs} prints them; the daemon's refusal when it refuses. */
  @Override
  public String logs(String container, int lines) {
    EngineApi.Response r = api.get(path(container) + "/logs?stdout=1&stderr=1&tail=" + lines, QUICK);
    if (!r.ok()) {
      return EngineApi.refusal(r);
    }
    return LogStream.demux(r.body()).strip();
  }

  @Override
  public void setRestartPolicy(String container, String policy) {
    Matcher m = ContainerCreate.RESTART.matcher(policy);
    if (!m.matches()) {
      throw new DockerException("not a restart policy: " + policy, "POST " + path(container) + "/update");
    }
    Map<String, Object> restart = new LinkedHashMap<>();
    restart.put("Name", m.group(1));
    if (m.group(2) != null) {
      restart.put("MaximumRetryCount", Integer.parseInt(m.group(2)));
    }
    api.expect("POST", path(container) + "/update", Map.of("RestartPolicy", restart), QUICK);
  }

  @Override
  public void rename(String container, String newName) {
    api.expect("POST", path(container) + "/rename?name=" + URLEncoder.encode(newName, StandardCharsets.UTF_8), null, QUICK);
  }

  /** A container's log answer: 8-byte frame headers (stream, 0, 0, 0, length) unless it has a TTY. */
  static final class LogStream {
    private LogStream() {}

    static String demux(byte[] raw) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int i = 0;
      while (i + 8 <= raw.length) {
        int stream = raw[i];
        if (stream < 0 || stream > 2 || raw[i + 1] != 0 || raw[i + 2] != 0 || raw[i + 3] != 0) {
          return new String(raw, StandardCharsets.UTF_8); // a TTY's raw stream
        }
        int len = ((raw[i + 4] & 0xff) << 24) | ((raw[i + 5] & 0xff) << 16) | ((raw[i + 6] & 0xff) << 8) | (raw[i + 7] & 0xff);
        int end = Math.min(raw.length, i + 8 + len);
        (stream == 2 ? err : out).write(raw, i + 8, end - i - 8);
        i = end;
      }
      return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }
  }
}
