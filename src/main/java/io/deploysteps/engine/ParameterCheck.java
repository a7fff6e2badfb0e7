package io.deploysteps.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One parameter checked by the step's own request, as a form field is checked while it is typed:
 * the request is made from placeholders for the other required keys, the siblings the field depends
 * on, and the value; only a problem the request blames on this key (or a key inside it, like
 * {@code proxy.includeFile}) counts. The message is the request's, word for word, as the CLI prints it.
 */
public final class ParameterCheck {
  private final Function<Map<String, ?>, ?> request;
  private final Map<String, ?> placeholders;

  /** {@code request}: the step's {@code fromMap}; {@code placeholders}: valid values of its required keys. */
  public ParameterCheck(Function<Map<String, ?>, ?> request, Map<String, ?> placeholders) {
    this.request = request;
    this.placeholders = Map.copyOf(placeholders);
  }

  /** The problem with {@code key = value} next to {@code siblings} (blank siblings are left out), if any. */
  public Optional<String> problem(String key, Object value, Map<String, ?> siblings) {
    Map<String, Object> params = new LinkedHashMap<>(placeholders);
    siblings.forEach((k, v) -> {
      params.remove(k); // a blank field of the form is a parameter not given, placeholder or not
      put(params, k, v);
    });
    params.remove(key);
    put(params, key, value);
    try {
      request.apply(params);
      return Optional.empty();
    } catch (InvalidParameterException e) {
      boolean ours = e.parameter().equals(key) || e.parameter().startsWith(key + ".");
      return ours ? Optional.of(e.getMessage()) : Optional.empty();
    }
  }

  public Optional<String> problem(String key, Object value) {
    return problem(key, value, Map.of());
  }

  private static void put(Map<String, Object> params, String key, Object value) {
    if (value != null && !(value instanceof CharSequence && value.toString().isBlank())) {
      params.put(key, value);
    }
  }
}
