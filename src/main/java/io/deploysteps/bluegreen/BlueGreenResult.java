package io.deploysteps.bluegreen;

import io.deploysteps.engine.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a blue-green deploy or rollback left live, what it kept, and how long each phase took. */
public final class BlueGreenResult implements StepResult {
  private final String service;
  private final String action;
  private final int livePort;
  private final String colour;
  private final String container;
  private final String containerId;
  private final String image;
  private final String digest;
  private final Map<String, Object> previous;
  private final Map<String, Long> phasesMillis;
  private final long totalMillis;
  private final List<String> warnings;

  BlueGreenResult(String service, String action, int livePort, String colour, String container, String containerId,
      String image, String digest, Map<String, Object> previous, Map<String, Long> phasesMillis, long totalMillis,
      List<String> warnings) {
    this.service = service;
    this.action = action;
    this.livePort = livePort;
    this.colour = colour;
    this.container = container;
    this.containerId = containerId;
    this.image = image;
    this.digest = digest;
    this.previous = previous == null ? null : Map.copyOf(previous);
    this.phasesMillis = new LinkedHashMap<>(phasesMillis);
    this.totalMillis = totalMillis;
    this.warnings = List.copyOf(warnings);
  }

  /** The previous container as the result shows it: name, port, image. */
  static Map<String, Object> previous(String container, int port, String image) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("container", container);
    m.put("port", port);
    m.put("image", image);
    return m;
  }

  public int livePort() {
    return livePort;
  }

  public String container() {
    return container;
  }

  public String image() {
    return image;
  }

  public Map<String, Long> phasesMillis() {
    return new LinkedHashMap<>(phasesMillis);
  }

  public long totalMillis() {
    return totalMillis;
  }

  /** deploy, rollback, or unchanged (the image asked for was live already). */
  public String action() {
    return action;
  }

  /** The registry digest of what runs ({@code repo@sha256:...}), or its image id for a local build. */
  public String digest() {
    return digest;
  }

  public List<String> warnings() {
    return warnings;
  }

  /** UNSTABLE when the verify could not tell the colours apart. */
  @Override
  public int exitCode() {
    return warnings.isEmpty() ? io.deploysteps.engine.ExitCodes.OK : io.deploysteps.engine.ExitCodes.UNSTABLE;
  }

  @Override
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service", service);
    m.put("action", action);
    m.put("livePort", livePort);
    m.put("colour", colour);
    m.put("container", container);
    m.put("containerId", containerId);
    m.put("image", image);
    m.put("digest", digest);
    m.put("previous", previous == null ? null : new LinkedHashMap<>(previous));
    m.put("phasesMillis", new LinkedHashMap<>(phasesMillis));
    m.put("totalMillis", totalMillis);
    m.put("warnings", List.copyOf(warnings));
    return m;
  }

  @Override
  public List<String> summary() {
    List<String> lines = new ArrayList<>();
    lines.add(service + ": " + (action.equals("unchanged") ? "nothing to do, already live" : action + " done") + ", 127.0.0.1:" + livePort + " (" + colour + ") live: " + container + " " + image);
    lines.add(previous == null ? "no previous container kept"
        : "kept for rollback: " + previous.get("container") + " " + previous.get("image"));
    StringBuilder t = new StringBuilder("took " + totalMillis + " ms:");
    phasesMillis.forEach((k, v) -> t.append(' ').append(k).append('=').append(v));
    lines.add(t.toString());
    warnings.forEach(w -> lines.add("warning: " + w));
    return lines;
  }
}
