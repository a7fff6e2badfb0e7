package io.deploysteps.bluegreen;

import io.deploysteps.docker.Docker;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Parallel;
import io.deploysteps.exec.CommandRunner;
import io.deploysteps.fs.HostFiles;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nginx include kind of {@link TrafficSwitch}: the one {@code set $service_url http://127.0.0.1:PORT;} line of an include
 * file, changed in place (every other line, comment and directive stays as the user wrote it) and
 * the file replaced atomically (a symlinked include: its target), checked with the test command
 * and put live with the reload command. A failing test puts the previous include back and reloads
 * nothing.
 */
public final class NginxIncludeSwitch extends NginxFileSwitch {
  private static final String PARAMETER = "proxy.includeFile";
  /** The statement, in text whose comments are blanked out; group 1 is its value. */
  private static final Pattern STATEMENT = Pattern.compile("(?<![\\w$])set\\s+\\$service_url(?![\\w])\\s*([^;]*);");

  private final String includeFile;
  private final ColourAddress address;

  public NginxIncludeSwitch(HostFiles files, CommandRunner runner, String includeFile, List<String> testCommand,
      List<String> reloadCommand) {
    this(files, runner, includeFile, testCommand, reloadCommand, ColourAddress.loopback(null));
  }

  /** {@code address}: how the include names a colour ({@code 127.0.0.1:PORT}, or {@code NAME-PORT:CONTAINERPORT}). */
  NginxIncludeSwitch(HostFiles files, CommandRunner runner, String includeFile, List<String> testCommand,
      List<String> reloadCommand, ColourAddress address) {
    super(files, runner, includeFile, testCommand, reloadCommand);
    this.includeFile = includeFile;
    this.address = address;
  }

  /** The include's exact content for {@code port}. */
  public static String content(int port) {
    return content(ColourAddress.loopback(null), port);
  }

  /** The include's exact content for the colour on {@code port}, named as {@code address} says. */
  static String content(ColourAddress address, int port) {
    return "set $service_url " + address.url(port) + ";\n";
  }

  @Override
  public String name() {
    return includeFile;
  }

  @Override
  public String configName() {
    return "the include";
  }

  @Override
  public String holding(int port) {
    return "holds '" + content(address, port).strip() + "'";
  }

  @Override
  public String upstreamHeaderHint() {
    return "add 'add_header " + UPSTREAM_HEADER + " $service_url always;' to the site"
        + " (as resources/io/deploysteps/nginx/blue-green-site.conf does)";
  }

  @Override
  public void checkUsable() {
    if (!files.isDirectory(files.parent(includeFile))) {
      throw new InvalidParameterException(PARAMETER, "the directory " + files.parent(includeFile) + " does not exist");
    }
  }

  /** nginx in a container with the include bind-mounted as a file never sees the rename: refused. */
  @Override
  public Runnable startHostCheck(Docker docker) {
    CompletableFuture<List<String>> fileMounts = Parallel.start("blueGreenDeploy-mounts",
        () -> docker.runningContainersMounting(includeFile));
    return () -> requireDirectoryMount(Parallel.join(fileMounts));
  }

  /** Refuses an include that a running container has bind-mounted as a single file (before anything started). */
  private void requireDirectoryMount(List<String> fileMounts) {
    if (!fileMounts.isEmpty()) {
      throw new InvalidParameterException(PARAMETER, includeFile + " is bind-mounted as a single file into running container "
          + String.join(", ", fileMounts) + ": that mount keeps the old file, so nginx there would never see the include this step"
          + " writes (a new file, renamed into place). Mount the include's directory " + includeFile.replaceFirst("/[^/]*$", "")
          + " instead (docker run -v DIR:DIR); nothing was changed");
    }
  }

  /**
   * The port traffic goes to according to the include; empty when there is no include yet. An
   * include without exactly one such line is refused before anything changes (exit 2).
   */
  @Override
  public OptionalInt livePort() {
    String text = current();
    if (text == null) {
      return OptionalInt.empty();
    }
    Matcher m = theStatement(text);
    OptionalInt port = address.portOfUrl(text.substring(m.start(1), m.end(1)).strip().replaceAll("^([\"'])(.*)\\1$", "$2"));
    if (port.isEmpty()) {
      throw new InvalidParameterException(PARAMETER, includeFile + " does not hold 'set $service_url http://" + address.pattern() + ";'"
          + " (it holds '" + text.substring(m.start(), m.end()).strip() + "'): fix it");
    }
    return port;
  }

  /** The header names the include's value: read it as the include is read. */
  @Override
  public int portNamedBy(String upstream) {
    OptionalInt port = address.portOfUrl(upstream);
    return port.isPresent() ? port.getAsInt() : address.isByName() ? -1 : super.portNamedBy(upstream);
  }

  /**
   * {@code text} with only the value of its one {@code set $service_url} statement changed to {@code port};
   * a new include holding that statement alone when there is none.
   */
  @Override
  String pointedAt(String text, int port) {
    if (text == null) {
      return content(address, port);
    }
    Matcher m = theStatement(text);
    int end = m.start(1) + text.substring(m.start(1), m.end(1)).stripTrailing().length();
    return text.substring(0, m.start(1)) + address.url(port) + text.substring(end);
  }

  /** The one {@code set $service_url ...;} statement outside comments, or a refusal naming what is there. */
  private Matcher theStatement(String text) {
    Matcher m = STATEMENT.matcher(codeOnly(text));
    if (!m.find()) {
      throw new InvalidParameterException(PARAMETER, includeFile + " does not hold 'set $service_url http://" + address.pattern() + ";'"
          + " (it holds '" + text.strip() + "'): add that line (other lines may stay)");
    }
    int first = m.start();
    if (m.find()) {
      throw new InvalidParameterException(PARAMETER, includeFile + " holds more than one 'set $service_url' line (lines "
          + lineOf(text, first) + " and " + lineOf(text, m.start()) + "): keep exactly one, so the switch knows which to change");
    }
    m.find(first);
    return m;
  }

  /**
   * {@code text} with comments ({@code #} to the end of the line, outside quotes) and the insides of
   * quoted strings blanked, offsets unchanged: where a statement may be found.
   */
  static String codeOnly(String text) {
    StringBuilder out = new StringBuilder(text);
    char quote = 0;
    boolean comment = false;
    for (int i = 0; i < out.length(); i++) {
      char c = out.charAt(i);
      if (c == '\n') {
        comment = false;
        quote = 0;
      } else if (comment) {
        out.setCharAt(i, ' ');
      } else if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          out.setCharAt(i, ' ');
          if (c == '\\' && i + 1 < out.length() && out.charAt(i + 1) != '\n') {
            out.setCharAt(++i, ' ');
          }
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#') {
        comment = true;
        out.setCharAt(i, ' ');
      }
    }
    return out.toString();
  }

  private static int lineOf(String text, int offset) {
    return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
  }
}
