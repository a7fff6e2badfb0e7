package io.deploysteps.cli;

import io.deploysteps.catalogue.Door;
import io.deploysteps.catalogue.Parameter;
import io.deploysteps.catalogue.ParameterType;
import io.deploysteps.catalogue.StepCatalogue;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Makes a step subcommand's options from its catalogue, so an option cannot disagree with the Map
 * key, type or default it stands for, and every step's {@code --help} has one layout: the help line,
 * then the type and the default (or "required").
 */
public final class CatalogueOptions implements IModelTransformer {
  @Override
  public CommandSpec transform(CommandSpec spec) {
    StepCatalogue catalogue = ((StepCommand) spec.userObject()).catalogue();
    if (catalogue == null) {
      return spec;
    }
    spec.usageMessage().sortOptions(false).abbreviateSynopsis(true);
    // The step's own options first, then how to run the CLI (--params-file, --json, --help...).
    List<OptionSpec> running = new ArrayList<>(spec.options());
    running.forEach(spec::remove);
    for (Parameter p : catalogue.takenBy(Door.CLI)) {
      spec.addOption(optionOf(p));
    }
    running.forEach(spec::addOption);
    return spec;
  }

  static OptionSpec optionOf(Parameter p) {
    OptionSpec.Builder o = OptionSpec.builder(p.option()).paramLabel(p.label()).type(p.type().cliType())
        .description(description(p));
    if (p.type() == ParameterType.FLAG) {
      if (p.isNegatable()) {
        o.negatable(true);
      } else {
        // true/false become a Boolean; any other word (--keep-previous=running) goes to the request,
        // which takes it or refuses it naming the parameter (exit 2).
        o.arity("0..1").fallbackValue("true")
            .converters(v -> v.equalsIgnoreCase("true") ? Boolean.TRUE : v.equalsIgnoreCase("false") ? Boolean.FALSE : v);
      }
    } else if (p.type() == ParameterType.LIST) {
      o.auxiliaryTypes(String.class);
    } else if (p.type() == ParameterType.MAP) {
      o.auxiliaryTypes(String.class, String.class);
    }
    if (p.split() != null) {
      o.splitRegex(p.split());
    }
    return o.build();
  }

  /** The two lines every option shows: what it does; its type and default. picocli formats them, hence %%. */
  static String[] description(Parameter p) {
    String kind = p.type().word() + (p.isRequired() ? "; required"
        : p.shownDefault() == null ? "" : "; default: " + p.shownDefault());
    List<String> lines = new ArrayList<>(List.of(p.plainHelp(), "(" + kind + ")"));
    return lines.stream().map(l -> l.replace("%", "%%")).toArray(String[]::new);
  }
}
