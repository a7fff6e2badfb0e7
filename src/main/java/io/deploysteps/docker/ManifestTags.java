package io.deploysteps.docker;

/**
 * Puts one more tag on a manifest a registry already holds, over the registry's HTTP API (what
 * {@code crane tag} does): one GET of the manifest by digest and one PUT under the tag, where a
 * {@code docker push} of the tag would start a docker process and have the daemon check every layer
 * again. {@link #NONE} where this JVM does not reach the registry as the docker that pushed does
 * (the plugin: docker runs on an agent); the caller then pushes the tag with docker.
 */
public interface ManifestTags {
  /** No tagging here: every tag goes through {@code docker push}. */
  ManifestTags NONE = new ManifestTags() {
    @Override
    public boolean available() {
      return false;
    }

    @Override
    public void tag(String host, String repository, String digest, String tag, String user, String password)
        throws Declined {
      throw new Declined("no registry API from this JVM");
    }
  };

  /** False when {@link #tag} never works here, so callers go to docker at once. */
  boolean available();

  /**
   * Tags {@code host/repository@digest} as {@code tag}. {@code user} and {@code password} are the
   * login docker used (null for an anonymous registry); they go in the request's Authorization header
   * only.
   *
   * @throws Declined when the registry, its auth scheme or the answer is not one this does: push the tag with docker
   */
  void tag(String host, String repository, String digest, String tag, String user, String password) throws Declined;

  /** Why a tag was not put through the API; the message never holds a credential. */
  final class Declined extends Exception {
    public Declined(String reason) {
      super(reason);
    }
  }
}
