package io.deploysteps.engine;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as Docker and Go write them: {@code 72h}, {@code 1h30m}, {@code 90s},
 * {@code 250ms}; a bare number means seconds.
 */
public final class GoDuration {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|h|m|s))+");

  private GoDuration() {}

  /** Parses {@code text}; a bad value is an error naming {@code parameter}. */
  public static Duration parse(String parameter, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidParameterException(parameter, "is empty; use a duration like 30s, 5m or 72h");
    }
    String t = text.strip();
    if (t.matches("\\d+")) {
      // Through a double: 20 digits are out of range, not a NumberFormatException.
      return bounded(parameter, text, Double.parseDouble(t) * 1000d);
    }
    if (!WHOLE.matcher(t).matches()) {
      throw new InvalidParameterException(parameter,
          "'" + text + "' is not a duration; use a number of seconds or units h, m, s, ms (e.g. 90s, 1h30m, 72h)");
    }
    Matcher m = PART.matcher(t);
    double millis = 0;
    while (m.find()) {
      double n = Double.parseDouble(m.group(1));
      switch (m.group(2)) {
        case "h": millis += n * 3_600_000d; break;
        case "m": millis += n * 60_000d; break;
        case "s": millis += n * 1_000d; break;
        default: millis += n; break;
      }
    }
    return bounded(parameter, text, millis);
  }

  private static Duration bounded(String parameter, String text, double millis) {
    if (!(millis <= io.deploysteps.engine.Params.MAX_DURATION.toMillis())) {
      throw outOfRange(parameter, text);
    }
    return Duration.ofMillis(Math.round(millis));
  }

  /** The one wording of a duration beyond {@link io.deploysteps.engine.Params#MAX_DURATION}. */
  public static InvalidParameterException outOfRange(String parameter, String text) {
    return new InvalidParameterException(parameter, "'" + text.strip() + "' is out of range; at most "
        + io.deploysteps.engine.Params.MAX_DURATION.toHours() + "h (10 years)");
  }

  /** Formats like Go: {@code 1h30m0s}, {@code 2.5s}, {@code 250ms}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    long h = ms / 3_600_000L;
    long m = (ms / 60_000L) % 60;
    double s = (ms % 60_000L) / 1000d;
    StringBuilder b = new StringBuilder();
    if (h > 0) {
      b.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      b.append(m).append('m');
    }
    b.append(s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s)).append('s');
    return b.toString();
  }
}
