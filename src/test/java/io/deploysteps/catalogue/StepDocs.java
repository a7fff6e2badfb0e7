package io.deploysteps.catalogue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The files a step's catalogue writes: the default map of {@code vars/<step>.groovy} (kept literal,
 * one comment per key), the argument list of {@code vars/<step>.txt} (between its two markers) and
 * the plugin's {@code help-<key>.html}. StepDocsTest compares them with the repository;
 * {@code scripts/gen-step-docs} writes them.
 */
final class StepDocs {
  static final String BEGIN = "<!-- parameters: generated from the step's catalogue by scripts/gen-step-docs -->";
  static final String END = "<!-- end of parameters -->";
  private static final String MAP_START = "Map defaults = [";
  private static final String MAP_END = "\n    ]";

  private final Path project;
  private final StepCatalogue catalogue;

  StepDocs(Path project, StepCatalogue catalogue) {
    this.project = project;
    this.catalogue = catalogue;
  }

  /** Path (relative to the project) to the content it should have, for every file the catalogue writes. */
  Map<Path, String> files() {
    Map<Path, String> out = new LinkedHashMap<>();
    String step = catalogue.step();
    out.put(Path.of("vars", step + ".groovy"), wrapper(read(Path.of("vars", step + ".groovy"))));
    out.put(Path.of("vars", step + ".txt"), libraryHelp(read(Path.of("vars", step + ".txt"))));
    for (Parameter p : plugin()) {
      out.put(pluginDir().resolve("help-" + p.key() + ".html"), "<div>\n  " + fieldHelp(p) + "\n</div>\n");
    }
    return out;
  }

  /** The plugin's resource directory of this step's Step class ({@code pruneDocker}: PruneDockerStep). */
  Path pluginDir() {
    String step = catalogue.step();
    return Path.of("plugin/src/main/resources/io/deploysteps/jenkins",
        Character.toUpperCase(step.charAt(0)) + step.substring(1) + "Step");
  }

  /** The parameters that are plugin fields: top-level ones (a nested key is part of its map's field). */
  List<Parameter> plugin() {
    return catalogue.takenBy(Door.PLUGIN).stream().filter(p -> !p.nested()).toList();
  }

  String read(Path relative) {
    try {
      return Files.readString(project.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String wrapper(String source) {
    int start = source.indexOf(MAP_START);
    int end = source.indexOf(MAP_END, start);
    if (start < 0 || end < 0) {
      throw new IllegalStateException("vars/" + catalogue.step() + ".groovy has no '" + MAP_START + "' ... '    ]'");
    }
    List<Parameter> keys = catalogue.takenBy(Door.LIBRARY).stream().filter(p -> !p.nested()).toList();
    int keyWidth = keys.stream().mapToInt(p -> p.key().length()).max().orElse(0);
    int valueWidth = keys.stream().mapToInt(p -> groovyDefault(p).length() + 1).max().orElse(0);
    StringBuilder map = new StringBuilder(MAP_START);
    for (Parameter p : keys) {
      map.append("\n        ").append(pad(p.key(), keyWidth)).append(": ").append(pad(groovyDefault(p) + ",", valueWidth))
          .append(" // ").append(p.isRequired() ? "Mandatory: " : "").append(p.plainHelp());
    }
    return source.substring(0, start) + map + source.substring(end);
  }

  private String libraryHelp(String source) {
    int start = source.indexOf(BEGIN);
    int end = source.indexOf(END, start);
    if (start < 0 || end < 0) {
      throw new IllegalStateException("vars/" + catalogue.step() + ".txt has no " + BEGIN + " ... " + END);
    }
    StringBuilder list = new StringBuilder(BEGIN).append("\n<ul>\n");
    for (Parameter p : catalogue.takenBy(Door.LIBRARY)) {
      list.append("  <li><code>").append(p.key()).append("</code> (").append(p.type().word()).append("; ")
          .append(libraryDefaultHtml(p)).append("): ").append(html(p.help()))
          .append(p.details() == null ? "" : " " + html(p.details())).append("</li>\n");
    }
    list.append("</ul>\n");
    return source.substring(0, start) + list + source.substring(end);
  }

  private static String libraryDefaultHtml(Parameter p) {
    if (p.isRequired()) {
      return "mandatory";
    }
    if (p.libraryDefault() != null && !p.libraryDefault().equals("null")) {
      return "default <code>" + escape(p.libraryDefault()) + "</code>";
    }
    if (p.defaultNote() != null) {
      return "default " + html(p.defaultNote());
    }
    return p.defaultValue() == null ? "no default" : "default <code>" + escape(groovy(p.defaultValue())) + "</code>";
  }

  /** The engine's default, as the plugin's field help says it (a plugin field gives no Groovy expression). */
  private static String engineDefaultHtml(Parameter p) {
    return p.defaultNote() != null ? html(p.defaultNote()) : "<code>" + escape(p.shownDefault()) + "</code>";
  }

  private static String fieldHelp(Parameter p) {
    String help = html(p.help()) + (p.details() == null ? "" : " " + html(p.details()));
    if (p.isRequired()) {
      return help + " Required.";
    }
    return p.shownDefault() == null ? help : help + " Default: " + engineDefaultHtml(p) + ".";
  }

  static String groovyDefault(Parameter p) {
    return p.libraryDefault() != null ? p.libraryDefault() : groovy(p.defaultValue());
  }

  /** A value as a Groovy literal. */
  static String groovy(Object v) {
    if (v == null || v instanceof Boolean || v instanceof Number) {
      return String.valueOf(v);
    }
    if (v instanceof Collection) {
      return ((Collection<?>) v).stream().map(StepDocs::groovy).collect(Collectors.joining(", ", "[", "]"));
    }
    if (v instanceof Map) {
      List<String> entries = new ArrayList<>();
      ((Map<?, ?>) v).forEach((k, x) -> entries.add(k + ": " + groovy(x)));
      return entries.isEmpty() ? "[:]" : "[" + String.join(", ", entries) + "]";
    }
    return "'" + v.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** Help text as HTML: escaped, {@code `x`} as {@code <code>x</code>}. */
  static String html(String text) {
    return escape(text).replaceAll("`([^`]*)`", "<code>$1</code>");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
