package io.deploysteps.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link DockerHost} over the {@link EngineApi}: version, info, disk use, volumes, networks and the build cache. */
final class EngineApiHost implements DockerHost {
  private static final Duration PING = Duration.ofSeconds(10);
  private static final Duration QUICK = Duration.ofMinutes(2);
  private static final Duration LONG = Duration.ofMinutes(60);
  /** go-units' RAMInBytes, which {@code docker builder prune --keep-storage} reads: binary multiples. */
  private static final Pattern RAM_SIZE = Pattern.compile("(\\d+(?:\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?");

  private final EngineApi api;

  EngineApiHost(EngineApi api) {
    this.api = api;
  }

  @Override
  public String serverVersion() {
    EngineApi.Response r = api.get("/version", PING);
    if (!r.ok()) {
      throw new DockerUnavailableException(api.host(), r.message(), "GET /version");
    }
    return r.json().path("Version").asText();
  }

  @Override
  public String dataRoot() {
    return api.getJson("/info", QUICK).path("DockerRootDir").asText();
  }

  /**
   * Sizes in exact bytes, computed as the CLI computes its columns: images = LayersSize,
   * containers = their SizeRw, volumes = the sizes known (not -1), build cache = the records not shared.
   */
  @Override
  public DockerDiskUse systemDf() {
    JsonNode df = api.getJson("/system/df", QUICK);
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
    return new DockerDiskUse(df.path("LayersSize").asLong(), containers, volumes, cache);
  }

  @Override
  public List<VolumeInfo> listVolumes(List<String> filters) {
    List<VolumeInfo> out = new ArrayList<>();
    String query = EngineApi.filterQuery(filters);
    for (JsonNode v : api.getJson("/volumes" + (query.isEmpty() ? "" : "?" + query.substring(1)), QUICK).path("Volumes")) {
      java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
      v.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      out.add(new VolumeInfo(v.path("Name").asText(), labels));
    }
    return out;
  }

  @Override
  public void removeVolume(String name) {
    api.expect("DELETE", "/volumes/" + EngineApi.escape(name), null, QUICK);
  }

  @Override
  public List<NetworkInfo> listNetworks(List<String> filters) {
    List<NetworkInfo> out = new ArrayList<>();
    String query = EngineApi.filterQuery(filters);
    for (JsonNode n : api.getJson("/networks" + (query.isEmpty() ? "" : "?" + query.substring(1)), QUICK)) {
      String name = n.path("Name").asText();
      out.add(new NetworkInfo(n.path("Id").asText(name), name));
    }
    return out;
  }

  @Override
  public List<String> pruneNetworks(List<String> filters) {
    String query = EngineApi.filterQuery(filters);
    List<String> removed = new ArrayList<>();
    api.expect("POST", "/networks/prune" + (query.isEmpty() ? "" : "?" + query.substring(1)), null, QUICK).json()
        .path("NetworksDeleted").forEach(n -> removed.add(n.asText()));
    return removed;
  }

  @Override
  public long pruneBuildCache(String keepStorage, String until) {
    StringBuilder query = new StringBuilder();
    if (keepStorage != null) {
      query.append("&keep-storage=").append(ramBytes(keepStorage));
    }
    if (until != null) {
      query.append(EngineApi.filterQuery(List.of("until=" + until)));
    }
    String path = "/build/prune" + (query.length() == 0 ? "" : "?" + query.substring(1));
    return api.expect("POST", path, null, LONG).json().path("SpaceReclaimed").asLong();
  }

  /** {@code 10GB}, {@code 512m}, {@code 1.5g}: as the CLI reads --keep-storage (1 KB = 1024 bytes). */
  static long ramBytes(String size) {
    Matcher m = RAM_SIZE.matcher(size.strip());
    if (!m.matches()) {
      throw new DockerException("keepStorage '" + size + "' is not a size (e.g. 10GB, 512MB)", "POST /build/prune");
    }
    int power = m.group(2) == null ? 0 : "kmgtp".indexOf(Character.toLowerCase(m.group(2).charAt(0))) + 1;
    return (long) (Double.parseDouble(m.group(1)) * Math.pow(1024, power));
  }
}
