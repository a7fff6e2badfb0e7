package io.deploysteps.docker;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The images a Docker host holds: read them, tag them, remove them (pulling is {@link DockerBuilds}'s: it needs credentials). */
public interface DockerImages {
  Optional<ImageInfo> inspectImage(String image);

  /** The image's id and registry digests, empty when it is not on this host. */
  default Optional<ImageIdentity> imageIdentity(String image) {
    return inspectImage(image).map(i -> new ImageIdentity(i.id(), i.repoDigests()));
  }

  /** Whether the image is on this host. */
  default boolean hasImage(String image) {
    return inspectImage(image).isPresent();
  }

  /** Images matching {@code docker image ls -a} filters (e.g. {@code dangling=true}), fully inspected. */
  List<ImageInfo> listImages(List<String> filters);

  /**
   * Every image (intermediate ones too) with only id, tags, digests, Created, Size, Parent and
   * labels ({@link ImageInfo#hasHealthcheck()} is false): what pruneDocker decides on.
   */
  List<ImageInfo> listImagesForPrune();

  /** The ids ({@code sha256:...}) of every image the daemon holds now, intermediate ones included. */
  Set<String> imageIds();

  void tag(String source, String target);

  /** Removes an image; false when Docker refuses (in use) or it does not exist. */
  boolean removeImage(String image, boolean force);

  /**
   * Removes many references (tags, or ids of untagged images), going on past the ones Docker
   * refuses, as {@code docker rmi a b c} does.
   */
  Removal removeImages(List<String> references);
}
