package io.deploysteps.haproxy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The streams HAProxy still has open to one address of a server, read from {@code show sess all}:
 * after {@code set server B/S addr} the server entry names the new colour, but a stream that
 * started before keeps its connection to the old one, and its dump says where that connection goes
 * ({@code server=live (id=1) addr=127.0.0.1:31341}). Idle pooled connections to the old address
 * carry no request (HAProxy 2.6 sends none of the new ones there: seen here), so they are not counted.
 */
public final class OpenStreams {
  /** A stream's first line: {@code 0x55748baab510: [02/Dec/2026:00:32:10.854514] id=36 proto=tcpv4 ...}. */
  private static final Pattern STREAM = Pattern.compile("^0x[0-9a-f]+: \\[.*");
  private static final Pattern BACKEND = Pattern.compile("^\\s+backend=(\\S+) \\(");
  private static final Pattern SERVER = Pattern.compile("^\\s+server=(\\S+) \\(id=-?\\d+\\)(?: addr=(\\S+))?");

  private OpenStreams() {}

  /**
   * How many streams of {@code backend} have a connection of {@code server} to {@code address}
   * (like {@code 127.0.0.1:31341}) in {@code answer}; {@link IllegalArgumentException} when the
   * answer is not a stream dump (another HAProxy version's format, or an error text).
   */
  public static int to(String answer, String backend, String server, String address) {
    int count = 0;
    int streams = 0;
    String be = null;
    for (String line : answer.split("\\R")) {
      if (STREAM.matcher(line).matches()) {
        streams++;
        be = null;
        continue;
      }
      Matcher b = BACKEND.matcher(line);
      if (b.find()) {
        be = b.group(1);
        continue;
      }
      Matcher s = SERVER.matcher(line);
      if (s.find() && backend.equals(be) && server.equals(s.group(1)) && address.equals(s.group(2))) {
        count++;
      }
    }
    // The dump always holds the CLI's own stream (the one asking): none at all is another format.
    if (streams == 0) {
      String t = answer.strip().replaceAll("\\s*\\R\\s*", " | ");
      throw new IllegalArgumentException("is not a stream dump: " + (t.length() > 200 ? t.substring(0, 200) + "..." : t));
    }
    return count;
  }
}
