package io.deploysteps.buildspec;

import java.util.Map;

/** A key of the buildspec this runner does not act on, with its line in the file (1-based). */
public record UnsupportedKey(String key, int line) {
  public Map<String, Object> toMap() {
    return Map.of("key", key, "line", line);
  }

  @Override
  public String toString() {
    return key + " (line " + line + ")";
  }
}
