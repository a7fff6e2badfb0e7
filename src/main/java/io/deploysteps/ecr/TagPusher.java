package io.deploysteps.ecr;

import io.deploysteps.docker.DockerBuilds;
import io.deploysteps.docker.ImageRef;
import io.deploysteps.docker.ManifestTags;
import io.deploysteps.docker.PushResult;
import io.deploysteps.engine.Parallel;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.util.List;
import java.util.Locale;

/**
 * Pushes every tag of one built image: the first tag alone, so the layers are uploaded once, then
 * the other tags at the same time. Pushing all tags of a new image at once is not safe: two daemon
 * pushes that upload the same blob to one repository can leave the registry answering "manifest
 * blob unknown" to one of them (seen with docker 20.10-26 and distribution 2.8, about 1 push in 15).
 * A later tag goes through the registry's API where {@link ManifestTags} can (the pushed manifest
 * PUT under the tag: no docker process, no layer checks; about a tenth of a second less per tag on
 * an idle host), else through {@code docker push}. Each docker push has its own network retries;
 * all tags must end with the same digest.
 */
final class TagPusher {
  private final DockerBuilds docker;
  private final PushRetry retry;
  private final StepLog log;
  private final TimeSource time;
  private final ManifestTags manifests;
  private final String user;
  private final String password;

  TagPusher(DockerBuilds docker, PushRetry retry, StepLog log, TimeSource time) {
    this(docker, retry, log, time, ManifestTags.NONE, null, null);
  }

  /** {@code user}/{@code password}: the registry login docker has (null for none), for {@code manifests}. */
  TagPusher(DockerBuilds docker, PushRetry retry, StepLog log, TimeSource time, ManifestTags manifests, String user,
      String password) {
    this.docker = docker;
    this.retry = retry;
    this.log = log;
    this.time = time;
    this.manifests = manifests;
    this.user = user;
    this.password = password;
  }

  /**
   * The digest, the layers uploaded (counted once, not once per tag) and the layers the registry
   * already had.
   */
  PushResult pushAll(List<String> refs) {
    PushResult first = pushOne(refs.get(0));
    if (refs.size() == 1) {
      return first;
    }
    List<String> rest = refs.subList(1, refs.size());
    List<PushResult> later = Parallel.map("push", rest.size(), rest, ref -> tagOrPush(ref, first.digest()));
    for (int i = 0; i < rest.size(); i++) {
      if (!first.digest().equals(later.get(i).digest())) {
        throw new StepFailedException("the registry gave " + rest.get(i) + " digest " + later.get(i).digest() + ", not "
            + first.digest() + " as for " + refs.get(0) + ": was the image retagged meanwhile?");
      }
    }
    // Layers are uploaded by the first push; the later ones find them all in the repository.
    return first;
  }

  /** The pushed manifest under one more tag, over the registry API when it can, else by docker push. */
  private PushResult tagOrPush(String ref, String digest) {
    ImageRef image = ImageRef.parse("tags", ref);
    if (!manifests.available() || image.registry() == null) {
      return pushOne(ref);
    }
    long start = time.nanoTime();
    try {
      manifests.tag(image.registry(), image.repository(), digest, image.tag(), user, password);
    } catch (ManifestTags.Declined e) {
      log.info("tag " + image.tag() + ": not through the registry API (" + e.getMessage() + "), pushing it with docker");
      return pushOne(ref);
    }
    log.info(String.format(Locale.ROOT, "tagged %s in %.2f s: the pushed manifest put under the tag (registry API)",
        ref, time.millisSince(start) / 1000.0));
    return new PushResult(digest, 0, 0);
  }

  private PushResult pushOne(String ref) {
    long start = time.nanoTime();
    String tag = ref.substring(ref.lastIndexOf(':') + 1);
    PushResult p = retry.push(ref, () -> docker.push(ref, line -> log.info("push " + tag + " | " + line)));
    log.info(String.format(Locale.ROOT, "pushed %s in %.1f s: %d layers uploaded, %d already there", ref,
        time.millisSince(start) / 1000.0, p.layersPushed(), p.layersExisting()));
    return p;
  }
}
