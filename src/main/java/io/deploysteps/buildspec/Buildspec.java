package io.deploysteps.buildspec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A parsed buildspec: what {@link BuildspecRunner} runs, and the keys it will not act on. */
public record Buildspec(String version, Map<String, String> variables, Map<String, String> parameterStore,
    Map<String, String> secretsManager, List<String> exportedVariables, List<Phase> phases,
    Optional<ArtifactSpec> artifacts, List<ArtifactSpec> secondaryArtifacts, List<ArtifactSpec> reports,
    List<String> cachePaths, String runAs, List<UnsupportedKey> unsupported) {
  public Buildspec {
    variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
    parameterStore = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameterStore));
    secretsManager = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(secretsManager));
    exportedVariables = List.copyOf(exportedVariables);
    phases = List.copyOf(phases);
    secondaryArtifacts = List.copyOf(secondaryArtifacts);
    reports = List.copyOf(reports);
    cachePaths = List.copyOf(cachePaths);
    unsupported = List.copyOf(unsupported);
  }

  /** Version 0.1 runs each command in a shell of its own (the reference's "Buildspec versions"). */
  public boolean isolatedCommands() {
    return version.equals("0.1");
  }

  public Optional<Phase> phase(String name) {
    return phases.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
