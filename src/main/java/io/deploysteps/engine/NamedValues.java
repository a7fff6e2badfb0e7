package io.deploysteps.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Container env values and build args that reach the step by the NAME of one of its environment
 * variables instead of a parameter: {@code DEPLOY_STEPS_ENV_<KEY>} is container variable KEY and
 * {@code DEPLOY_STEPS_BUILD_ARG_<KEY>} build arg KEY. The shared library binds secrets there
 * ({@code secretEnv: [KEY: 'credentialsId']} through withCredentials) and moves every {@code env} and
 * {@code buildArgs} value there, so its params file holds no value; the plugin's steps see the
 * variables withCredentials binds the same way. They win over a parameter of the same key.
 */
public final class NamedValues {
  public static final String ENV_PREFIX = "DEPLOY_STEPS_ENV_";
  public static final String BUILD_ARG_PREFIX = "DEPLOY_STEPS_BUILD_ARG_";
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private NamedValues() {}

  /** KEY to value for every variable {@code prefix + KEY} of {@code env}, in key order. */
  public static Map<String, String> of(Map<String, String> env, String prefix) {
    Map<String, String> out = new TreeMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith(prefix) && KEY.matcher(name.substring(prefix.length())).matches() && value != null) {
        out.put(name.substring(prefix.length()), value);
      }
    });
    return out;
  }

  /** {@code given} overlaid with the named values. */
  public static Map<String, String> overlay(Map<String, String> given, Map<String, String> env, String prefix) {
    Map<String, String> out = new LinkedHashMap<>(given);
    out.putAll(of(env, prefix));
    return out;
  }
}
