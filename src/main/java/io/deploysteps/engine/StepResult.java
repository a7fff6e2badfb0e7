package io.deploysteps.engine;

import java.util.List;
import java.util.Map;

/** What a step gives back: a Map for Groovy and JSON, a short summary for people, an exit code. */
public interface StepResult {
  /** Plain values only (String, Number, Boolean, List, Map), so Groovy and Jackson take it as is. */
  Map<String, Object> toMap();

  /** Lines a person reads at the end of the step. */
  List<String> summary();

  /** {@link ExitCodes#OK}, or {@link ExitCodes#UNSTABLE} when the step passed with warnings. */
  default int exitCode() {
    return ExitCodes.OK;
  }
}
