package io.deploysteps.docker;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The docker CLI's human sizes ({@code 7B}, {@code 1.234kB}, {@code 12.5MB}): powers of 1000. */
public final class HumanSize {
  private static final Pattern HUMAN_SIZE = Pattern.compile("([0-9.]+)\\s*([kMGTP]?)B");

  private HumanSize() {}

  /** The bytes a size column says; 0 when it is not a size. */
  public static long bytes(String human) {
    Matcher m = HUMAN_SIZE.matcher(human.strip());
    if (!m.lookingAt()) {
      return 0;
    }
    double v = Double.parseDouble(m.group(1));
    int power = m.group(2).isEmpty() ? 0 : "kMGTP".indexOf(m.group(2)) + 1;
    return Math.round(v * Math.pow(1000, power));
  }
}
