package io.deploysteps.bluegreen;

import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.DeployLabels;
import io.deploysteps.docker.DockerContainers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a service stands: the live port according to the traffic switch (the truth about where
 * traffic goes) and the service's containers ({@code NAME-PORT} for both colours, plus any
 * labelled leftovers of other generations).
 */
final class ColourState {
  private final OptionalInt livePort;
  private final int idlePort;
  private final Map<Integer, ContainerInfo> byPort;
  private final Map<Integer, ContainerInfo> candidates;
  private final List<ContainerInfo> strays;

  private ColourState(OptionalInt livePort, int idlePort, Map<Integer, ContainerInfo> byPort,
      Map<Integer, ContainerInfo> candidates, List<ContainerInfo> strays) {
    this.livePort = livePort;
    this.idlePort = idlePort;
    this.byPort = byPort;
    this.candidates = candidates;
    this.strays = strays;
  }

  static ColourState read(BlueGreenRequest request, TrafficSwitch proxy, DockerContainers docker) {
    OptionalInt live = livePort(request, proxy);
    PortPair ports = request.ports();
    Map<Integer, ContainerInfo> byPort = new LinkedHashMap<>();
    Map<Integer, ContainerInfo> candidates = new LinkedHashMap<>();
    List<ContainerInfo> strays = new ArrayList<>();
    // One listing by name (NAME-PORT, as in seed 003), so containers started by hand or by the seed
    // scripts, which carry no labels, are found too.
    String byName = "name=^/?" + request.name().replace(".", "\\.") + "-[0-9]+(-next)?$";
    for (ContainerInfo c : docker.listContainersBrief(List.of(byName))) {
      if (c.name().equals(request.containerName(ports.first()))) {
        byPort.put(ports.first(), c);
      } else if (c.name().equals(request.containerName(ports.second()))) {
        byPort.put(ports.second(), c);
      } else if (c.name().equals(request.candidateName(ports.first()))) {
        candidates.put(ports.first(), c);
      } else if (c.name().equals(request.candidateName(ports.second()))) {
        candidates.put(ports.second(), c);
      } else if (request.name().equals(c.labels().get(DeployLabels.SERVICE))) {
        strays.add(c);
      }
    }
    int idle = live.isPresent() ? ports.other(live.getAsInt()) : ports.first();
    return new ColourState(live, idle, byPort, candidates, strays);
  }

  /** The colours as other containers than ours hold them (the two services of a compose file), by port. */
  static ColourState of(BlueGreenRequest request, TrafficSwitch proxy, Map<Integer, ContainerInfo> byPort) {
    OptionalInt live = livePort(request, proxy);
    int idle = live.isPresent() ? request.ports().other(live.getAsInt()) : request.ports().first();
    return new ColourState(live, idle, Map.copyOf(byPort), Map.of(), List.of());
  }

  private static OptionalInt livePort(BlueGreenRequest request, TrafficSwitch proxy) {
    OptionalInt live = proxy.livePort();
    PortPair ports = request.ports();
    if (live.isPresent() && !ports.contains(live.getAsInt())) {
      throw new io.deploysteps.engine.StepFailedException(proxy.name() + " sends traffic to port " + live.getAsInt()
          + ", which is not one of ports " + ports + " of " + request.name() + ": fix " + proxy.configName() + " or the ports parameter");
    }
    return live;
  }

  /** The port the switch sends traffic to; empty before the first deploy. */
  OptionalInt livePort() {
    return livePort;
  }

  int idlePort() {
    return idlePort;
  }

  Optional<ContainerInfo> at(int port) {
    return Optional.ofNullable(byPort.get(port));
  }

  /** A {@code NAME-PORT-next} container left by an interrupted deploy. */
  Optional<ContainerInfo> candidate(int port) {
    return Optional.ofNullable(candidates.get(port));
  }

  Optional<ContainerInfo> live() {
    return livePort.isPresent() ? at(livePort.getAsInt()) : Optional.empty();
  }

  Optional<ContainerInfo> idle() {
    return at(idlePort);
  }

  /** Labelled containers of this service on other ports (an earlier ports pair). */
  List<ContainerInfo> strays() {
    return strays;
  }

  /** When it was deployed: its label, else its creation time, as sortable text. */
  static String deployedAt(ContainerInfo c) {
    String label = c.labels().get(DeployLabels.DEPLOYED_AT);
    return label != null ? label : String.valueOf(c.created());
  }
}
