package io.deploysteps.http;

import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandException;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.exec.CommandRunner;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link HttpProbe} that runs {@code curl} through the CommandRunner, so the GET starts on the
 * machine the commands run on (the Jenkins agent that is the Docker host).
 */
public final class CurlHttpProbe implements HttpProbe {
  /**
   * Printed after the body by {@code --write-out}. It must not start with {@code @}: curl reads a
   * format starting with {@code @} from the file it names, and then prints no status at all.
   */
  static final String STATUS_MARK = "\ndeploy-steps-http-code=";
  private static final Pattern HEADERS_END = Pattern.compile("\r?\n\r?\n");
  private final CommandRunner runner;
  private final String curl;

  public CurlHttpProbe(CommandRunner runner, String curl) {
    this.runner = runner;
    this.curl = curl;
  }

  @Override
  public Answer get(String url, Duration timeout) {
    double seconds = Math.max(0.1, timeout.toMillis() / 1000.0);
    Command c = Command.of(curl, "--silent", "--show-error", "--max-time", String.format(java.util.Locale.ROOT, "%.1f", seconds),
            "--output", "-", "--dump-header", "-", "--write-out", STATUS_MARK + "%{http_code}", url)
        .timeout(timeout.plusSeconds(5)).build();
    CommandResult r;
    try {
      r = runner.run(c);
    } catch (CommandException e) {
      return Answer.failed(e.getMessage());
    }
    return parse(r);
  }

  static Answer parse(CommandResult r) {
    String out = r.stdout();
    int mark = out.lastIndexOf(STATUS_MARK);
    if (!r.ok() || mark < 0) {
      return Answer.failed(r.lastErrorLine());
    }
    int status;
    try {
      status = Integer.parseInt(out.substring(mark + STATUS_MARK.length()).strip());
    } catch (NumberFormatException e) {
      return Answer.failed("curl printed no status");
    }
    if (status == 0) {
      return Answer.failed(r.lastErrorLine());
    }
    // --dump-header - puts the header block (status line, headers, blank line) before the body.
    String all = out.substring(0, mark);
    Matcher end = HEADERS_END.matcher(all);
    if (!all.startsWith("HTTP/") || !end.find()) {
      return new Answer(status, all);
    }
    Map<String, String> headers = new HashMap<>();
    for (String line : all.substring(0, end.start()).split("\\r?\\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("HTTP/")) {
        headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
    }
    return new Answer(status, all.substring(end.end()), headers);
  }
}
