package io.deploysteps.ecr;

import io.deploysteps.engine.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The registry HTTP API v2 as tests read it: tags of a repository, digest of a tag, delete. */
public final class RegistryApi {
  private static final String MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String authorization;

  public RegistryApi(String hostPort, String user, String password) {
    this.base = "http://" + hostPort + "/v2/";
    this.authorization = user == null ? null
        : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public List<String> tags(String repository) {
    HttpResponse<String> r = send(request(repository + "/tags/list").GET());
    List<String> tags = new ArrayList<>();
    if (r.statusCode() == 200) {
      Json.read(r.body()).path("tags").forEach(t -> tags.add(t.asText()));
    }
    return tags;
  }

  /** {@code Docker-Content-Digest} of the schema 2 manifest, or null when the tag is absent. */
  public String digest(String repository, String tag) {
    HttpResponse<String> r = send(request(repository + "/manifests/" + tag)
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", MANIFEST_V2));
    return r.statusCode() == 200 ? r.headers().firstValue("Docker-Content-Digest").orElse(null) : null;
  }

  /** Deletes every manifest of the repository (cleanup; the registry allows deletes). */
  public void deleteAll(String repository) {
    for (String tag : tags(repository)) {
      String digest = digest(repository, tag);
      if (digest != null) {
        send(request(repository + "/manifests/" + digest).DELETE());
      }
    }
  }

  boolean answers() {
    try {
      return http.send(request("").GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() < 500;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  private HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
