package io.deploysteps.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP GET, from wherever the containers are reachable on loopback. Locally Java's client;
 * in Jenkins the engine runs on the controller, so a probe that runs curl on the agent is needed.
 */
public interface HttpProbe {
  /** The answer, or an Answer with status -1 and the error as body when there was none. */
  Answer get(String url, Duration timeout);

  /** An HTTP status, the start of the body and the response headers. */
  final class Answer {
    private final int status;
    private final String body;
    private final Map<String, String> headers;

    public Answer(int status, String body) {
      this(status, body, Map.of());
    }

    /** {@code headers}: by name in any case (the last value of a repeated one). */
    public Answer(int status, String body, Map<String, String> headers) {
      this.status = status;
      this.body = body;
      Map<String, String> lower = new HashMap<>();
      headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
      this.headers = Map.copyOf(lower);
    }

    /** A response header's value, or null when the answer has none of that name. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    static Answer failed(String error) {
      return new Answer(-1, error);
    }

    /** The HTTP status, -1 when no answer came. */
    public int status() {
      return status;
    }

    public String body() {
      return body;
    }

    public boolean answered() {
      return status > 0;
    }

    @Override
    public String toString() {
      String oneLine = body.strip().replaceAll("\\s+", " ");
      String shown = oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine;
      return answered() ? "HTTP " + status + (shown.isEmpty() ? "" : " '" + shown + "'") : shown;
    }
  }
}
