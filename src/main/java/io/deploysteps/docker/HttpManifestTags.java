package io.deploysteps.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * {@link ManifestTags} from this JVM, for a docker on this machine: HTTP for a loopback registry
 * (docker treats 127.0.0.0/8 as insecure and speaks plain HTTP to it), HTTPS for any other, Basic
 * auth with the login docker used (ECR's and htpasswd registries' scheme). A token-auth registry
 * (Docker Hub, GHCR), a TLS setup only docker knows (its certs.d), or any unexpected answer is
 * declined, and the tag goes through docker. HttpURLConnection, as JavaHttpProbe: java.net.http is
 * slow to its first answer in a cold JVM.
 */
public final class HttpManifestTags implements ManifestTags {
  private static final String ACCEPT = String.join(", ",
      "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.oci.image.manifest.v1+json",
      "application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.oci.image.index.v1+json");
  /** The registry's own limit for a manifest. */
  private static final int MAX_MANIFEST = 4 * 1024 * 1024;
  private static final int CONNECT_MILLIS = 3000;
  private static final int READ_MILLIS = 30_000;

  @Override
  public boolean available() {
    return true;
  }

  @Override
  public void tag(String host, String repository, String digest, String tag, String user, String password)
      throws Declined {
    String base = (loopback(host) ? "http://" : "https://") + host + "/v2/" + repository + "/manifests/";
    String auth = user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
        (user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpURLConnection get = open(base + digest, "GET", auth);
    byte[] manifest;
    String type;
    try {
      int status = get.getResponseCode();
      refuse(status, 200, "GET of the manifest", get);
      type = get.getContentType();
      try (InputStream in = get.getInputStream()) {
        manifest = in.readNBytes(MAX_MANIFEST + 1);
      }
    } catch (IOException e) {
      throw new Declined("GET of the manifest: " + e.getClass().getSimpleName());
    } finally {
      get.disconnect();
    }
    if (manifest.length > MAX_MANIFEST || type == null || !ACCEPT.contains(type.split(";")[0].strip())) {
      throw new Declined("the registry answered no manifest (" + type + ")");
    }
    // The bytes are put back as they came: their digest must be the one docker pushed.
    if (!digest.equals(sha256(manifest))) {
      throw new Declined("the manifest the registry gave is not " + digest);
    }
    HttpURLConnection put = open(base + tag, "PUT", auth);
    try {
      put.setDoOutput(true);
      put.setRequestProperty("Content-Type", type);
      put.setFixedLengthStreamingMode(manifest.length);
      try (OutputStream out = put.getOutputStream()) {
        out.write(manifest);
      }
      refuse(put.getResponseCode(), 201, "PUT of the tag", put);
      String given = put.getHeaderField("Docker-Content-Digest");
      if (given != null && !given.equals(digest)) {
        throw new Declined("the registry gave the tag digest " + given + ", not " + digest);
      }
    } catch (IOException e) {
      throw new Declined("PUT of the tag: " + e.getClass().getSimpleName());
    } finally {
      put.disconnect();
    }
  }

  private static HttpURLConnection open(String url, String method, String auth) throws Declined {
    try {
      HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
      c.setRequestMethod(method);
      c.setConnectTimeout(CONNECT_MILLIS);
      c.setReadTimeout(READ_MILLIS);
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      c.setRequestProperty("Accept", ACCEPT);
      if (auth != null) {
        c.setRequestProperty("Authorization", auth);
      }
      return c;
    } catch (IOException | IllegalArgumentException e) {
      throw new Declined("cannot reach the registry API: " + e.getClass().getSimpleName());
    }
  }

  /** A status other than the expected one declines; 401 says which auth scheme was asked for. */
  private static void refuse(int status, int expected, String what, HttpURLConnection c) throws Declined {
    if (status == expected) {
      return;
    }
    String challenge = c.getHeaderField("WWW-Authenticate");
    String scheme = challenge == null ? "" : ", auth " + challenge.strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
    throw new Declined(what + " answered HTTP " + status + scheme);
  }

  /** Loopback as docker's default insecure range has it (127.0.0.0/8), and localhost. */
  static boolean loopback(String host) {
    String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.split(":")[0];
    return name.startsWith("127.") || name.equals("localhost") || name.equals("[::1]");
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
