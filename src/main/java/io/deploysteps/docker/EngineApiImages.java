package io.deploysteps.docker;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link DockerImages} over the {@link EngineApi}: one {@code GET /images/json} for every image
 * instead of {@code docker image inspect} of each (which the CLI does as one API call per image),
 * one {@code DELETE /images/{name}} per reference, as {@code docker rmi a b c} does. An image's
 * {@code Created}, which the summary gives in whole seconds, comes from its inspect when two images
 * share a second (so "newest N" orders exactly as with the CLI).
 */
final class EngineApiImages implements DockerImages {
  private static final Duration QUICK = Duration.ofMinutes(2);

  private final EngineApi api;

  EngineApiImages(EngineApi api) {
    this.api = api;
  }

  private static String path(String image) {
    return "/images/" + EngineApi.escape(image);
  }

  @Override
  public Optional<ImageInfo> inspectImage(String image) {
    return api.find(path(image) + "/json", QUICK).map(ImageInfo::fromInspect);
  }

  @Override
  public List<ImageInfo> listImages(List<String> filters) {
    List<ImageInfo> out = new ArrayList<>();
    for (ImageInfo.Summary s : summaries(filters)) {
      inspectImage(s.id()).ifPresent(out::add);
    }
    return out;
  }

  private List<ImageInfo.Summary> summaries(List<String> filters) {
    List<ImageInfo.Summary> out = new ArrayList<>();
    api.getJson("/images/json?all=1" + EngineApi.filterQuery(filters), QUICK)
        .forEach(n -> out.add(ImageInfo.Summary.of(n)));
    return out;
  }

  @Override
  public List<ImageInfo> listImagesForPrune() {
    List<ImageInfo.Summary> summaries = summaries(List.of());
    Map<Long, Integer> perSecond = new HashMap<>();
    summaries.forEach(s -> perSecond.merge(s.created(), 1, Integer::sum));
    List<ImageInfo> out = new ArrayList<>();
    for (ImageInfo.Summary s : summaries) {
      Instant second = Instant.ofEpochSecond(s.created());
      Instant created = perSecond.get(s.created()) > 1 ? exactCreated(s.id()).orElse(second) : second;
      out.add(ImageInfo.fromSummary(s, created));
    }
    return out;
  }

  /** The inspect's {@code Created} (nanoseconds); empty when the image went in between. */
  private Optional<Instant> exactCreated(String id) {
    return inspectImage(id).map(ImageInfo::created);
  }

  @Override
  public Set<String> imageIds() {
    Set<String> ids = new LinkedHashSet<>();
    summaries(List.of()).forEach(s -> ids.add(s.id()));
    return ids;
  }

  /** {@code repo[:tag]} split as the CLI splits it: the tag is after the last ':' that follows the last '/'. */
  @Override
  public void tag(String source, String target) {
    int colon = target.lastIndexOf(':');
    boolean tagged = colon > target.lastIndexOf('/');
    String repo = tagged ? target.substring(0, colon) : target;
    String tag = tagged ? target.substring(colon + 1) : "latest";
    api.expect("POST", path(source) + "/tag?repo=" + URLEncoder.encode(repo, StandardCharsets.UTF_8) + "&tag="
        + URLEncoder.encode(tag, StandardCharsets.UTF_8), null, QUICK);
  }

  @Override
  public boolean removeImage(String image, boolean force) {
    return api.delete(path(image) + (force ? "?force=1" : ""), QUICK).ok();
  }

  @Override
  public Removal removeImages(List<String> references) {
    List<String> removed = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (String ref : references) {
      EngineApi.Response r = api.delete(path(ref), QUICK);
      if (r.ok()) {
        // [{"Untagged": "x"}, {"Deleted": "sha256:..."}]: worded as docker rmi prints them
        r.json().forEach(item -> item.fields().forEachRemaining(e -> removed.add(e.getKey() + ": " + e.getValue().asText())));
      } else {
        refused.add(EngineApi.refusal(r));
      }
    }
    return new Removal(removed, refused);
  }
}
