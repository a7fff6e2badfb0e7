package io.deploysteps.catalogue;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.deploysteps.bluegreen.BlueGreenParameters;
import io.deploysteps.dbaudit.AuditParameters;
import io.deploysteps.ecr.BuildAndPushParameters;
import io.deploysteps.prune.PruneParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The shared library's default maps and help, and the plugin's fields and field help, say what the
 * catalogues say. {@code scripts/gen-step-docs} (this test with {@code -Dstep-docs.write=true})
 * rewrites the generated parts instead of failing.
 */
public class StepDocsTest {
  /** Every step's catalogue: a new step adds its own here. */
  static final List<StepCatalogue> CATALOGUES = List.of(BuildAndPushParameters.CATALOGUE,
      BlueGreenParameters.CATALOGUE, AuditParameters.CATALOGUE, PruneParameters.CATALOGUE,
      io.deploysteps.buildspec.RunBuildspecParameters.CATALOGUE,
      io.deploysteps.ecs.EcsParameters.CATALOGUE);

  private static final Path PROJECT = Path.of(System.getProperty("user.dir"));
  private static final boolean WRITE = Boolean.getBoolean("step-docs.write");

  @Test
  public void generatedFilesAgreeWithTheCatalogues() throws IOException {
    List<String> stale = new ArrayList<>();
    for (StepCatalogue catalogue : CATALOGUES) {
      for (Map.Entry<Path, String> file : new StepDocs(PROJECT, catalogue).files().entrySet()) {
        Path path = PROJECT.resolve(file.getKey());
        if (!Files.exists(path) || !Files.readString(path).equals(file.getValue())) {
          if (WRITE) {
            Files.writeString(path, file.getValue());
          } else {
            stale.add(file.getKey().toString());
          }
        }
      }
    }
    assertEquals("run scripts/gen-step-docs: these files disagree with the catalogues", List.of(), stale);
  }

  @Test
  public void thePluginHasAFieldAndAGetterForEachOfItsParametersAndNoHelpForOthers() throws IOException {
    for (StepCatalogue catalogue : CATALOGUES) {
      StepDocs docs = new StepDocs(PROJECT, catalogue);
      Set<String> keys = new TreeSet<>(Parameter.keysOf(docs.plugin()));
      String jelly = docs.read(docs.pluginDir().resolve("config.jelly"));
      Set<String> fields = new TreeSet<>();
      Matcher m = Pattern.compile("field=\"(\\w+)\"").matcher(jelly);
      while (m.find()) {
        fields.add(m.group(1));
      }
      assertEquals(catalogue.step() + ": config.jelly fields", keys, fields);
      Set<String> helped = new TreeSet<>();
      try (Stream<Path> files = Files.list(PROJECT.resolve(docs.pluginDir()))) {
        files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("help-"))
            .forEach(f -> helped.add(f.substring("help-".length(), f.length() - ".html".length())));
      }
      assertEquals(catalogue.step() + ": help-<key>.html files", keys, helped);
      String steps = pluginSources();
      for (String key : keys) {
        // A field's getter is what the form and the Snippet Generator read (set by a setter or the constructor).
        String getter = "get" + Character.toUpperCase(key.charAt(0)) + key.substring(1) + "()";
        assertTrue(catalogue.step() + ": the Step's " + getter, steps.contains(getter));
      }
    }
  }

  /**
   * A form field shows the engine's default, written in the catalogue only: a checkbox whose default
   * differs would save the other value into every job configured through the form, and a textbox
   * prefilled with another value would change what an untouched field means.
   */
  @Test
  public void thePluginFormShowsTheCataloguesDefaults() throws IOException {
    int checked = 0;
    for (StepCatalogue catalogue : CATALOGUES) {
      StepDocs docs = new StepDocs(PROJECT, catalogue);
      String jelly = docs.read(docs.pluginDir().resolve("config.jelly"));
      Matcher m = Pattern.compile("field=\"(\\w+)\"[^>]*>\\s*<f:(\\w+)([^>]*)/>").matcher(jelly);
      while (m.find()) {
        Parameter p = catalogue.parameter(m.group(1)).orElseThrow();
        boolean checkbox = m.group(2).equals("checkbox");
        Matcher d = Pattern.compile("default=\"([^\"]*)\"").matcher(m.group(3));
        // A blank textbox is left out of the step (the engine's default); an unticked checkbox is false.
        String shown = d.find() ? d.group(1) : checkbox ? "false" : null;
        if (shown != null) {
          Object engine = p.defaultValue() == null && checkbox ? Boolean.FALSE : p.defaultValue();
          assertEquals(catalogue.step() + "." + p.key() + ": the form's default", String.valueOf(engine), shown);
          checked++;
        }
      }
    }
    assertTrue("defaults checked: " + checked, checked > 15);
  }

  private static String pluginSources() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(PROJECT.resolve("plugin/src/main/java/io/deploysteps/jenkins"))) {
      for (Path f : files.toList()) {
        all.append(Files.readString(f));
      }
    }
    return all.toString();
  }
}
