package io.deploysteps.bluegreen;

import io.deploysteps.docker.Docker;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a service's traffic goes and how it moves: one class per proxy kind ({@link
 * NginxIncludeSwitch} today; an nginx upstream block and HAProxy's runtime API are coming). The
 * runner, the cutover and crash recovery know only this; the kind's own file, socket and commands
 * stay in its class, and so do the words messages use for them.
 */
public interface TrafficSwitch {
  /** The response header a site can add to name the upstream that answered (see {@link #portNamedBy}). */
  String UPSTREAM_HEADER = "X-Deploy-Steps-Upstream";

  /** What the messages call this switch as a subject: e.g. the include file's path. */
  String name();

  /** What the messages call the proxy itself: e.g. {@code nginx}. */
  String proxyName();

  /** The config the user fixes when it points elsewhere: e.g. {@code the include}. */
  String configName();

  /** Where traffic goes now; empty before the first deploy. A config this switch cannot read is refused (exit 2). */
  OptionalInt livePort();

  /**
   * What the switch would put back, opaque to callers: the saved state {@link #switchTo} returns and
   * {@link #restore} takes; null when traffic was never switched (the first deploy).
   */
  String current();

  /**
   * Points traffic at {@code port} and makes the proxy serve it; returns the state before (as {@link
   * #current}). On failure the state before is back and the exception says so. {@code afterWrite}
   * runs between the change and its activation (a crash test's kill point).
   */
  String switchTo(int port, Runnable afterWrite);

  /**
   * Puts {@code saved} back and activates it again, since an activation that failed may have
   * applied all the same (null: removes what the first switch made). Empty when that passed, else
   * what failed: the caller then proves through the public URL where traffic goes.
   */
  Optional<String> restore(String saved);

  /** Makes the proxy serve what its config says, after a crash between a change and its activation. */
  void reassert();

  /** The config holding {@code port} in the words of a message: e.g. {@code holds 'set $service_url ...;'}. */
  String holding(int port);

  /** Refuses (exit 2) a switch that cannot work on this host, before anything is read or locked. */
  void checkUsable();

  /**
   * Starts the reads a second check needs (they run beside the lock and the reconcile); the check
   * returned refuses (exit 2) before anything of the deploy has started.
   */
  Runnable startHostCheck(Docker docker);

  /** The file the deploy lock of {@code service} lives beside. */
  String lockFile(String service);

  /**
   * How many connections the proxy still has open to {@code port}, when it can tell: the drain may
   * end once none are left. Empty (the proxy cannot tell) keeps the full drain time.
   */
  default OptionalInt openConnections(int port) {
    return OptionalInt.empty();
  }

  /** The port a {@link #UPSTREAM_HEADER} value names (like {@code http://127.0.0.1:3000}); -1 when it names none. */
  default int portNamedBy(String upstream) {
    Matcher m = Pattern.compile(":(\\d+)(?:/|$)").matcher(upstream.strip());
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** What the user adds so a public answer names its upstream, for the warning when none does. */
  String upstreamHeaderHint();
}
