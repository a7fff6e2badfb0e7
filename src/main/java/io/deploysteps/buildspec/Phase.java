package io.deploysteps.buildspec;

import java.util.List;
import java.util.Map;

/** One phase of a buildspec as written: its commands, its finally block and its settings. */
public record Phase(String name, List<String> commands, List<String> finallyCommands, OnFailure onFailure,
    Map<String, String> runtimeVersions, String runAs) {
  /** The four phases CodeBuild runs from the file, in its order. */
  public static final List<String> NAMES = List.of("install", "pre_build", "build", "post_build");

  public Phase {
    commands = List.copyOf(commands);
    finallyCommands = List.copyOf(finallyCommands);
    runtimeVersions = Map.copyOf(runtimeVersions);
  }
}
