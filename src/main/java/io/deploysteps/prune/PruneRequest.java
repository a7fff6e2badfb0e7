package io.deploysteps.prune;

import io.deploysteps.aws.AssumeRole;
import io.deploysteps.aws.AwsCredentialsSpec;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.ParameterCheck;
import io.deploysteps.engine.Params;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What pruneDocker is asked to clean, validated as a whole before anything is removed. */
public final class PruneRequest {
  /** The Map's keys (from {@link PruneParameters#CATALOGUE}). */
  public static final Set<String> KEYS = Set.copyOf(PruneParameters.CATALOGUE.keys());

  /** Which images are candidates. */
  public enum ImageMode { NONE, DANGLING, UNUSED }

  private static final Pattern SIZE = Pattern.compile("\\d+(\\.\\d+)?\\s*([kKmMgGtT]i?[bB]?|[bB])?");
  private static final Pattern ECR_REPOSITORY =
      Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");

  final Duration until;
  final int keepPerRepository;
  final boolean containers;
  final ImageMode images;
  final boolean buildCache;
  final String keepStorage;
  final boolean volumes;
  final boolean networks;
  final LabelFilter labels;
  final Double diskThreshold;
  final Double diskTarget;
  final boolean dryRun;
  final String ecrRepository;
  final Integer ecrKeepTagged;
  final Duration ecrUntaggedOlderThan;
  final boolean ecrApplyLifecyclePolicy;
  final String region;
  final AwsCredentialsSpec credentials;

  private PruneRequest(Params p) {
    until = p.has("until") ? p.duration("until", null) : null;
    keepPerRepository = nonNegative(p, "keepPerRepository");
    containers = p.bool("containers", true);
    images = imageMode(p.string("images", "dangling"));
    buildCache = p.bool("buildCache", false);
    keepStorage = p.string("keepStorage", null);
    if (keepStorage != null && !SIZE.matcher(keepStorage).matches()) {
      throw new InvalidParameterException("keepStorage", "'" + keepStorage + "' is not a size like 512MB or 10GB");
    }
    if (keepStorage != null && !buildCache) {
      throw new InvalidParameterException("keepStorage", "only applies with buildCache: true");
    }
    volumes = p.bool("volumes", false);
    if (volumes && until != null) {
      throw new InvalidParameterException("volumes", "cannot be combined with 'until': docker volume prune has no"
          + " until filter, and Docker keeps no last-use time for a volume (when it was created says nothing about"
          + " whether its data is still wanted), so no age rule can be applied; prune anonymous volumes in a run"
          + " without 'until'");
    }
    networks = p.bool("networks", false);
    labels = LabelFilter.parse("labels", p.strings("labels", List.of()));
    diskThreshold = percent(p, "diskThreshold");
    diskTarget = percent(p, "diskTarget");
    if (diskTarget != null && diskThreshold == null) {
      throw new InvalidParameterException("diskTarget", "only applies with diskThreshold");
    }
    if (diskTarget != null && diskTarget > diskThreshold) {
      throw new InvalidParameterException("diskTarget", diskTarget + "% is above diskThreshold " + diskThreshold + "%");
    }
    dryRun = p.bool("dryRun", false);
    ecrRepository = p.string("ecrRepository", null);
    ecrKeepTagged = p.has("ecrKeepTagged") ? nonNegative(p, "ecrKeepTagged") : null;
    ecrUntaggedOlderThan = p.has("ecrUntaggedOlderThan") ? p.duration("ecrUntaggedOlderThan", null) : null;
    ecrApplyLifecyclePolicy = p.bool("ecrApplyLifecyclePolicy", false);
    region = p.has("region") ? SdkAwsClients.checkRegion("region", p.string("region")) : null;
    credentials = AwsCredentialsSpec.parse("credentials", p.string("credentials", null)).assuming(AssumeRole.from(p));
    if (credentials.role().isPresent() && ecrRepository == null) {
      throw new InvalidParameterException("role", "is for pruneDocker's ECR side: give ecrRepository too (the local"
          + " prune calls no AWS)");
    }
    checkEcr();
  }

