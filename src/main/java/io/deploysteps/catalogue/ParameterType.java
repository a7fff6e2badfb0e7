package io.deploysteps.catalogue;

import java.util.List;
import java.util.Map;

/** What kind of value a parameter takes: the Java type the CLI parses it into and the word help shows. */
public enum ParameterType {
  TEXT("text", "TEXT", String.class),
  WHOLE_NUMBER("whole number", "N", Integer.class),
  /** A decimal, a share or a percentage: the request parses it (the CLI keeps the text). */
  NUMBER("number", "NUMBER", String.class),
  FLAG("true/false", "BOOL", Boolean.class),
  /** A number of seconds or Go-style text ({@code 30s}, {@code 1h30m}). */
  DURATION("duration", "DURATION", String.class),
  /** A list; the CLI takes it comma-separated. */
  LIST("list", "VALUE", List.class),
  /** A map of strings; the CLI takes KEY=VALUE (repeatable). A map the CLI does not take has no option. */
  MAP("map", "KEY=VALUE", Map.class);

  private final String word;
  private final String label;
  private final Class<?> cliType;

  ParameterType(String word, String label, Class<?> cliType) {
    this.word = word;
    this.label = label;
    this.cliType = cliType;
  }

  /** How help names the type ({@code duration}). */
  public String word() {
    return word;
  }

  /** The CLI's placeholder when the parameter names none ({@code DURATION}). */
  public String label() {
    return label;
  }

  /** The Java type picocli parses the option into (the value reaches the Map as that type). */
  public Class<?> cliType() {
    return cliType;
  }
}
