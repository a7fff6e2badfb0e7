package io.deploysteps.bluegreen;

import io.deploysteps.engine.InvalidParameterException;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one active {@code server ADDRESS [parameters];} line of an nginx {@code upstream NAME { ... }}
 * block (seed 004 keeps the other colour's line commented out beside it), found outside comments
 * and changed in place: only its address, and its {@code down} once traffic goes to it; its
 * parameters (max_fails, ...), the other lines and the comments stay byte for byte.
 */
final class UpstreamBlock {
  static final String PARAMETER = "proxy.upstreamFile";
  private static final Pattern SERVER = Pattern.compile("(?<![\\w$-])server\\s+([^\\s;]+)([^;]*);");
  private static final Pattern LOCAL = Pattern.compile("(?:127\\.0\\.0\\.1|localhost):(\\d{1,5})");
  private static final Pattern DOWN = Pattern.compile("\\s+down(?=\\s|$)");

  private final String text;
  private final String file;
  private final Matcher server;
  private final String code;

  private UpstreamBlock(String text, String file, String code, Matcher server) {
    this.text = text;
    this.file = file;
    this.code = code;
    this.server = server;
  }

  /** The block {@code name} of {@code text} (the content of {@code file}) and its one server line; exit 2 otherwise. */
  static UpstreamBlock find(String text, String file, String name) {
    String code = NginxIncludeSwitch.codeOnly(text);
    Matcher open = Pattern.compile("(?<![\\w-])upstream\\s+" + Pattern.quote(name) + "\\s*\\{").matcher(code);
    if (!open.find()) {
      throw new InvalidParameterException(PARAMETER, file + " has no 'upstream " + name + " { ... }' block");
    }
    int close = code.indexOf('}', open.end());
    if (close < 0) {
      throw new InvalidParameterException(PARAMETER, file + ": the 'upstream " + name + "' block has no closing '}'");
    }
    Matcher m = SERVER.matcher(code).region(open.end(), close);
    if (!m.find()) {
      throw new InvalidParameterException(PARAMETER, file + ": the 'upstream " + name + "' block has no active 'server ADDRESS;' line"
          + " (a commented-out one does not count): add one, e.g. 'server 127.0.0.1:3000 down;'");
    }
    int first = m.start();
    if (m.find()) {
      throw new InvalidParameterException(PARAMETER, file + ": the 'upstream " + name + "' block has more than one active server (lines "
          + lineOf(text, first) + " and " + lineOf(text, m.start()) + "): keep one, comment out the other colour's line");
    }
    m.find(first);
    return new UpstreamBlock(text, file, code, m);
  }

  /** The server's address as written. */
  String address() {
    return text.substring(server.start(1), server.end(1));
  }

  /** The port traffic goes to; empty while the server is marked {@code down} (nothing deployed yet). */
  OptionalInt livePort() {
    if (DOWN.matcher(code.substring(server.start(2), server.end(2))).find()) {
      return OptionalInt.empty();
    }
    Matcher l = LOCAL.matcher(address());
    if (!l.matches()) {
      throw new InvalidParameterException(PARAMETER, file + ": the active server is '" + address() + "', not 127.0.0.1:PORT: point it at"
          + " one of the deploy's ports (or mark it 'down' before the first deploy)");
    }
    return OptionalInt.of(Integer.parseInt(l.group(1)));
  }

  /** The server statement as written, {@code server ADDRESS ...;}. */
  String statement() {
    return text.substring(server.start(), server.end());
  }

  /** The whole text with the server statement replaced by {@code statement} (e.g. the one of a text before a switch). */
  String replacedBy(String statement) {
    return text.substring(0, server.start()) + statement + text.substring(server.end());
  }

  /** The whole text with the server's address set to {@code 127.0.0.1:port} and its {@code down} removed. */
  String pointedAt(int port) {
    StringBuilder out = new StringBuilder(text);
    Matcher down = DOWN.matcher(code).region(server.start(2), server.end(2));
    if (down.find()) {
      out.delete(down.start(), down.end());
    }
    out.replace(server.start(1), server.end(1), "127.0.0.1:" + port);
    return out.toString();
  }

  private static int lineOf(String text, int offset) {
    return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
  }
}
