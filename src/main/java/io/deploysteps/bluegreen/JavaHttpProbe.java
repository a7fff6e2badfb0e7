package io.deploysteps.bluegreen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** {@link HttpProbe} with java.net.http from this JVM (the CLI runs on the Docker host). */
public final class JavaHttpProbe implements HttpProbe {
  private static final int MAX_BODY = 64 * 1024;

  @Override
  public Answer get(String url, Duration timeout) {
    // A client per probe, so no kept-alive connection is reused: one opened before an nginx reload
    // may still be served by an old worker with the old upstream, and "Connection: close" is a
    // header java.net.http refuses to set.
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    try {
      HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      byte[] b = r.body();
      int n = Math.min(b.length, MAX_BODY);
      return new Answer(r.statusCode(), new String(b, 0, n, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Answer.failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Answer.failed("interrupted");
    }
  }
}
