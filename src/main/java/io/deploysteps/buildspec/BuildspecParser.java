package io.deploysteps.buildspec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.deploysteps.engine.InvalidParameterException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a buildspec with Jackson's YAML module, leniently where real files are sloppy (null
 * command items skipped, {@code files} as a string or a list, {@code reports}, {@code cache} and
 * {@code run-as} at the top level, yes/no/true/false for booleans), and lists every key it does not
 * act on with its line: the preflight. It never fails on an unknown key; it fails (naming the key)
 * only where the file cannot mean anything (no phases, a command that is a map).
 */
public final class BuildspecParser {
  /**
   * The streaming parser only: an ObjectMapper (databind's type factory, deserializer caches) cost
   * most of a cold run's parse, ~3 times the YAML itself, for a tree of plain maps, lists and text.
   */
  private static final YAMLFactory YAML = new YAMLFactory();

  /** Keys acted on, by path ("*" is any name: a phase, a secondary artifact, a report group). */
  private static final Set<String> SUPPORTED = Set.of("version", "run-as", "env", "env/shell", "env/variables",
      "env/variables/*", "env/parameter-store", "env/parameter-store/*", "env/secrets-manager",
      "env/secrets-manager/*", "env/exported-variables", "phases", "phases/*", "phases/*/commands",
      "phases/*/finally", "phases/*/on-failure", "phases/*/runtime-versions", "phases/*/runtime-versions/*",
      "phases/*/run-as", "artifacts", "artifacts/files", "artifacts/name", "artifacts/discard-paths",
      "artifacts/base-directory", "artifacts/exclude-paths", "artifacts/secondary-artifacts",
      "artifacts/secondary-artifacts/*", "artifacts/secondary-artifacts/*/files",
      "artifacts/secondary-artifacts/*/name", "artifacts/secondary-artifacts/*/discard-paths",
      "artifacts/secondary-artifacts/*/base-directory", "artifacts/secondary-artifacts/*/exclude-paths",
      "reports", "reports/*", "reports/*/files", "reports/*/base-directory", "reports/*/discard-paths",
      "reports/*/file-format", "cache", "cache/paths", "cache/key", "cache/fallback-keys", "cache/action");

  private BuildspecParser() {}

  /** Parses {@code text}; {@code file} names the file in errors. */
  public static Buildspec parse(String file, String text) {
    JsonNode root;
    Map<String, Integer> lines = new LinkedHashMap<>();
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken first = p.nextToken();
      root = first == null ? null : node(p, first, "", lines);
    } catch (IOException e) {
      throw new InvalidParameterException("file", file + " is not YAML: " + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidParameterException("file", file + " holds no buildspec (a YAML map with version and phases)");
    }
    List<UnsupportedKey> unsupported = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    lines.forEach((path, line) -> {
      // Under a key already listed (proxy/logs under proxy), the parent says it all.
      if (!supported(path) && refused.stream().noneMatch(r -> path.startsWith(r + "/"))) {
        refused.add(path);
        unsupported.add(new UnsupportedKey(path, line));
      }
    });
    unsupported.sort((a, b) -> Integer.compare(a.line(), b.line()));
    String version = scalar(root.get("version"));
    if (version == null) {
      throw new InvalidParameterException("file", file + " has no 'version' (0.2 or 0.1)");
    }
    if (!version.equals("0.2") && !version.equals("0.1")) {
      throw new InvalidParameterException("file", file + ": version " + version + " is not 0.2 or 0.1");
    }
    JsonNode env = root.path("env");
    String shell = scalar(env.get("shell"));
    if (shell != null && !shell.equals("bash")) {
      unsupported.add(new UnsupportedKey("env/shell: " + shell + " (only bash)", lines.getOrDefault("env/shell", 0)));
    }
    JsonNode phasesNode = root.get("phases");
    if (phasesNode == null || !phasesNode.isObject()) {
      throw new InvalidParameterException("file", file + " has no 'phases' map");
    }
    List<Phase> phases = new ArrayList<>();
    for (String name : Phase.NAMES) {
      JsonNode p = phasesNode.get(name);
      if (p != null && !p.isNull()) {
        phases.add(phase(name, p));
      }
    }
    phasesNode.fieldNames().forEachRemaining(n -> {
      if (!Phase.NAMES.contains(n)) {
        unsupported.add(new UnsupportedKey("phases/" + n + " (not a phase)", lines.getOrDefault("phases/" + n, 0)));
      }
    });
    JsonNode art = root.get("artifacts");
    Optional<ArtifactSpec> artifacts = Optional.empty();
    List<ArtifactSpec> secondary = new ArrayList<>();
    if (art != null && art.isObject()) {
      artifacts = Optional.of(artifact("artifacts", "", art, null));
      JsonNode sec = art.get("secondary-artifacts");
      if (sec != null && sec.isObject()) {
        sec.fields().forEachRemaining(e -> secondary.add(
            artifact("artifacts/secondary-artifacts/" + e.getKey(), e.getKey(), e.getValue(), null)));
      }
    }
    List<ArtifactSpec> reports = new ArrayList<>();
    JsonNode rep = root.get("reports");
    if (rep != null && rep.isObject()) {
      rep.fields().forEachRemaining(e -> reports.add(artifact("reports/" + e.getKey(), e.getKey(), e.getValue(),
          Optional.ofNullable(scalar(e.getValue().get("file-format"))).orElse("JUNITXML"))));
    }
    return new Buildspec(version, stringMap("env/variables", env.get("variables")),
        stringMap("env/parameter-store", env.get("parameter-store")),
        stringMap("env/secrets-manager", env.get("secrets-manager")),
        strings("env/exported-variables", env.get("exported-variables")), phases, artifacts, secondary, reports,
        strings("cache/paths", root.path("cache").get("paths")), scalar(root.get("run-as")), unsupported);
  }

