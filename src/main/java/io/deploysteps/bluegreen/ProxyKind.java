package io.deploysteps.bluegreen;

import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Params;
import io.deploysteps.haproxy.RuntimeApi;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which traffic switch the {@code proxy} parameter asks for, validated: the nginx include
 * ({@code includeFile}), an nginx upstream block ({@code upstreamFile} + {@code upstream}), or
 * HAProxy's runtime API ({@code haproxy: [socket:, backend:, server:, configFile:]}).
 */
sealed interface ProxyKind {
  /** The keys of the proxy map. */
  List<String> KEYS = List.of("includeFile", "upstreamFile", "upstream", "testCommand", "reloadCommand", "haproxy");
  List<String> HAPROXY_KEYS = List.of("socket", "backend", "server", "configFile");
  /** HAProxy's proxy and server names (letters, digits, '-', '_', '.', ':'). */
  Pattern HAPROXY_NAME = Pattern.compile("[A-Za-z0-9_.:-]+");
  Pattern UPSTREAM_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  record Include(String includeFile, List<String> testCommand, List<String> reloadCommand) implements ProxyKind {}

  record Upstream(String upstreamFile, String upstream, List<String> testCommand, List<String> reloadCommand) implements ProxyKind {}

  /** {@code configFile} null: HAProxy's config file is left alone. */
  record Haproxy(String socket, String backend, String server, String configFile) implements ProxyKind {}

  /** The kind the blueGreenDeploy parameter {@code proxy} names (a string: the include's path). */
  static ProxyKind parse(Params p) {
    Params proxy = (p.raw("proxy") instanceof CharSequence
        ? Params.of(Map.of("includeFile", p.raw("proxy").toString()))
        : p.nested("proxy")).requireOnly(KEYS);
    List<String> given = new ArrayList<>();
    for (String k : List.of("includeFile", "upstreamFile", "haproxy")) {
      if (proxy.has(k)) {
        given.add(k);
      }
    }
    if (given.size() > 1) {
      throw new InvalidParameterException("proxy." + given.get(1), "names a second traffic switch beside proxy." + given.get(0)
          + ": give one of includeFile, upstreamFile (+ upstream) or haproxy");
    }
    if (proxy.has("haproxy")) {
      for (String k : List.of("upstream", "testCommand", "reloadCommand")) {
        if (proxy.has(k)) {
          throw new InvalidParameterException("proxy." + k, "does not apply to proxy.haproxy (the runtime API needs no test or reload)");
        }
      }
      return haproxy(proxy.nested("haproxy").requireOnly(HAPROXY_KEYS));
    }
    List<String> test = argv("proxy.testCommand", proxy.raw("testCommand"), List.of("nginx", "-t"));
    List<String> reload = argv("proxy.reloadCommand", proxy.raw("reloadCommand"), List.of("nginx", "-s", "reload"));
    if (proxy.has("upstreamFile")) {
      if (!proxy.has("upstream")) {
        throw new InvalidParameterException("proxy.upstream", "is required with proxy.upstreamFile (the NAME of 'upstream NAME { ... }')");
      }
      String name = proxy.string("upstream");
      if (!UPSTREAM_NAME.matcher(name).matches()) {
        throw new InvalidParameterException("proxy.upstream", "'" + name + "' is not an nginx upstream name (letters, digits, _ . -)");
      }
      return new Upstream(proxy.string("upstreamFile"), name, test, reload);
    }
    if (proxy.has("upstream")) {
      throw new InvalidParameterException("proxy.upstream", "applies with proxy.upstreamFile only (the file holding the block)");
    }
    if (!proxy.has("includeFile")) {
      throw new InvalidParameterException("proxy.includeFile", "is required (the nginx include holding 'set $service_url ...;')");
    }
    return new Include(proxy.string("includeFile"), test, reload);
  }

  private static Haproxy haproxy(Params h) {
    for (String k : List.of("socket", "backend", "server")) {
      if (!h.has(k)) {
        throw new InvalidParameterException("proxy.haproxy." + k, "is required (proxy: [haproxy: [socket: '/run/haproxy/admin.sock',"
            + " backend: 'app', server: 'live']])");
      }
    }
    String socket = h.string("socket");
    if (!RuntimeApi.isSocketPath(socket)) {
      throw new InvalidParameterException("proxy.haproxy.socket", "'" + socket + "' must be an absolute path of letters, digits and"
          + " _ . / @ + - (socat reads other characters as options)");
    }
    for (String k : List.of("backend", "server")) {
      if (!HAPROXY_NAME.matcher(h.string(k)).matches()) {
        throw new InvalidParameterException("proxy.haproxy." + k, "'" + h.string(k) + "' is not an HAProxy name (letters, digits, _ . : -)");
      }
    }
    return new Haproxy(socket, h.string("backend"), h.string("server"), h.string("configFile", null));
  }

  /** An argv list: a List as is, a String split on whitespace (never through a shell). */
  private static List<String> argv(String name, Object raw, List<String> fallback) {
    if (raw == null) {
      return fallback;
    }
    List<String> out = new ArrayList<>();
    if (raw instanceof Collection) {
      for (Object o : (Collection<?>) raw) {
        out.add(String.valueOf(o));
      }
    } else {
      for (String s : raw.toString().strip().split("\\s+")) {
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
    }
    if (out.isEmpty() || out.get(0).isBlank()) {
      throw new InvalidParameterException(name, "must name a program (an argv list like ['nginx', '-t'])");
    }
    return List.copyOf(out);
  }
}