  private void checkEcr() {
    if (ecrRepository == null) {
      for (String k : List.of("ecrKeepTagged", "ecrUntaggedOlderThan")) {
        if ((k.equals("ecrKeepTagged") ? ecrKeepTagged : ecrUntaggedOlderThan) != null) {
          throw new InvalidParameterException(k, "needs ecrRepository");
        }
      }
      if (ecrApplyLifecyclePolicy) {
        throw new InvalidParameterException("ecrApplyLifecyclePolicy", "needs ecrRepository");
      }
      return;
    }
    if (ecrRepository.length() < 2 || ecrRepository.length() > 256 || !ECR_REPOSITORY.matcher(ecrRepository).matches()) {
      throw new InvalidParameterException("ecrRepository", "'" + ecrRepository
          + "' is not an ECR repository name (lower case letters, digits, . _ - and / between parts)");
    }
    if (ecrKeepTagged == null && ecrUntaggedOlderThan == null) {
      throw new InvalidParameterException("ecrRepository", "give ecrKeepTagged and/or ecrUntaggedOlderThan to say what to remove");
    }
    if (ecrApplyLifecyclePolicy && ecrUntaggedOlderThan != null
        && (ecrUntaggedOlderThan.isZero() || ecrUntaggedOlderThan.toHours() % 24 != 0
            || ecrUntaggedOlderThan.toMillis() % 3_600_000L != 0)) {
      throw new InvalidParameterException("ecrUntaggedOlderThan", "an ECR lifecycle policy counts whole days:"
          + " use a positive multiple of 24h (e.g. 168h), got " + ecrUntaggedOlderThan.toHours() + "h");
    }
    if (ecrApplyLifecyclePolicy && ecrKeepTagged != null && ecrKeepTagged == 0) {
      throw new InvalidParameterException("ecrKeepTagged", "an ECR lifecycle policy needs a count of at least 1");
    }
  }

  /** Checks one parameter as a form field (the plugin's doCheck methods), with this request's messages. */
  public static ParameterCheck check() {
    return new ParameterCheck(PruneRequest::fromMap, Map.of());
  }

  public static PruneRequest fromMap(Map<String, ?> map) {
    return new PruneRequest(PruneParameters.CATALOGUE.read(map));
  }

  private static int nonNegative(Params p, String name) {
    int n = p.integer(name, 0);
    if (n < 0) {
      throw new InvalidParameterException(name, "must be 0 or more, got " + n);
    }
    return n;
  }

  private static ImageMode imageMode(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "none": case "false": return ImageMode.NONE;
      case "dangling": return ImageMode.DANGLING;
      case "unused": case "all": return ImageMode.UNUSED;
      default:
        throw new InvalidParameterException("images", "'" + text + "' is not one of dangling, unused, none");
    }
  }

  /** A percentage: 85, "85" or "85%", within 0-100. */
  private static Double percent(Params p, String name) {
    if (!p.has(name)) {
      return null;
    }
    Object raw = p.raw(name);
    double v;
    if (raw instanceof Number) {
      v = ((Number) raw).doubleValue();
    } else {
      String t = raw.toString().strip();
      t = t.endsWith("%") ? t.substring(0, t.length() - 1).strip() : t;
      try {
        v = Double.parseDouble(t);
      } catch (NumberFormatException e) {
        throw new InvalidParameterException(name, "'" + raw + "' is not a percentage like 85 or 85%");
      }
    }
    if (!(v >= 0 && v <= 100)) {
      throw new InvalidParameterException(name, "must be between 0 and 100 (percent of the filesystem used), got " + raw);
    }
    return v;
  }

  /** Whether anything local (Docker host) is to be pruned. */
  boolean local() {
    return containers || images != ImageMode.NONE || buildCache || volumes || networks || diskThreshold != null;
  }

  public boolean dryRun() {
    return dryRun;
  }
}
