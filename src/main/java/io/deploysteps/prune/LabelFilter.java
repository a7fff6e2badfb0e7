package io.deploysteps.prune;

import io.deploysteps.engine.InvalidParameterException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which objects a prune may consider, by label: {@code key} or {@code key=value} must be present,
 * {@code !key} or {@code !key=value} must not (Docker's {@code label=} and {@code label!=} filters).
 */
final class LabelFilter {
  private final List<String[]> include;
  private final List<String[]> exclude;

  private LabelFilter(List<String[]> include, List<String[]> exclude) {
    this.include = List.copyOf(include);
    this.exclude = List.copyOf(exclude);
  }

  static LabelFilter parse(String parameter, List<String> entries) {
    List<String[]> include = new ArrayList<>();
    List<String[]> exclude = new ArrayList<>();
    for (String e : entries) {
      boolean not = e.startsWith("!");
      String body = not ? e.substring(1).strip() : e;
      int eq = body.indexOf('=');
      String key = eq < 0 ? body : body.substring(0, eq).strip();
      if (key.isEmpty() || key.contains(" ")) {
        throw new InvalidParameterException(parameter, "'" + e + "' is not key, key=value, !key or !key=value");
      }
      (not ? exclude : include).add(eq < 0 ? new String[] {key} : new String[] {key, body.substring(eq + 1)});
    }
    return new LabelFilter(include, exclude);
  }

  boolean isEmpty() {
    return include.isEmpty() && exclude.isEmpty();
  }

  boolean matches(Map<String, String> labels) {
    return include.stream().allMatch(c -> has(labels, c)) && exclude.stream().noneMatch(c -> has(labels, c));
  }

  private static boolean has(Map<String, String> labels, String[] condition) {
    String v = labels.get(condition[0]);
    return v != null && (condition.length == 1 || condition[1].equals(v));
  }

  /** The same rule as Docker filters ({@code label=k=v}, {@code label!=k}), for prune commands. */
  List<String> dockerFilters() {
    List<String> out = new ArrayList<>();
    include.forEach(c -> out.add("label=" + String.join("=", c)));
    exclude.forEach(c -> out.add("label!=" + String.join("=", c)));
    return out;
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    include.forEach(c -> parts.add(String.join("=", c)));
    exclude.forEach(c -> parts.add("!" + String.join("=", c)));
    return String.join(",", parts);
  }
}
