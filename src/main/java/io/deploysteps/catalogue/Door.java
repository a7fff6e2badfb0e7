package io.deploysteps.catalogue;

/** Who takes a parameter: the engine's request, and the three doors into it. */
public enum Door {
  /** The request's {@code fromMap}: the Map API every door ends in. */
  ENGINE,
  /** {@code deploy-steps <step> --option}. */
  CLI,
  /** The shared library's {@code vars/<step>.groovy} default map and {@code vars/<step>.txt}. */
  LIBRARY,
  /** The plugin's Step: a {@code config.jelly} field with its {@code help-<key>.html}. */
  PLUGIN
}
