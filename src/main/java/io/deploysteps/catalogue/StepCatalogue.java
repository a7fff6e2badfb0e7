package io.deploysteps.catalogue;

import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Params;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every parameter of one step, declared once (e.g. {@code PruneRequest.CATALOGUE}); the request
 * reads its Map through {@link #read}, and the CLI options, {@code vars/<step>.groovy}'s default map,
 * {@code vars/<step>.txt} and the plugin's {@code help-<key>.html} are generated from it
 * ({@code scripts/gen-step-docs}; StepDocsTest fails while any of them disagrees).
 *
 * <p>How to add a parameter: add one {@link Parameter} line to the step's catalogue, read it in the
 * request's constructor, run {@code scripts/gen-step-docs}, give the plugin Step its getter/setter
 * and config.jelly field (or {@code only(...)} the doors that take it), and test what it does.
 * The API only ever grows: existing factories and withers keep their meaning.
 */
public final class StepCatalogue {
  private final String step;
  private final List<Parameter> parameters;

  private StepCatalogue(String step, List<Parameter> parameters) {
    this.step = step;
    this.parameters = List.copyOf(parameters);
    Set<String> seen = new HashSet<>();
    for (Parameter p : parameters) {
      if (!seen.add(p.key())) {
        throw new IllegalArgumentException(step + " declares '" + p.key() + "' twice");
      }
      if (p.nested() && !seen.contains(p.topKey())) {
        throw new IllegalArgumentException(step + ": '" + p.key() + "' comes after its map '" + p.topKey() + "'");
      }
    }
  }

  /** {@code step}: the name a Jenkinsfile calls ({@code pruneDocker}); the parameters in the order help lists them. */
  public static StepCatalogue of(String step, Parameter... parameters) {
    return new StepCatalogue(step, List.of(parameters));
  }

  /** This catalogue with {@code more} after its own parameters (a key set several steps share, e.g. the role keys). */
  public StepCatalogue and(List<Parameter> more) {
    List<Parameter> all = new java.util.ArrayList<>(parameters);
    all.addAll(more);
    return new StepCatalogue(step, all);
  }

  public String step() {
    return step;
  }

  public List<Parameter> parameters() {
    return parameters;
  }

  /** The parameters {@code door} takes, in order. */
  public List<Parameter> takenBy(Door door) {
    return parameters.stream().filter(p -> p.takenBy(door)).toList();
  }

  public Optional<Parameter> parameter(String key) {
    return parameters.stream().filter(p -> p.key().equals(key)).findFirst();
  }

  /** The keys the request's Map takes (no nested ones, no door-only ones), in order. */
  public List<String> keys() {
    return takenBy(Door.ENGINE).stream().filter(p -> !p.nested()).map(Parameter::key).toList();
  }

  /**
   * The step's Map, refused when it has a key the step does not take (a typo is an error, not a
   * silent default) or lacks a required one.
   */
  public Params read(Map<String, ?> map) {
    Params p = Params.of(map).requireOnly(keys());
    for (Parameter required : takenBy(Door.ENGINE)) {
      if (required.isRequired() && !required.nested() && !p.has(required.key())) {
        throw new InvalidParameterException(required.key(), "is required");
      }
    }
    return p;
  }
}
