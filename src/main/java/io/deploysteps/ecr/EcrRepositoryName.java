package io.deploysteps.ecr;

import io.deploysteps.engine.InvalidParameterException;
import java.util.regex.Pattern;

/**
 * A repository name as ECR accepts it: 2 to 256 characters matching
 * {@code (?:[a-z0-9]+(?:[._-][a-z0-9]+)*&#47;)*[a-z0-9]+(?:[._-][a-z0-9]+)*}, per the ECR API reference
 * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html,
 * "repositoryName": Length Constraints and Pattern). Any registry accepts such a name too.
 */
public final class EcrRepositoryName {
  static final Pattern PATTERN =
      Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
  static final int MIN = 2;
  static final int MAX = 256;

  private final String name;

  private EcrRepositoryName(String name) {
    this.name = name;
  }

  /** Checks {@code text}; an error names {@code parameter}. */
  public static EcrRepositoryName parse(String parameter, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidParameterException(parameter, "is required (a repository name like team/app)");
    }
    String t = text.strip();
    if (t.length() < MIN || t.length() > MAX) {
      throw new InvalidParameterException(parameter, "'" + t + "' must be " + MIN + " to " + MAX + " characters long");
    }
    if (!PATTERN.matcher(t).matches()) {
      throw new InvalidParameterException(parameter, "'" + t + "' is not a valid ECR repository name: lowercase"
          + " letters and digits, separated by single '.', '_' or '-', path parts joined by '/'");
    }
    return new EcrRepositoryName(t);
  }

  public String value() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }
}
