package io.deploysteps.buildspec;

import io.deploysteps.engine.StepFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Copies what an {@link ArtifactSpec} names into a staging directory: {@code files} globs
 * ({@code **} crosses directories) resolved against {@code base-directory}, minus
 * {@code exclude-paths}, flattened with {@code discard-paths}; an absolute path outside the source
 * directory is taken as it is. Returns the staged paths relative to the staging directory.
 */
final class ArtifactStager {
  private ArtifactStager() {}

  static List<String> stage(Path sourceDir, ArtifactSpec spec, Path into) {
    Path base = spec.baseDirectory().isEmpty() ? sourceDir : sourceDir.resolve(spec.baseDirectory()).normalize();
    Set<String> staged = new LinkedHashSet<>();
    List<PathMatcher> excludes = new ArrayList<>();
    for (String x : spec.excludePaths()) {
      excludes.add(FileSystems.getDefault().getPathMatcher("glob:" + x));
    }
    try {
      Files.createDirectories(into);
      for (String pattern : spec.files()) {
        Path abs = Path.of(pattern);
        if (abs.isAbsolute() && !hasGlob(pattern)) {
          if (Files.isRegularFile(abs)) {
            staged.add(copy(abs, spec.discardPaths() ? abs.getFileName() : Path.of(abs.toString().substring(1)), into));
          }
          continue;
        }
        Path root = abs.isAbsolute() ? Path.of("/") : base;
        String glob = abs.isAbsolute() ? pattern.substring(1) : pattern;
        for (Path rel : matches(root, glob)) {
          if (excludes.stream().anyMatch(m -> m.matches(rel))) {
            continue;
          }
          staged.add(copy(root.resolve(rel), spec.discardPaths() ? rel.getFileName() : rel, into));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(staged);
  }

  private static boolean hasGlob(String s) {
    return s.contains("*") || s.contains("?") || s.contains("[") || s.contains("{");
  }

  /** Regular files under {@code root} whose relative path matches the glob, sorted. */
  private static List<Path> matches(Path root, String glob) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    if (!hasGlob(glob)) {
      Path p = root.resolve(glob);
      if (Files.isRegularFile(p)) {
        out.add(root.relativize(p.normalize()));
      } else if (Files.isDirectory(p)) {
        return matches(root, glob.replaceAll("/+$", "") + "/**");
      }
      return out;
    }
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    // "**/" also stands for no directory at all (dir/**/* holds dir/a), which Java's glob does not say.
    PathMatcher top = glob.contains("**/") ? FileSystems.getDefault().getPathMatcher("glob:" + glob.replace("**/", ""))
        : null;
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        Path rel = root.relativize(file);
        if (attrs.isRegularFile() && (m.matches(rel) || (top != null && top.matches(rel)))) {
          out.add(rel);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
    out.sort(null);
    return out;
  }

  private static String copy(Path from, Path rel, Path into) throws IOException {
    Path to = into.resolve(rel).normalize();
    if (!to.startsWith(into)) {
      throw new StepFailedException("artifact " + rel + " would land outside the staging directory");
    }
    Files.createDirectories(to.getParent());
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    return into.relativize(to).toString();
  }
}
