package io.deploysteps.ecr;

import io.deploysteps.engine.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What was pushed: where, under which tags, with which digest, and how long each phase took. */
public final class BuildAndPushResult implements StepResult {
  private final String registry;
  private final String repository;
  private final String imageId;
  private final String digest;
  private final List<String> tags;
  private final Map<String, String> imageUriByTag;
  private final int layersPushed;
  private final int layersExisting;
  private final boolean repositoryCreated;
  private final Map<String, Long> timingsMs;
  private final List<String> filesWritten;
  private final boolean pushed;
  private final ScanOutcome scan;

  BuildAndPushResult(String registry, String repository, String imageId, String digest, List<String> tags,
      int layersPushed, int layersExisting, boolean repositoryCreated, Map<String, Long> timingsMs,
      List<String> filesWritten) {
    this(registry, repository, imageId, digest, tags, layersPushed, layersExisting, repositoryCreated, timingsMs,
        filesWritten, true, null);
  }

  BuildAndPushResult(String registry, String repository, String imageId, String digest, List<String> tags,
      int layersPushed, int layersExisting, boolean repositoryCreated, Map<String, Long> timingsMs,
      List<String> filesWritten, boolean pushed, ScanOutcome scan) {
    this.pushed = pushed;
    this.scan = scan;
    this.registry = registry;
    this.repository = repository;
    this.imageId = imageId;
    this.digest = digest;
    this.tags = List.copyOf(tags);
    Map<String, String> byTag = new LinkedHashMap<>();
    tags.forEach(t -> byTag.put(t, registry + "/" + repository + ":" + t));
    this.imageUriByTag = byTag;
    this.layersPushed = layersPushed;
    this.layersExisting = layersExisting;
    this.repositoryCreated = repositoryCreated;
    this.timingsMs = new LinkedHashMap<>(timingsMs);
    this.filesWritten = List.copyOf(filesWritten);
  }

  public String registry() {
    return registry;
  }

  public String digest() {
    return digest;
  }

  public List<String> tags() {
    return tags;
  }

  /** {@code registry/repository:tag} of the first tag (the revision). */
  public String imageUri() {
    return imageUriByTag.get(tags.get(0));
  }

  /** {@code registry/repository@sha256:...}; null when nothing was pushed ({@code push: false}). */
  public String imageUriByDigest() {
    return digest == null ? null : registry + "/" + repository + "@" + digest;
  }

  /** {@link ExitCodes#UNSTABLE} when the scan gate found what unstableOn names, or could not scan the image. */
  @Override
  public int exitCode() {
    return scan != null && (scan.verdict().equals("unstable") || scan.verdict().equals("unsupported"))
        ? io.deploysteps.engine.ExitCodes.UNSTABLE : io.deploysteps.engine.ExitCodes.OK;
  }

  /** Layers uploaded by all pushes together (0 when the registry had them all). */
  public int layersPushed() {
    return layersPushed;
  }

  @Override
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("registry", registry);
    m.put("repository", repository);
    m.put("imageId", imageId);
    m.put("digest", digest);
    m.put("tags", new ArrayList<>(tags));
    m.put("imageUri", imageUri());
    m.put("imageUriByTag", new LinkedHashMap<>(imageUriByTag));
    m.put("imageUriByDigest", imageUriByDigest());
    m.put("layersPushed", layersPushed);
    m.put("layersExisting", layersExisting);
    m.put("repositoryCreated", repositoryCreated);
    m.put("timingsMs", new LinkedHashMap<>(timingsMs));
    m.put("filesWritten", new ArrayList<>(filesWritten));
    m.put("pushed", pushed);
    if (scan != null) {
      m.put("scan", scan.toMap());
    }
    return m;
  }

  @Override
  public List<String> summary() {
    List<String> lines = new ArrayList<>();
    if (!pushed) {
      lines.add("built " + imageId + ", not pushed (push: false); push it with pushOnly: true and the same tags");
      imageUriByTag.values().forEach(uri -> lines.add("  " + uri));
      filesWritten.forEach(f -> lines.add("wrote " + f));
      return lines;
    }
    lines.add("pushed " + imageUriByDigest());
    imageUriByTag.values().forEach(uri -> lines.add("  " + uri));
    lines.add(String.format(Locale.ROOT, "layers uploaded %d, already there %d; total %.1f s", layersPushed,
        layersExisting, timingsMs.getOrDefault("total", 0L) / 1000.0));
    if (scan != null) {
      lines.add("scan " + scan.verdict() + ": " + (scan.reason() != null ? scan.reason() : scan.countsLine()));
    }
    filesWritten.forEach(f -> lines.add("wrote " + f));
    return lines;
  }
}
