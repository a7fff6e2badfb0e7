package io.deploysteps.buildspec;

import java.util.List;

/**
 * {@code artifacts} (or one of its {@code secondary-artifacts}, or one report group): globs
 * resolved against {@code baseDirectory}, paths flattened with {@code discardPaths}.
 */
public record ArtifactSpec(String id, List<String> files, String baseDirectory, boolean discardPaths,
    List<String> excludePaths, String name, String fileFormat) {
  public ArtifactSpec {
    files = List.copyOf(files);
    excludePaths = List.copyOf(excludePaths);
  }
}
