package io.deploysteps.bluegreen;

import io.deploysteps.http.HttpProbe;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Params;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How a new container proves it is ready, one record per kind: an HTTP path answering an expected
 * status (and body text), the image's own Docker HEALTHCHECK, or a line in its log matching a regex
 * (seed 003). A new kind is one record here plus its attempt in {@link CandidateCheck}.
 */
public sealed interface HealthCheck permits HealthCheck.Http, HealthCheck.DockerHealth, HealthCheck.LogLine {
  /** Which kind of proof. */
  enum Kind { HTTP, DOCKER, LOG }

  Kind kind();

  /** {@code GET path} answering {@code status}, with {@code body} (null: any) in its body. */
  record Http(String path, int status, String body) implements HealthCheck {
    public Http {
      if (path == null || !path.startsWith("/")) {
        throw new InvalidParameterException("health.path", "must start with '/', got '" + path + "'");
      }
      if (status < 100 || status > 599) {
        throw new InvalidParameterException("health.status", "must be an HTTP status 100-599, got " + status);
      }
    }

    @Override
    public Kind kind() {
      return Kind.HTTP;
    }

    /** Whether an HTTP answer passes. */
    boolean accepts(HttpProbe.Answer answer) {
      return answer.status() == status && (body == null || answer.body().contains(body));
    }

    @Override
    public String toString() {
      return "GET " + path + " -> " + status + (body == null ? "" : " containing '" + body + "'");
    }
  }

  /** The image's own HEALTHCHECK, as Docker reports it. */
  record DockerHealth() implements HealthCheck {
    @Override
    public Kind kind() {
      return Kind.DOCKER;
    }

    @Override
    public String toString() {
      return "Docker HEALTHCHECK";
    }
  }

  /** A line of the container's log matching {@code pattern}. */
  record LogLine(Pattern pattern) implements HealthCheck {
    @Override
    public Kind kind() {
      return Kind.LOG;
    }

    @Override
    public String toString() {
      return "log line /" + pattern.pattern() + "/";
    }
  }

  static HealthCheck http(String path, int status, String body) {
    return new Http(path, status, body);
  }

  static HealthCheck docker() {
    return new DockerHealth();
  }

  static HealthCheck log(String regex) {
    try {
      return new LogLine(Pattern.compile(regex));
    } catch (PatternSyntaxException e) {
      throw new InvalidParameterException("health.log", "is not a valid regex: " + e.getDescription());
    }
  }

  /**
   * Reads {@code health}: a map ({@code path}/{@code status}/{@code body}, {@code docker: true} or
   * {@code log: REGEX}) or a string shorthand ({@code /health}, {@code docker}, {@code log:REGEX}).
   * Absent means {@code GET /} answering 200.
   */
  static HealthCheck fromParams(Params params) {
    Object raw = params.raw("health");
    if (raw == null || (raw instanceof CharSequence && raw.toString().isBlank())) {
      return http("/", 200, null);
    }
    if (!(raw instanceof Map)) {
      String s = raw.toString().strip();
      if (s.equals("docker")) {
        return docker();
      }
      if (s.startsWith("log:")) {
        return log(s.substring(4));
      }
      if (!s.startsWith("/")) {
        throw new InvalidParameterException("health.path", "must start with '/', got '" + s + "'");
      }
      return http(s, 200, null);
    }
    Params h = params.nested("health").requireOnly(java.util.List.of("path", "status", "body", "docker", "log"));
    int kinds = (h.has("path") ? 1 : 0) + (h.bool("docker", false) ? 1 : 0) + (h.has("log") ? 1 : 0);
    if (kinds > 1) {
      throw new InvalidParameterException("health", "give one of path, docker or log, not several");
    }
    if (h.bool("docker", false)) {
      return docker();
    }
    if (h.has("log")) {
      return log(h.string("log"));
    }
    return http(h.string("path", "/"), h.integer("status", 200), h.has("body") ? h.string("body") : null);
  }
}
