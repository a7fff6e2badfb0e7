package io.deploysteps.ecr;

import io.deploysteps.aws.AwsCallFailure;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribeImageScanFindingsResponse;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.LimitExceededException;
import software.amazon.awssdk.services.ecr.model.ScanNotFoundException;
import software.amazon.awssdk.services.ecr.model.UnsupportedImageTypeException;

/**
 * Waits for the ECR scan of one pushed digest (DescribeImageScanFindings until COMPLETE, after
 * StartImageScan when the repository does not scan on push) and judges it by a {@link ScanGate}.
 */
final class ScanWaiter {
  private final EcrClient ecr;
  private final StepLog log;
  private final TimeSource time;
  private final Duration firstPoll;

  ScanWaiter(EcrClient ecr, StepLog log, TimeSource time, Duration firstPoll) {
    this.ecr = ecr;
    this.log = log;
    this.time = time;
    this.firstPoll = firstPoll;
  }

  /** The scan's outcome; a failed gate, a failed scan or no result within the wait is a {@link StepFailedException}. */
  ScanOutcome await(ScanGate gate, String account, String repository, String digest, boolean scansOnPush) {
    long start = time.nanoTime();
    ImageIdentifier image = ImageIdentifier.builder().imageDigest(digest).build();
    if (!scansOnPush && !start(account, repository, image)) {
      return ScanOutcome.unsupported("ECR cannot scan this image type", time.millisSince(start));
    }
    Duration poll = firstPoll;
    while (true) {
      DescribeImageScanFindingsResponse r = null;
      try {
        r = ecr.describeImageScanFindings(b -> b.registryId(account).repositoryName(repository).imageId(image).maxResults(1));
      } catch (ScanNotFoundException e) {
        // scan on push has not registered the scan yet
      } catch (SdkException e) {
        throw AwsCallFailure.of("ECR DescribeImageScanFindings", e);
      }
      String status = r == null || r.imageScanStatus() == null ? "PENDING" : r.imageScanStatus().statusAsString();
      String description = r == null || r.imageScanStatus() == null ? null : r.imageScanStatus().description();
      switch (status) {
        case "COMPLETE":
        case "ACTIVE": {
          Map<String, Integer> counts = new LinkedHashMap<>();
          if (r.imageScanFindings() != null) {
            r.imageScanFindings().findingSeverityCountsAsStrings().forEach(counts::put);
          }
          return judge(gate, counts, time.millisSince(start));
        }
        case "UNSUPPORTED_IMAGE":
          return ScanOutcome.unsupported(description == null ? "ECR cannot scan this image" : description,
              time.millisSince(start));
        case "FAILED":
        case "FINDINGS_UNAVAILABLE":
        case "SCAN_ELIGIBILITY_EXPIRED":
          throw new StepFailedException("scan gate: the ECR scan of " + digest + " ended " + status
              + (description == null ? "" : ": " + description) + " (the image is pushed; its tags are not gated)");
        default:
          break;
      }
      long waited = time.millisSince(start);
      if (waited >= gate.wait.toMillis()) {
        throw new StepFailedException("scan gate: the ECR scan of " + digest + " is still " + status + " after "
            + seconds(waited) + " (scanGate.wait " + io.deploysteps.engine.GoDuration.format(gate.wait) + "); the image"
            + " is pushed, not gated");
      }
      log.info("scan gate: scan %s after %s", status, seconds(waited));
      Duration left = gate.wait.minusMillis(waited);
      sleep(poll.compareTo(left) < 0 ? poll : left);
      poll = poll.multipliedBy(2).compareTo(Duration.ofSeconds(15)) > 0 ? Duration.ofSeconds(15) : poll.multipliedBy(2);
    }
  }

  /** StartImageScan; false when ECR cannot scan this image type. A scan already started today is fine. */
  private boolean start(String account, String repository, ImageIdentifier image) {
    try {
      ecr.startImageScan(b -> b.registryId(account).repositoryName(repository).imageId(image));
      log.info("scan gate: started the ECR scan (the repository does not scan on push)");
      return true;
    } catch (UnsupportedImageTypeException e) {
      return false;
    } catch (LimitExceededException e) {
      return true; // ECR scans an image once a day: the scan exists, wait for it
    } catch (SdkException e) {
      throw AwsCallFailure.of("ECR StartImageScan", e);
    }
  }

  private ScanOutcome judge(ScanGate gate, Map<String, Integer> counts, long millis) {
    String verdict = "passed";
    if (gate.failOn.isPresent() && ScanGate.atOrAbove(gate.failOn.get(), counts) > 0) {
      verdict = "failed";
    } else if (gate.unstableOn.isPresent() && ScanGate.atOrAbove(gate.unstableOn.get(), counts) > 0) {
      verdict = "unstable";
    }
    return new ScanOutcome("COMPLETE", verdict, counts, millis, null);
  }

  private void sleep(Duration d) {
    try {
      time.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailedException("scan gate: interrupted while waiting for the ECR scan");
    }
  }

  private static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
