package io.deploysteps.log;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Replaces every occurrence of a secret in a text with {@code ****}. */
public final class Masking {
  public static final String MASK = "****";

  private Masking() {}

  public static String mask(String text, Collection<String> secrets) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    // Longest first, so a secret that contains another one is masked whole.
    List<String> ordered = secrets.stream()
        .filter(s -> s != null && !s.isEmpty())
        .sorted(Comparator.comparingInt(String::length).reversed())
        .collect(Collectors.toList());
    String out = text;
    for (String s : ordered) {
      out = out.replace(s, MASK);
    }
    return out;
  }
}
