package io.deploysteps.prune;

import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.DeployLabels;
import io.deploysteps.docker.ImageInfo;
import io.deploysteps.prune.PrunePlan.Decision;
import io.deploysteps.engine.GoDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pure decisions of a prune: given what Docker holds and the time now, what goes and why the
 * rest stays. Protection ({@link DeployLabels#protection}, the rollback partners live colours name,
 * images labelled keep) wins over every rule.
 */
final class RetentionPolicy {
  /** A volume as {@code docker volume ls} shows it. */
  record Volume(String name, Map<String, String> labels) {}

  private static final Pattern ANONYMOUS = Pattern.compile("[0-9a-f]{64}");
  private static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";

  private final PruneRequest rules;

  RetentionPolicy(PruneRequest rules) {
    this.rules = rules;
  }

  PrunePlan plan(List<ContainerInfo> containers, List<ImageInfo> images, List<Volume> volumes, Instant now) {
    List<Decision> out = new ArrayList<>();
    List<ContainerInfo> staying = new ArrayList<>();
    Map<String, String> partners = DeployLabels.rollbackPartners(containers);
    for (ContainerInfo c : containers) {
      Decision d = container(c, partners, now);
      if (d != null) {
        out.add(d);
      }
      if (d == null || !d.remove()) {
        staying.add(c);
      }
    }
    List<Decision> underPressure = new ArrayList<>();
    new ImageDecisions(images, staying, partners, now, underPressure).decideAll(out);
    underPressure.sort(Comparator.comparing(Decision::created, Comparator.nullsFirst(Comparator.naturalOrder())));
    if (rules.volumes) {
      volumes.forEach(v -> out.add(volume(v)));
    }
    return new PrunePlan(out, underPressure);
  }

  private Decision container(ContainerInfo c, Map<String, String> partners, Instant now) {
    Optional<String> protection = DeployLabels.protection(c, partners);
    if (protection.isPresent()) {
      return keep("container", c.id(), c.name(), "protected: " + protection.get(), null);
    }
    if (!rules.containers) {
      return null;
    }
    if (!rules.labels.matches(c.labels())) {
      return keep("container", c.id(), c.name(), "outside the labels filter " + rules.labels, null);
    }
    Instant stopped = c.finishedAt() != null ? c.finishedAt() : c.created();
    if (rules.until != null && stopped != null && !stopped.isBefore(now.minus(rules.until))) {
      return keep("container", c.id(), c.name(), "stopped " + age(stopped, now) + " ago, newer than until "
          + GoDuration.format(rules.until), null);
    }
    return new Decision("container", c.id(), c.name(), true,
        "stopped" + (stopped == null ? "" : " " + age(stopped, now) + " ago"), List.of(c.id()), 0, c.created());
  }

  private Decision volume(Volume v) {
    boolean anonymous = ANONYMOUS.matcher(v.name()).matches() || v.labels().containsKey(ANONYMOUS_LABEL);
    if (DeployLabels.isKeep(v.labels())) {
      return keep("volume", v.name(), v.name(), "protected: labelled " + DeployLabels.KEEP + "=true", null);
    }
    if (!anonymous) {
      return keep("volume", v.name(), v.name(), "named volume: its data is never pruned", null);
    }
    if (!rules.labels.matches(v.labels())) {
      return keep("volume", v.name(), v.name(), "outside the labels filter " + rules.labels, null);
    }
    return new Decision("volume", v.name(), v.name(), true, "anonymous, used by no container", List.of(v.name()), 0,
        null);
  }

  private static Decision keep(String kind, String id, String name, String reason, ImageInfo image) {
    return new Decision(kind, id, name, false, reason, List.of(), image == null ? 0 : image.size(),
        image == null ? null : image.created());
  }

  static String age(Instant then, Instant now) {
    if (then == null) {
      return "?";
    }
    Duration d = Duration.between(then, now);
    if (d.isNegative()) {
      return "0s";
    }
    return d.toHours() >= 1 ? d.toHours() + "h" : GoDuration.format(Duration.ofSeconds(d.toSeconds()));
  }

  /** Repository of {@code repo:tag} (the registry port's colon is not a tag separator). */
  static String repository(String repoTag) {
    int colon = repoTag.lastIndexOf(':');
    return colon > repoTag.lastIndexOf('/') ? repoTag.substring(0, colon) : repoTag;
  }

  /** The image decisions; children are decided before the image they were built on. */
  private final class ImageDecisions {
    private final Map<String, ImageInfo> byId = new LinkedHashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();
    private final Map<String, String> protectedBy = new HashMap<>();
    private final Map<String, String> usedBy = new HashMap<>();
    private final Set<String> newest = new HashSet<>();
    private final Map<String, String> newestRepo = new HashMap<>();
    private final Map<String, Boolean> going = new HashMap<>();
    /** For an intermediate layer that stays: the image built on it that makes it stay. */
    private final Map<String, String> heldBy = new HashMap<>();
    private final Instant now;
    private final List<Decision> underPressure;

    ImageDecisions(List<ImageInfo> images, List<ContainerInfo> staying, Map<String, String> partners, Instant now,
        List<Decision> underPressure) {
      this.now = now;
      this.underPressure = underPressure;
      images.forEach(i -> byId.put(i.id(), i));
      images.stream().filter(i -> !i.parent().isEmpty())
          .forEach(i -> children.computeIfAbsent(i.parent(), k -> new ArrayList<>()).add(i.id()));
      for (ContainerInfo c : staying) {
        Optional<String> p = DeployLabels.protection(c, partners);
        if (p.isPresent()) {
          protectedBy.putIfAbsent(c.imageId(), "image of container " + c.name() + " (" + p.get() + ")");
        } else {
          usedBy.putIfAbsent(c.imageId(), c.name());
        }
      }
      if (rules.keepPerRepository > 0) {
        Map<String, List<ImageInfo>> perRepo = new HashMap<>();
        for (ImageInfo i : images) {
          i.repoTags().stream().map(RetentionPolicy::repository).distinct()
              .forEach(r -> perRepo.computeIfAbsent(r, k -> new ArrayList<>()).add(i));
        }
        perRepo.forEach((repo, list) -> {
          list.sort(Comparator.comparing(ImageInfo::created, Comparator.nullsLast(Comparator.reverseOrder())));
          list.stream().limit(rules.keepPerRepository).forEach(i -> {
            newest.add(i.id());
            newestRepo.putIfAbsent(i.id(), repo);
          });
        });
      }
    }

    void decideAll(List<Decision> out) {
      byId.values().stream()
          .sorted(Comparator.comparing(ImageInfo::created, Comparator.nullsFirst(Comparator.reverseOrder())))
          .forEach(i -> decide(i, out));
    }

    /** Whether the image goes; records its decision (post-order, so children come first). */
    private boolean decide(ImageInfo image, List<Decision> out) {
      Boolean known = going.get(image.id());
      if (known != null) {
        return known;
      }
      going.put(image.id(), false);
      List<String> staysOn = new ArrayList<>();
      for (String child : children.getOrDefault(image.id(), List.of())) {
        ImageInfo c = byId.get(child);
        if (c != null && !decide(c, out)) {
          staysOn.add(heldBy.getOrDefault(c.id(), c.repoTags().isEmpty() ? c.id() : c.repoTags().get(0)));
        }
      }
      boolean intermediate = image.dangling() && children.containsKey(image.id());
      if (intermediate) {
        // A build step's layer: Docker removes it with the last image built on it.
        boolean gone = staysOn.isEmpty();
        going.put(image.id(), gone);
        if (!gone) {
          heldBy.put(image.id(), staysOn.get(0));
        }
        return gone;
      }
      Decision d = rule(image, staysOn);
      if (d != null) {
        out.add(d);
        going.put(image.id(), d.remove());
      }
      return d != null && d.remove();
    }

    private Decision rule(ImageInfo i, List<String> staysOn) {
      String name = i.repoTags().isEmpty() ? "<none>" : String.join(",", i.repoTags());
      if (protectedBy.containsKey(i.id())) {
        return keep("image", i.id(), name, "protected: " + protectedBy.get(i.id()), i);
      }
      if (DeployLabels.isKeep(i.labels())) {
        return keep("image", i.id(), name, "protected: labelled " + DeployLabels.KEEP + "=true", i);
      }
      if (usedBy.containsKey(i.id())) {
        return keep("image", i.id(), name, "used by container " + usedBy.get(i.id()), i);
      }
      if (!staysOn.isEmpty()) {
        return keep("image", i.id(), name, "base of image " + staysOn.get(0) + ", which stays", i);
      }
      if (!rules.labels.matches(i.labels())) {
        return rules.images == PruneRequest.ImageMode.NONE ? null
            : keep("image", i.id(), name, "outside the labels filter " + rules.labels, i);
      }
      if (newest.contains(i.id())) {
        return keep("image", i.id(), name, "one of the newest " + rules.keepPerRepository + " of " + newestRepo.get(i.id()), i);
      }
      Decision removal = new Decision("image", i.id(), name, true, removalReason(i),
          i.repoTags().isEmpty() ? List.of(i.id()) : i.repoTags(), i.size(), i.created());
      if (rules.images == PruneRequest.ImageMode.NONE) {
        return null;
      }
      String keptBy = null;
      if (rules.images == PruneRequest.ImageMode.DANGLING && !i.dangling()) {
        keptBy = "";
      } else if (rules.until != null && i.created() != null && !i.created().isBefore(now.minus(rules.until))) {
        keptBy = "created " + age(i.created(), now) + " ago, newer than until " + GoDuration.format(rules.until);
      }
      if (keptBy == null) {
        return removal;
      }
      underPressure.add(new Decision("image", i.id(), name, true, "least recently created unused image ("
          + age(i.created(), now) + " old), removed for disk space", removal.refs(), i.size(), i.created()));
      return keptBy.isEmpty() ? null : keep("image", i.id(), name, keptBy, i);
    }

    private String removalReason(ImageInfo i) {
      String what = i.dangling() ? "dangling" : "unused";
      return i.created() == null ? what : what + ", created " + age(i.created(), now) + " ago";
    }
  }
}
