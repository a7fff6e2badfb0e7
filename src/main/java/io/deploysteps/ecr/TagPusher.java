package io.deploysteps.ecr;

import io.deploysteps.docker.DockerBuilds;
import io.deploysteps.docker.PushResult;
import io.deploysteps.engine.Parallel;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.util.List;
import java.util.Locale;

/**
 * Pushes every tag of one built image: the first tag alone, so the layers are uploaded once, then
 * the other tags at the same time (each is a few HEAD requests and a manifest PUT). Pushing all
 * tags of a new image at once is not safe: two daemon pushes that upload the same blob to one
 * repository can leave the registry answering "manifest blob unknown" to one of them (seen with
 * docker 20.10-26 and distribution 2.8, about 1 push in 15). Each tag has its own network retries;
 * all tags must end with the same digest.
 */
final class TagPusher {
  private final DockerBuilds docker;
  private final PushRetry retry;
  private final StepLog log;
  private final TimeSource time;

  TagPusher(DockerBuilds docker, PushRetry retry, StepLog log, TimeSource time) {
    this.docker = docker;
    this.retry = retry;
    this.log = log;
    this.time = time;
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
    List<PushResult> later = Parallel.map("push", rest.size(), rest, this::pushOne);
    for (int i = 0; i < rest.size(); i++) {
      if (!first.digest().equals(later.get(i).digest())) {
        throw new StepFailedException("the registry gave " + rest.get(i) + " digest " + later.get(i).digest() + ", not "
            + first.digest() + " as for " + refs.get(0) + ": was the image retagged meanwhile?");
      }
    }
    // Layers are uploaded by the first push; the later ones find them all in the repository.
    return first;
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
