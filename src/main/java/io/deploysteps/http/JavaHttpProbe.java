package io.deploysteps.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link HttpProbe} from this JVM (the CLI runs on the Docker host), with the JDK's
 * HttpURLConnection: java.net.http took about a second to its first answer in a cold CLI on a busy
 * machine, against a tenth of that here, and the health gate is on the deploy's critical path.
 */
public final class JavaHttpProbe implements HttpProbe {
  private static final int MAX_BODY = 64 * 1024;

  @Override
  public Answer get(String url, Duration timeout) {
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) new URL(url).openConnection();
      int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      c.setConnectTimeout(millis);
      c.setReadTimeout(millis);
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      byte[] body = in == null ? new byte[0] : in.readNBytes(MAX_BODY);
      Map<String, String> headers = new HashMap<>();
      c.getHeaderFields().forEach((k, v) -> {
        if (k != null && !v.isEmpty()) {
          headers.put(k, v.get(v.size() - 1));
        }
      });
      return new Answer(status, new String(body, StandardCharsets.UTF_8), headers);
    } catch (IOException | IllegalArgumentException e) {
      return Answer.failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } finally {
      if (c != null) {
        // Closes the socket instead of keeping it alive: a connection opened before an nginx reload
        // may still be served by an old worker with the old upstream.
        c.disconnect();
      }
    }
  }
}