  private static Phase phase(String name, JsonNode p) {
    String where = "phases/" + name;
    Map<String, String> runtimes = stringMap(where + "/runtime-versions", p.get("runtime-versions"));
    return new Phase(name, strings(where + "/commands", p.get("commands")), strings(where + "/finally", p.get("finally")),
        OnFailure.parse(where + "/on-failure", scalar(p.get("on-failure"))), runtimes, scalar(p.get("run-as")));
  }

  private static ArtifactSpec artifact(String where, String id, JsonNode a, String format) {
    String base = scalar(a.get("base-directory"));
    return new ArtifactSpec(id, strings(where + "/files", a.get("files")), base == null ? "" : base,
        yes(a.get("discard-paths")), strings(where + "/exclude-paths", a.get("exclude-paths")),
        scalar(a.get("name")), format);
  }

  /** yes/no/true/false as YAML 1.1 and CodeBuild read them. */
  private static boolean yes(JsonNode n) {
    String v = scalar(n);
    return v != null && (v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("on"));
  }

  /** A list of strings, or one string; null items are skipped; a map item is an error. */
  private static List<String> strings(String where, JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      if (!n.isValueNode()) {
        throw new InvalidParameterException(where, "must be a list of strings");
      }
      out.add(n.asText());
      return out;
    }
    for (JsonNode item : n) {
      if (item.isNull()) {
        continue;
      }
      if (item.isObject() && item.size() == 1 && item.elements().next().isValueNode()) {
        // "- cut -d: -f2" unquoted is a one-entry map in YAML, the most common slip in real files:
        // read back as the line it was written as.
        Map.Entry<String, JsonNode> e = item.fields().next();
        out.add(e.getKey() + ": " + e.getValue().asText());
        continue;
      }
      if (!item.isValueNode()) {
        throw new InvalidParameterException(where, "item " + item + " is not a string (quote a command"
            + " holding ': ')");
      }
      out.add(item.asText());
    }
    return out;
  }

  private static Map<String, String> stringMap(String where, JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isObject()) {
      throw new InvalidParameterException(where, "must be a map of names to values");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      String v = scalar(e.getValue());
      out.put(e.getKey(), v == null ? "" : v);
    }
    return out;
  }

  private static String scalar(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    // Scalars are TextNodes of the text as written; a map or list given for a scalar reads as its JSON.
    return n.isValueNode() ? n.asText() : n.toString();
  }

  private static boolean supported(String path) {
    if (SUPPORTED.contains(path)) {
      return true;
    }
    String[] parts = path.split("/");
    for (String candidate : SUPPORTED) {
      String[] c = candidate.split("/");
      if (c.length != parts.length) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < c.length && match; i++) {
        match = c[i].equals("*") || c[i].equals(parts[i]);
      }
      if (match) {
        return true;
      }
    }
    return false;
  }

  /**
   * The value the parser stands on, as a tree; every map key's path (a/b/c) and first line go to
   * {@code lines} on the way (keys under a list item are left out: a map inside a command list is
   * reported by its list's path). Scalars keep the text as written ({@code version: 0.10} stays
   * "0.10", {@code discard-paths: yes} stays "yes").
   */
  private static JsonNode node(JsonParser p, JsonToken t, String path, Map<String, Integer> lines)
      throws IOException {
    switch (t) {
      case START_OBJECT: {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          String full = path == null ? null : path.isEmpty() ? name : path + "/" + name;
          if (full != null) {
            lines.putIfAbsent(full, p.currentTokenLocation().getLineNr());
          }
          o.set(name, node(p, p.nextToken(), full, lines));
        }
        return o;
      }
      case START_ARRAY: {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
          a.add(node(p, item, null, lines));
        }
        return a;
      }
      case VALUE_NULL:
        return NullNode.getInstance();
      default:
        return TextNode.valueOf(p.getText());
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.split("\\R", 2)[0];
  }
}
