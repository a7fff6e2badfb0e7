package io.deploysteps.bluegreen;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the proxy reaches a colour: at {@code 127.0.0.1:PORT} (network host, or the port published on
 * the host), or by name on a user network, {@code NAME-PORT:CONTAINERPORT}, as seed 003's nginx in a
 * container does ({@code proxy_pass http://$name-4000:3000}). Either form is read back, so a config
 * written in the other one (before the user changed {@code upstream}) still names its colour.
 *
 * @param service the service name (containers are NAME-PORT); null reads the loopback form only
 * @param containerPort the port the app listens on inside its container when reached by name; null: loopback
 */
record ColourAddress(String service, Integer containerPort) {
  private static final Pattern LOOPBACK = Pattern.compile("(?:127\\.0\\.0\\.1|localhost):(\\d{1,5})");
  private static final Pattern URL = Pattern.compile("https?://([^/;\\s$]+)(?:[/$][^;\\s]*)?");

  static ColourAddress loopback(String service) {
    return new ColourAddress(service, null);
  }

  static ColourAddress byName(String service, int containerPort) {
    return new ColourAddress(service, containerPort);
  }

  boolean isByName() {
    return containerPort != null;
  }

  /** {@code host:port} of the colour on {@code port}. */
  String of(int port) {
    return isByName() ? service + "-" + port + ":" + containerPort : "127.0.0.1:" + port;
  }

  /** The same as a URL, for {@code set $service_url}. */
  String url(int port) {
    return "http://" + of(port);
  }

  /** What a config holding the colour on port P looks like, for messages: {@code 127.0.0.1:PORT} or {@code NAME-PORT:3000}. */
  String pattern() {
    return isByName() ? service + "-PORT:" + containerPort : "127.0.0.1:PORT";
  }

  /** The colour's port a {@code host:port} names, in either form; empty when it names none. */
  OptionalInt portOf(String hostPort) {
    Matcher l = LOOPBACK.matcher(hostPort);
    if (l.matches()) {
      return OptionalInt.of(Integer.parseInt(l.group(1)));
    }
    if (service != null) {
      Matcher n = Pattern.compile(Pattern.quote(service) + "-(\\d{1,5}):\\d{1,5}").matcher(hostPort);
      if (n.matches()) {
        return OptionalInt.of(Integer.parseInt(n.group(1)));
      }
    }
    return OptionalInt.empty();
  }

  /** The colour's port an {@code http://host:port[/path]} URL names; empty when it names none. */
  OptionalInt portOfUrl(String url) {
    Matcher u = URL.matcher(url.strip());
    return u.matches() ? portOf(u.group(1)) : OptionalInt.empty();
  }
}
