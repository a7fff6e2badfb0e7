package io.deploysteps.docker;

import io.deploysteps.engine.InvalidParameterException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Docker image reference {@code [registry/]repository[:tag][@digest]}, checked against the
 * grammar of distribution/reference.
 */
public final class ImageRef {
  private static final String COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
  private static final String DOMAIN_PART = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN = "(?:" + DOMAIN_PART + "(?:\\." + DOMAIN_PART + ")*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?";
  public static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}");
  private static final Pattern REFERENCE = Pattern.compile(
      "(?:(" + DOMAIN + ")/)?(" + COMPONENT + "(?:/" + COMPONENT + ")*)(?::(" + TAG.pattern() + "))?(?:@(" + DIGEST.pattern() + "))?");

  private final String registry;
  private final String repository;
  private final String tag;
  private final String digest;

  private ImageRef(String registry, String repository, String tag, String digest) {
    this.registry = registry;
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
  }

  /** Parses {@code text}; an invalid reference is an error naming {@code parameter}. */
  public static ImageRef parse(String parameter, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidParameterException(parameter, "is required (an image reference like registry/app:1.2)");
    }
    Matcher m = REFERENCE.matcher(text.strip());
    if (!m.matches() || text.strip().length() > 255 + 128 + 80) {
      throw new InvalidParameterException(parameter, "'" + text + "' is not a valid image reference"
          + " (expected [registry/]name[:tag][@digest], lowercase name)");
    }
    String registry = m.group(1);
    String repository = m.group(2);
    // "host/app" is a registry only when the first part looks like a host (has . or :, or is localhost).
    if (registry != null && !registry.contains(".") && !registry.contains(":") && !registry.equals("localhost")) {
      if (!registry.equals(registry.toLowerCase(java.util.Locale.ROOT))) {
        throw new InvalidParameterException(parameter, "'" + text + "' is not a valid image reference (uppercase name)");
      }
      repository = registry + "/" + repository;
      registry = null;
    }
    return new ImageRef(registry, repository, m.group(3), m.group(4));
  }

  public static ImageRef of(String registry, String repository, String tag) {
    return parse("image", (registry == null ? "" : registry + "/") + repository + (tag == null ? "" : ":" + tag));
  }

  /** The registry host[:port], or null for Docker Hub. */
  public String registry() {
    return registry;
  }

  public String repository() {
    return repository;
  }

  /** The tag, or null. */
  public String tag() {
    return tag;
  }

  /** The digest ({@code sha256:...}), or null. */
  public String digest() {
    return digest;
  }

  /** {@code registry/repository}, without tag or digest. */
  public String name() {
    return registry == null ? repository : registry + "/" + repository;
  }

  public ImageRef withTag(String newTag) {
    return new ImageRef(registry, repository, newTag, null);
  }

  public ImageRef withDigest(String newDigest) {
    return new ImageRef(registry, repository, null, newDigest);
  }

  @Override
  public String toString() {
    return name() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageRef && o.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return Objects.hash(toString());
  }
}
