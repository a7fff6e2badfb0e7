package io.deploysteps.ecr;

import io.deploysteps.engine.InvalidParameterException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository given as one URI, as pipelines keep it in {@code REPOSITORY_URI}: registry host, then
 * the repository ({@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web}). An ECR host names
 * the account and the region; any other host is a plain registry.
 */
final class RepositoryUri {
  // ECR's registry hosts (FIPS and China too), per the ECR endpoints page: ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn]
  private static final Pattern ECR_HOST =
      Pattern.compile("([0-9]{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z]{2}(?:-[a-z]+)+-[0-9])\\.amazonaws\\.com(?:\\.cn)?");
  private static final Pattern HOST = Pattern.compile(
      "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]{1,5})?");
  private static final Pattern DOTTED_NAME = Pattern.compile("[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.([a-z]{2,})");
  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(?:\\.[0-9]{1,3}){3}");
  // Top-level names registries live under; a repository's first part ending so is a host (docker's own rule is any dot).
  private static final Set<String> REGISTRY_TLDS = Set.of("com", "io", "net", "org", "dev", "cloud", "cn", "app",
      "local", "internal", "corp", "lan", "localdomain");

  final String host;
  final EcrRepositoryName repository;
  /** The ECR account and region, empty for a plain registry. */
  final Optional<String> account;
  final Optional<String> region;

  private RepositoryUri(String host, EcrRepositoryName repository, String account, String region) {
    this.host = host;
    this.repository = repository;
    this.account = Optional.ofNullable(account);
    this.region = Optional.ofNullable(region);
  }

  /** The account and region an ECR registry host names ({@code ACCOUNT.dkr.ecr.REGION.amazonaws.com}), or empty. */
  static java.util.Optional<String[]> ecrHost(String host) {
    Matcher ecr = ECR_HOST.matcher(host.toLowerCase(java.util.Locale.ROOT));
    return ecr.matches() ? java.util.Optional.of(new String[] {ecr.group(1), ecr.group(2)}) : java.util.Optional.empty();
  }

  static RepositoryUri parse(String parameter, String text) {
    String t = text.strip();
    if (t.contains("://")) {
      throw new InvalidParameterException(parameter, "'" + t + "' must be host/repository, without a scheme");
    }
    int slash = t.indexOf('/');
    if (slash <= 0 || slash == t.length() - 1) {
      throw new InvalidParameterException(parameter, "'" + t + "' is not registry-host/repository (like"
          + " 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web)");
    }
    String host = t.substring(0, slash);
    String path = t.substring(slash + 1);
    if (!HOST.matcher(host).matches()) {
      throw new InvalidParameterException(parameter, "'" + host + "' is not a registry host[:port]");
    }
    if (path.contains("@") || path.contains(":")) {
      throw new InvalidParameterException(parameter, "'" + t + "' names a tag or digest; give the repository alone"
          + " and the tags in tags");
    }
    EcrRepositoryName repository = EcrRepositoryName.parse(parameter, path);
    Matcher ecr = ECR_HOST.matcher(host.toLowerCase(java.util.Locale.ROOT));
    return ecr.matches()
        ? new RepositoryUri(host.toLowerCase(java.util.Locale.ROOT), repository, ecr.group(1), ecr.group(2))
        : new RepositoryUri(host, repository, null, null);
  }

  /**
   * Whether a {@code repository} value is a URI rather than a name: its first part is an ECR host,
   * has a port, is localhost or an IP address, or is a dotted name under a registry's top-level name.
   */
  static boolean looksLikeUri(String repository) {
    if (repository == null) {
      return false;
    }
    String t = repository.strip();
    int slash = t.indexOf('/');
    String first = slash < 0 ? t : t.substring(0, slash);
    if (ECR_HOST.matcher(first).matches()) {
      return true;
    }
    if (slash < 0) {
      return false;
    }
    if (first.contains(":") || first.equals("localhost") || IPV4.matcher(first).matches()) {
      return true;
    }
    Matcher dotted = DOTTED_NAME.matcher(first);
    return dotted.matches() && REGISTRY_TLDS.contains(dotted.group(1));
  }
}
