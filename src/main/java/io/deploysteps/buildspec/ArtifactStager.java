package io.deploysteps.buildspec;

import io.deploysteps.engine.StepFailedException;
import io.deploysteps.fs.HostFiles;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Copies what an {@link ArtifactSpec} names into a staging directory: {@code files} globs
 * ({@code **} crosses directories) resolved against {@code base-directory}, minus
 * {@code exclude-paths}, flattened with {@code discard-paths}; an absolute path outside the source
 * directory is taken as it is. Returns the staged paths relative to the staging directory.
 *
 * <p>Every look at the tree and every copy goes through {@link HostFiles}, the machine where the
 * build ran: with the plugin the engine runs on the controller and the workspace is on an agent, so
 * java.nio here would read the controller's disk (and find nothing, or the wrong files). Globs are
 * matched here, on the paths the host lists; the bytes never leave that host.
 */
final class ArtifactStager {
  private ArtifactStager() {}

  static List<String> stage(HostFiles files, String sourceDir, ArtifactSpec spec, String into) {
    String base = spec.baseDirectory().isEmpty() ? sourceDir : normalize(sourceDir + "/" + spec.baseDirectory());
    Set<String> staged = new LinkedHashSet<>();
    List<Glob> excludes = spec.excludePaths().stream().map(Glob::new).toList();
    files.createDirectories(into);
    for (String pattern : spec.files()) {
      boolean absolute = pattern.startsWith("/");
      if (absolute && !hasGlob(pattern)) {
        if (files.exists(pattern) && !files.isDirectory(pattern)) {
          String rel = normalize(pattern).substring(1);
          staged.add(copy(files, pattern, spec.discardPaths() ? fileName(rel) : rel, into));
        }
        continue;
      }
      String root = absolute ? "/" : base;
      for (String rel : matches(files, root, absolute ? pattern.substring(1) : pattern)) {
        if (excludes.stream().anyMatch(x -> x.matches(rel))) {
          continue;
        }
        staged.add(copy(files, normalize(root + "/" + rel), spec.discardPaths() ? fileName(rel) : rel, into));
      }
    }
    return List.copyOf(staged);
  }

  private static boolean hasGlob(String s) {
    return s.contains("*") || s.contains("?") || s.contains("[") || s.contains("{");
  }

  /**
   * Regular files under {@code root} whose relative path matches the pattern, sorted. Only the
   * directory the pattern's literal leading segments name is listed ({@code target/**&#47;*} lists
   * target/, not node_modules/ beside it; {@code /tmp/x/*.log} lists /tmp/x, not the whole disk).
   */
  private static List<String> matches(HostFiles files, String root, String pattern) {
    String glob = pattern.replaceAll("/{2,}", "/").replaceAll("^(\\./)+", "");
    String prefix = "";
    while (glob.contains("/") && !hasGlob(glob.substring(0, glob.indexOf('/')))) {
      prefix += glob.substring(0, glob.indexOf('/') + 1);
      glob = glob.substring(glob.indexOf('/') + 1);
    }
    String dir = prefix.isEmpty() ? root : normalize(root + "/" + prefix);
    List<String> out = new ArrayList<>();
    if (!files.isDirectory(dir)) {
      return out;
    }
    if (!hasGlob(glob)) {
      String p = normalize(dir + "/" + glob);
      if (files.isDirectory(p)) {
        return matches(files, root, (prefix + glob).replaceAll("/+$", "") + "/**");
      }
      if (files.exists(p)) {
        out.add(relative(root, p));
      }
      return out;
    }
    Glob m = new Glob(glob);
    for (String rel : files.filesUnder(dir)) {
      if (m.matches(rel)) {
        out.add(prefix + rel);
      }
    }
    out.sort(null);
    return out;
  }

  private static String copy(HostFiles files, String from, String rel, String into) {
    String to = normalize(into + "/" + rel);
    if (!to.startsWith(normalize(into) + "/")) {
      throw new StepFailedException("artifact " + rel + " would land outside the staging directory");
    }
    files.copy(from, to);
    return relative(into, to);
  }

  private static String normalize(String path) {
    return Path.of(path).normalize().toString();
  }

  private static String relative(String root, String path) {
    return Path.of(normalize(root)).relativize(Path.of(normalize(path))).toString();
  }

  private static String fileName(String rel) {
    return rel.substring(rel.lastIndexOf('/') + 1);
  }

  /** A glob on '/'-separated relative paths, where "**&#47;" also stands for no directory at all (dir/**&#47;* holds dir/a), which Java's glob does not say. */
  private static final class Glob {
    private final PathMatcher matcher;
    private final PathMatcher top;

    Glob(String glob) {
      matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      top = glob.contains("**/") ? FileSystems.getDefault().getPathMatcher("glob:" + glob.replace("**/", "")) : null;
    }

    boolean matches(String rel) {
      Path p = Path.of(rel);
      return matcher.matches(p) || (top != null && top.matches(p));
    }
  }
}
