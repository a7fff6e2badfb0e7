package io.deploysteps.docker;

/** The digest a push ended with, and how many layers it uploaded versus found already there. */
public final class PushResult {
  private final String digest;
  private final int layersPushed;
  private final int layersExisting;

  public PushResult(String digest, int layersPushed, int layersExisting) {
    this.digest = digest;
    this.layersPushed = layersPushed;
    this.layersExisting = layersExisting;
  }

  public String digest() {
    return digest;
  }

  public int layersPushed() {
    return layersPushed;
  }

  public int layersExisting() {
    return layersExisting;
  }
}
