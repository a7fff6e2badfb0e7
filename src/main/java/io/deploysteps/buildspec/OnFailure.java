package io.deploysteps.buildspec;

import io.deploysteps.engine.InvalidParameterException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A phase's {@code on-failure}: ABORT, CONTINUE, or RETRY in its four forms (RETRY, RETRY-N,
 * RETRY-regex, RETRY-N-regex). Per the buildspec reference (phases/*&#47;on-failure): RETRY retries
 * up to 3 times with the regex {@code .*}; N is 0 to 100. Absent, CodeBuild's default transitions
 * apply (see {@link PhaseTransitions}).
 */
public final class OnFailure {
  /** What to do when the phase failed and no retry is left. */
  public enum Action { DEFAULT, ABORT, CONTINUE }

  private static final Pattern RETRY = Pattern.compile("RETRY(?:-(\\d{1,3}))?(?:-(.+))?", Pattern.DOTALL);

  private final Action action;
  private final int retries;
  private final Pattern regex;
  private final String text;

  private OnFailure(Action action, int retries, Pattern regex, String text) {
    this.action = action;
    this.retries = retries;
    this.regex = regex;
    this.text = text;
  }

  public static OnFailure none() {
    return new OnFailure(Action.DEFAULT, 0, null, "");
  }

  /** Parses the value; {@code where} (e.g. {@code phases/build/on-failure}) names it in errors. */
  public static OnFailure parse(String where, String value) {
    if (value == null || value.isBlank()) {
      return none();
    }
    String v = value.strip();
    if (v.equals("ABORT")) {
      return new OnFailure(Action.ABORT, 0, null, v);
    }
    if (v.equals("CONTINUE")) {
      return new OnFailure(Action.CONTINUE, 0, null, v);
    }
    Matcher m = RETRY.matcher(v);
    if (!m.matches()) {
      throw new InvalidParameterException(where, "'" + v + "' is not ABORT, CONTINUE, RETRY, RETRY-count, RETRY-regex"
          + " or RETRY-count-regex");
    }
    int count = 3;
    String regex = m.group(2);
    if (m.group(1) != null) {
      count = Integer.parseInt(m.group(1));
      if (count > 100) {
        throw new InvalidParameterException(where, "retry count " + count + " is above 100");
      }
    }
    try {
      return new OnFailure(Action.DEFAULT, count, Pattern.compile(regex == null ? ".*" : regex, Pattern.DOTALL), v);
    } catch (PatternSyntaxException e) {
      throw new InvalidParameterException(where, "'" + regex + "' is not a regular expression: " + e.getDescription());
    }
  }

  public Action action() {
    return action;
  }

  /** How many more times a failed phase may run (0 without RETRY). */
  public int retries() {
    return retries;
  }

  /** Whether a failure with this output may be retried (the regex is searched in it). */
  public boolean retriesOn(String failureText) {
    return regex != null && regex.matcher(failureText).find();
  }

  public Optional<String> text() {
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  @Override
  public String toString() {
    return text.isEmpty() ? "(default)" : text;
  }
}
