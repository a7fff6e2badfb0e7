package io.deploysteps.prune;

import static io.deploysteps.catalogue.Parameter.duration;
import static io.deploysteps.catalogue.Parameter.flag;
import static io.deploysteps.catalogue.Parameter.list;
import static io.deploysteps.catalogue.Parameter.number;
import static io.deploysteps.catalogue.Parameter.text;
import static io.deploysteps.catalogue.Parameter.wholeNumber;

import io.deploysteps.catalogue.AwsParameters;
import io.deploysteps.catalogue.StepCatalogue;

/** pruneDocker's parameters: the one place their keys, types, defaults and help are written. */
public final class PruneParameters {
  private PruneParameters() {}

  public static final StepCatalogue CATALOGUE = StepCatalogue.of("pruneDocker",
      duration("until", "Only what is older than this, e.g. `72h`.").defaultNote("any age"),
      wholeNumber("keepPerRepository", "Keep the newest N images of each repository.").byDefault(0),
      flag("containers", "Remove stopped containers (never the ones kept for rollback).").byDefault(true),
      text("images", "Which images go: `dangling`, `unused` or `none`.").byDefault("dangling").label("MODE"),
      flag("buildCache", "Prune the build cache.").byDefault(false),
      text("keepStorage", "Build cache to keep, e.g. `5GB` (with buildCache).").label("SIZE"),
      flag("volumes", "Remove unused anonymous volumes, never named ones (not with until).").byDefault(false),
      flag("networks", "Remove unused networks.").byDefault(false),
      list("labels", "Only objects with these labels (key or key=value), never those with !key or !key=value,"
          + " e.g. `team=shop,!keep`.").label("FILTER"),
      number("diskThreshold", "Only prune when Docker's filesystem is fuller than this percentage, e.g. `80`.")
          .label("PERCENT"),
      number("diskTarget", "Then remove old unused images until the use is below this percentage (with"
          + " diskThreshold).").label("PERCENT"),
      flag("dryRun", "List what would be removed; remove nothing.").byDefault(false),
      text("ecrRepository", "Also prune this ECR repository (with ecrKeepTagged and/or ecrUntaggedOlderThan).")
          .label("NAME"),
      wholeNumber("ecrKeepTagged", "Keep the newest N tagged ECR images."),
      duration("ecrUntaggedOlderThan", "Remove untagged ECR images pushed before this, e.g. `168h`."),
      flag("ecrApplyLifecyclePolicy", "Install the same ECR rules as a lifecycle policy instead of deleting now.")
          .byDefault(false),
      text("region", "AWS region of ecrRepository.").defaultNote("`AWS_REGION`").libraryDefault("env.AWS_REGION")
          .label("REGION"),
      AwsParameters.CREDENTIALS,
      AwsParameters.CREDENTIALS_ID)
      .and(AwsParameters.ROLE_KEYS);
}
