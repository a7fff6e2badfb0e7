package io.deploysteps.buildspec;

import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import io.deploysteps.log.StepLog;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code runtime-versions}: CodeBuild installs them; an agent has what it has. Each named runtime
 * is looked for on PATH at a matching major version, with a warning when it is missing or another.
 */
final class RuntimeVersions {
  /** Runtime name to the program and its version flag. */
  private static final Map<String, String[]> PROGRAMS = Map.of(
      "java", new String[] {"java", "-version"}, "corretto", new String[] {"java", "-version"},
      "nodejs", new String[] {"node", "--version"}, "python", new String[] {"python3", "--version"},
      "golang", new String[] {"go", "version"}, "ruby", new String[] {"ruby", "--version"},
      "php", new String[] {"php", "--version"}, "dotnet", new String[] {"dotnet", "--version"});
  private static final Pattern NUMBER = Pattern.compile("(\\d+)(?:\\.(\\d+))?");

  private RuntimeVersions() {}

  static void check(Buildspec spec, CommandRunner runner, StepLog log) {
    for (Phase p : spec.phases()) {
      p.runtimeVersions().forEach((runtime, wanted) -> check(runtime, wanted, runner, log));
    }
  }

  private static void check(String runtime, String wanted, CommandRunner runner, StepLog log) {
    String[] program = PROGRAMS.get(runtime);
    if (program == null) {
      log.warn("runtime-versions: " + runtime + " " + wanted + " is not a runtime this runner can check");
      return;
    }
    CommandResult r;
    try {
      r = runner.run(Command.of(program).build());
    } catch (RuntimeException e) {
      log.warn("runtime-versions: " + runtime + " " + wanted + " wanted, but " + program[0] + " is not on PATH");
      return;
    }
    String text = r.stdout() + r.stderr();
    String found = major(runtime, text);
    String want = wanted.strip().replace(".x", "");
    if (want.equals("latest") || found != null && (want.equals(found) || want.startsWith(found + "."))) {
      log.info("runtime-versions: %s %s found (%s)", runtime, wanted, text.strip().split("\\R")[0]);
    } else {
      log.warn("runtime-versions: " + runtime + " " + wanted + " wanted, " + program[0] + " on PATH is "
          + (found == null ? "of unknown version" : "major " + found) + " (" + text.strip().split("\\R")[0] + ")");
    }
  }

  /** The major version in a --version text ("openjdk version \"17.0.9\"", "v18.19.0", "Python 3.11.2"). */
  static String major(String runtime, String text) {
    Matcher m = NUMBER.matcher(text.replaceFirst("^[^0-9]*", ""));
    if (!m.find()) {
      return null;
    }
    // Java 8 says "1.8.0_392"; Python and Go keep their minor in the version a buildspec names (3.11, 1.21).
    if (m.group(1).equals("1") && m.group(2) != null && (runtime.equals("java") || runtime.equals("corretto"))) {
      return m.group(2);
    }
    if ((runtime.equals("python") || runtime.equals("golang")) && m.group(2) != null) {
      return m.group(1) + "." + m.group(2);
    }
    return m.group(1);
  }
}
