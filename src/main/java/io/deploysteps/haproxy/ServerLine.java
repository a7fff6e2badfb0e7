package io.deploysteps.haproxy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code server NAME ADDRESS ...} line of one backend in an HAProxy config file, found and
 * changed in place: only its address (and a {@code disabled} keyword, once traffic goes to it)
 * changes; every other line, parameter and comment stays byte for byte.
 */
public final class ServerLine {
  /** The keywords that open a section (configuration.txt, section 2). */
  private static final Set<String> SECTIONS = Set.of("global", "defaults", "frontend", "backend", "listen", "peers", "resolvers",
      "userlist", "mailers", "program", "http-errors", "ring", "cache", "crt-store", "traces", "log-forward", "fcgi-app");
  private static final Pattern WORD = Pattern.compile("\\S+");

  private final String text;
  private final int start;
  private final int end;
  private final String address;

  private ServerLine(String text, int start, int end, String address) {
    this.text = text;
    this.start = start;
    this.end = end;
    this.address = address;
  }

  /**
   * The one server line of {@code server} in backend (or listen section) {@code backend}; empty when
   * there is none; {@link IllegalArgumentException} (with the line numbers) when there are several.
   */
  public static Optional<ServerLine> find(String text, String backend, String server) {
    boolean inBackend = false;
    ServerLine found = null;
    int lineNo = 0;
    int firstLine = 0;
    for (int pos = 0; pos < text.length(); ) {
      int nl = text.indexOf('\n', pos);
      int lineEnd = nl < 0 ? text.length() : nl;
      lineNo++;
      String code = codeOf(text.substring(pos, lineEnd));
      List<Matcher> words = words(code);
      if (!words.isEmpty()) {
        String first = words.get(0).group();
        if (SECTIONS.contains(first)) {
          inBackend = (first.equals("backend") || first.equals("listen")) && words.size() > 1 && words.get(1).group().equals(backend);
        } else if (inBackend && first.equals("server") && words.size() > 2 && words.get(1).group().equals(server)) {
          if (found != null) {
            throw new IllegalArgumentException("holds more than one 'server " + server + "' line in backend '" + backend + "' (lines "
                + firstLine + " and " + lineNo + "): keep exactly one");
          }
          Matcher a = words.get(2);
          found = new ServerLine(text, pos + a.start(), pos + a.end(), a.group());
          firstLine = lineNo;
        }
      }
      pos = lineEnd + 1;
    }
    return Optional.ofNullable(found);
  }

  /** The address as written, e.g. {@code 127.0.0.1:3000}. */
  public String address() {
    return address;
  }

  /** The port of a {@code 127.0.0.1:PORT} (or {@code localhost:PORT}) address; -1 for any other. */
  public int localPort() {
    Matcher m = Pattern.compile("(?:127\\.0\\.0\\.1|localhost):(\\d{1,5})").matcher(address);
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** This server's whole line as written, without its line break. */
  public String line() {
    return text.substring(lineStart(), lineEnd());
  }

  /** The whole text with this server's line replaced by {@code line} (e.g. the line as it was before a switch). */
  public String replacedBy(String line) {
    return text.substring(0, lineStart()) + line + text.substring(lineEnd());
  }

  private int lineStart() {
    return text.lastIndexOf('\n', start) + 1;
  }

  private int lineEnd() {
    int nl = text.indexOf('\n', end);
    return nl < 0 ? text.length() : nl;
  }

  /** The whole text with this line's address set to {@code 127.0.0.1:port} and a {@code disabled} keyword of it removed. */
  public String pointedAt(int port) {
    int lineEnd = lineEnd();
    String rest = text.substring(end, lineEnd);
    int comment = commentStart(rest);
    String params = comment < 0 ? rest : rest.substring(0, comment);
    String tail = comment < 0 ? "" : rest.substring(comment);
    params = params.replaceFirst("(\\s+)disabled(?=\\s|$)", "");
    return text.substring(0, start) + "127.0.0.1:" + port + params + tail + text.substring(lineEnd);
  }

  private static List<Matcher> words(String code) {
    Matcher m = WORD.matcher(code);
    List<Matcher> out = new java.util.ArrayList<>();
    while (m.find()) {
      Matcher one = WORD.matcher(code);
      one.find(m.start());
      out.add(one);
    }
    return out;
  }

  /** The line without its comment ({@code #} outside quotes), offsets kept. */
  private static String codeOf(String line) {
    int c = commentStart(line);
    return c < 0 ? line : line.substring(0, c);
  }

  private static int commentStart(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '\\') {
        i++;
      } else if (c == '#') {
        return i;
      }
    }
    return -1;
  }
}
