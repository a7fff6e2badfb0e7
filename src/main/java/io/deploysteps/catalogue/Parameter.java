package io.deploysteps.catalogue;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One parameter of a step, declared once in its catalogue: the request reads it, the CLI option,
 * the shared library's default map and help, and the plugin's field help are made from it or checked
 * against it.
 *
 * <p>Made by a factory per type and refined by withers, e.g.
 * {@code Parameter.duration("drain", "Wait after the switch before stopping the old colour.").byDefault("2s")}.
 * Defaults are written as a Jenkinsfile writes them ({@code "2s"}, {@code 3}, {@code true}); a default
 * the engine works out (the AWS region of the build) is a {@link #defaultNote}. A key with a dot
 * ({@code health.status}, {@code proxy.haproxy.socket}) lives inside the map of its first part; the CLI
 * names it {@code --health-status}.
 * Secrets never get a CLI option (argv is visible to every process on the host).
 */
public record Parameter(String key, ParameterType type, String help, Object defaultValue, String defaultNote,
    boolean isRequired, boolean isSecret, Set<Door> doors, String option, String label, String split,
    boolean isNegatable, String libraryDefault, String details) {
  private static final Pattern KEY = Pattern.compile("[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)*");

  public Parameter {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("a parameter key is camelCase, dotted when nested: '" + key + "'");
    }
    if (help == null || help.isBlank() || help.contains("\n")) {
      throw new IllegalArgumentException(key + ": help is one line");
    }
    if (isRequired && (defaultValue != null || defaultNote != null)) {
      throw new IllegalArgumentException(key + ": a required parameter has no default");
    }
    doors = Set.copyOf(isSecret ? without(doors, Door.CLI) : doors);
  }

  private static Set<Door> without(Collection<Door> doors, Door door) {
    EnumSet<Door> out = doors.isEmpty() ? EnumSet.noneOf(Door.class) : EnumSet.copyOf(doors);
    out.remove(door);
    return out;
  }

  /** A parameter every door takes, optional, no default, its option the kebab-case of its key. */
  public static Parameter of(String key, ParameterType type, String help) {
    return new Parameter(key, type, help, null, null, false, false, EnumSet.allOf(Door.class), optionOf(key),
        type.label(), type == ParameterType.LIST ? "," : null, false, null, null);
  }

  public static Parameter text(String key, String help) {
    return of(key, ParameterType.TEXT, help);
  }

  public static Parameter wholeNumber(String key, String help) {
    return of(key, ParameterType.WHOLE_NUMBER, help);
  }

  public static Parameter number(String key, String help) {
    return of(key, ParameterType.NUMBER, help);
  }

  public static Parameter flag(String key, String help) {
    return of(key, ParameterType.FLAG, help);
  }

  public static Parameter duration(String key, String help) {
    return of(key, ParameterType.DURATION, help);
  }

  public static Parameter list(String key, String help) {
    return of(key, ParameterType.LIST, help);
  }

  public static Parameter map(String key, String help) {
    return of(key, ParameterType.MAP, help);
  }

  /** The value the engine uses when the parameter is left out, as a Jenkinsfile would write it. */
  public Parameter byDefault(Object value) {
    return new Parameter(key, type, help, value, defaultNote, isRequired, isSecret, doors, option, label, split,
        isNegatable, libraryDefault, details);
  }

  /** A default the engine works out, said in words ({@code any age}; {@code `code`} marks as in the help). */
  public Parameter defaultNote(String note) {
    return new Parameter(key, type, help, defaultValue, note, isRequired, isSecret, doors, option, label, split,
        isNegatable, libraryDefault, details);
  }

  /** Must be given: {@code fromMap} refuses a Map without it ({@code is required}). */
  public Parameter required() {
    return new Parameter(key, type, help, defaultValue, defaultNote, true, isSecret, doors, option, label, split,
        isNegatable, libraryDefault, details);
  }

  /** Never logged, never in argv: no CLI option. */
  public Parameter secret() {
    return new Parameter(key, type, help, defaultValue, defaultNote, isRequired, true, doors, option, label, split,
        isNegatable, libraryDefault, details);
  }

  /** Only these doors take it (e.g. {@code credentialsId}: the library and the plugin bind it, the engine never sees it). */
  public Parameter only(Door... takenBy) {
    return new Parameter(key, type, help, defaultValue, defaultNote, isRequired, isSecret, Set.of(takenBy), option,
        label, split, isNegatable, libraryDefault, details);
  }

  /** The CLI option's name when it is not {@code --} plus the kebab-case key. */
  public Parameter option(String name) {
    return new Parameter(key, type, help, defaultValue, defaultNote, isRequired, isSecret, doors, name, label, split,
        isNegatable, libraryDefault, details);
  }

  /** The CLI placeholder when the type's is not telling ({@code P1,P2} for ports). */
  public Parameter label(String placeholder) {
    return new Parameter(key, type, help, defaultValue, defaultNote, isRequired, isSecret, doors, option, placeholder,
        split, isNegatable, libraryDefault, details);
  }

  /** Where the CLI splits one option value into several ({@code ,}); none by default for a map. */
  public Parameter split(String regex) {
    return new Parameter(key, type, help, defaultValue, defaultNote, isRequired, isSecret, doors, option, label, regex,
        isNegatable, libraryDefault, details);
  }

  /** A flag the CLI takes as {@code --x} / {@code --no-x} (instead of {@code --x[=BOOL]}). */
  public Parameter negatable() {
    return new Parameter(key, type, help, defaultValue, defaultNote, isRequired, isSecret, doors, option, label, split,
        true, libraryDefault, details);
  }

  /**
   * The Groovy expression of the shared library's default map when it is not the literal default
   * (the library knows the build: {@code env.AWS_REGION}, {@code dotEnvOf(environment)}).
   */
  public Parameter libraryDefault(String groovy) {
    return new Parameter(key, type, help, defaultValue, defaultNote, isRequired, isSecret, doors, option, label, split,
        isNegatable, groovy, details);
  }

  /**
   * More than the help line says (when it applies, what it rules out), in the long-form docs only:
   * {@code vars/<step>.txt} and the plugin's field help. {@code `code`} marks as in the help.
   */
  public Parameter details(String text) {
    return new Parameter(key, type, help, defaultValue, defaultNote, isRequired, isSecret, doors, option, label, split,
        isNegatable, libraryDefault, text);
  }

  /** Whether {@code door} takes this parameter. */
  public boolean takenBy(Door door) {
    return doors.contains(door);
  }

  /** Whether the key lives inside the map of another ({@code health.status}). */
  public boolean nested() {
    return key.indexOf('.') > 0;
  }

  /** The key of the Map the step is given: the part before the dot. */
  public String topKey() {
    return nested() ? key.substring(0, key.indexOf('.')) : key;
  }

  /** The default as help shows it, or null when there is none. */
  public String shownDefault() {
    if (defaultNote != null) {
      return defaultNote.replace("`", "");
    }
    return defaultValue == null ? null : show(defaultValue);
  }

  /** The help without its {@code `code`} marks, as the CLI and Groovy comments show it. */
  public String plainHelp() {
    return help.replace("`", "");
  }

  /** {@code health.status} to {@code --health-status}, {@code keepPerRepository} to {@code --keep-per-repository}. */
  static String optionOf(String key) {
    return "--" + key.replace('.', '-').replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
  }

  private static String show(Object value) {
    if (value instanceof Collection) {
      return ((Collection<?>) value).stream().map(Parameter::show).collect(Collectors.joining(","));
    }
    if (value instanceof Map) {
      return ((Map<?, ?>) value).entrySet().stream().map(e -> e.getKey() + "=" + show(e.getValue()))
          .collect(Collectors.joining(","));
    }
    return String.valueOf(value);
  }

  /** The keys among {@code parameters}, in order (for error texts and tests). */
  public static List<String> keysOf(Collection<Parameter> parameters) {
    return parameters.stream().map(Parameter::key).toList();
  }
}
