package io.deploysteps.prune;

import io.deploysteps.aws.AwsCallFailure;
import io.deploysteps.prune.DockerPruner.Failure;
import io.deploysteps.prune.PrunePlan.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageResponse;
import software.amazon.awssdk.services.ecr.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;

/**
 * Prunes one ECR repository now: lists every image (DescribeImages, all pages), decides, and
 * deletes by digest with BatchDeleteImage, at most 100 ids per call (the API's limit). A failed
 * id or a failed call is reported and the other batches go on. A failed listing or policy call
 * ends the step with one line ({@link AwsCallFailure}) before anything is deleted.
 */
final class EcrPruner {
  static final int BATCH = 100;

  private final EcrClient ecr;
  private final List<Decision> removed = new ArrayList<>();
  private final List<Failure> failed = new ArrayList<>();

  EcrPruner(EcrClient ecr) {
    this.ecr = ecr;
  }

  List<Decision> removed() {
    return removed;
  }

  List<Failure> failed() {
    return failed;
  }

  List<ImageDetail> list(String repository) {
    List<ImageDetail> out = new ArrayList<>();
    try {
      // The paginator calls on iteration: a later page can fail too.
      ecr.describeImagesPaginator(DescribeImagesRequest.builder().repositoryName(repository).build())
          .imageDetails().forEach(out::add);
    } catch (SdkException e) {
      throw AwsCallFailure.of("ECR DescribeImages", e);
    }
    return out;
  }

  /** Keeps the newest {@code keepTagged} tagged images and untagged ones pushed within {@code untaggedOlderThan}. */
  static List<Decision> plan(List<ImageDetail> images, Integer keepTagged, Duration untaggedOlderThan,
      Map<String, String> protectedDigests, Instant now) {
    List<ImageDetail> sorted = new ArrayList<>(images);
    sorted.sort(Comparator.comparing(ImageDetail::imagePushedAt, Comparator.nullsLast(Comparator.reverseOrder())));
    List<Decision> out = new ArrayList<>();
    int tagged = 0;
    for (ImageDetail i : sorted) {
      String name = i.hasImageTags() && !i.imageTags().isEmpty() ? String.join(",", i.imageTags()) : "<untagged>";
      boolean isTagged = !name.equals("<untagged>");
      String reason = null;
      if (protectedDigests.containsKey(i.imageDigest())) {
        reason = "protected: " + protectedDigests.get(i.imageDigest());
      } else if (isTagged) {
        tagged++;
        if (keepTagged == null) {
          reason = "tagged (no ecrKeepTagged rule)";
        } else if (tagged <= keepTagged) {
          reason = "one of the newest " + keepTagged + " tagged images";
        }
      } else if (untaggedOlderThan == null) {
        reason = "untagged (no ecrUntaggedOlderThan rule)";
      } else if (i.imagePushedAt() != null && !i.imagePushedAt().isBefore(now.minus(untaggedOlderThan))) {
        reason = "untagged, pushed " + RetentionPolicy.age(i.imagePushedAt(), now) + " ago";
      }
      long size = i.imageSizeInBytes() == null ? 0 : i.imageSizeInBytes();
      String why = reason != null ? reason : isTagged ? "older than the newest " + keepTagged + " tagged images"
          : "untagged, pushed " + RetentionPolicy.age(i.imagePushedAt(), now) + " ago";
      out.add(new Decision("ecr-image", i.imageDigest(), name, reason == null, why, List.of(i.imageDigest()), size,
          i.imagePushedAt()));
    }
    return out;
  }

  void delete(String repository, List<Decision> removals) {
    for (int i = 0; i < removals.size(); i += BATCH) {
      List<Decision> batch = removals.subList(i, Math.min(removals.size(), i + BATCH));
      Map<String, Decision> byDigest = new HashMap<>();
      batch.forEach(d -> byDigest.put(d.id(), d));
      List<ImageIdentifier> ids = batch.stream().map(d -> ImageIdentifier.builder().imageDigest(d.id()).build()).toList();
      BatchDeleteImageResponse r;
      try {
        r = ecr.batchDeleteImage(b -> b.repositoryName(repository).imageIds(ids));
      } catch (SdkException e) {
        batch.forEach(d -> failed.add(new Failure(d, "BatchDeleteImage failed: " + e.getMessage())));
        continue;
      }
      Set<String> failedDigests = new java.util.HashSet<>();
      for (ImageFailure f : r.failures()) {
        String digest = f.imageId() == null ? null : f.imageId().imageDigest();
        Decision d = byDigest.get(digest);
        if (d != null && failedDigests.add(digest)) {
          failed.add(new Failure(d, f.failureCodeAsString() + ": " + f.failureReason()));
        }
      }
      batch.stream().filter(d -> !failedDigests.contains(d.id())).forEach(removed::add);
    }
  }

  void applyPolicy(String repository, String policy) {
    try {
      ecr.putLifecyclePolicy(b -> b.repositoryName(repository).lifecyclePolicyText(policy));
    } catch (SdkException e) {
      throw AwsCallFailure.of("ECR PutLifecyclePolicy", e);
    }
  }
}
