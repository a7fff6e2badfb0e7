package io.deploysteps.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.engine.Json;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * One AWS service spoken in its awsJson1_1 protocol ({@code POST /}, {@code X-Amz-Target}), signed
 * with the SDK's SigV4 signer. Documents pass through as JSON trees, so a field AWS adds to a task
 * definition tomorrow survives a describe-and-register round trip (typed SDK models drop what they
 * do not know). Throttling and server errors are retried here, with backoff; every other failure
 * becomes one {@link AwsJsonFailure} line.
 */
public final class AwsJsonService {
  private static final Set<String> THROTTLING = Set.of("ThrottlingException", "Throttling", "ThrottledException",
      "TooManyRequestsException", "RequestLimitExceeded", "ProvisionedThroughputExceededException");
  private static final int ATTEMPTS = 5;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

  private final String title;
  private final String signingName;
  private final String targetPrefix;
  private final URI endpoint;
  private final String region;
  private final AwsCredentialsProvider credentials;
  private final SdkHttpClient http;
  private final TimeSource time;
  private final StepLog log;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  /**
   * {@code title}: how messages name the service ({@code ECS}); {@code signingName}: SigV4's
   * ({@code ecs}); {@code targetPrefix}: the X-Amz-Target before the operation
   * ({@code AmazonEC2ContainerServiceV20141113}).
   */
  public AwsJsonService(String title, String signingName, String targetPrefix, URI endpoint, String region,
      AwsCredentialsProvider credentials, SdkHttpClient http, TimeSource time, StepLog log) {
    this.title = title;
    this.signingName = signingName;
    this.targetPrefix = targetPrefix;
    this.endpoint = endpoint;
    this.region = region;
    this.credentials = credentials;
    this.http = http;
    this.time = time;
    this.log = log;
  }

  /** The service's public endpoint in {@code region} ({@code https://ecs.eu-west-3.amazonaws.com}). */
  public static URI publicEndpoint(String host, String region) {
    return URI.create("https://" + host + "." + region + ".amazonaws.com" + (region.startsWith("cn-") ? ".cn" : ""));
  }

  /** Calls {@code operation} with {@code body} (a Map or JsonNode) and returns the answer's document. */
  public JsonNode call(String operation, Object body) {
    String json = Json.write(body);
    for (int attempt = 1; ; attempt++) {
      Answer a;
      try {
        a = send(operation, json);
      } catch (IOException | SdkException e) {
        if (attempt >= ATTEMPTS) {
          throw new AwsJsonFailure(title + " " + operation, null, 0, firstLine(e));
        }
        backOff(operation, attempt, firstLine(e));
        continue;
      }
      if (a.status / 100 == 2) {
        return a.body.isBlank() ? Json.read("{}") : Json.read(a.body);
      }
      JsonNode error = readError(a.body);
      String code = errorCode(error);
      String message = error.path("message").asText(error.path("Message").asText(null));
      boolean retryable = a.status >= 500 || THROTTLING.contains(code);
      if (!retryable || attempt >= ATTEMPTS) {
        throw new AwsJsonFailure(title + " " + operation, code, a.status, message);
      }
      backOff(operation, attempt, code == null ? "HTTP " + a.status : code);
    }
  }

  private void backOff(String operation, int attempt, String why) {
    Duration wait = FIRST_BACKOFF.multipliedBy(1L << (attempt - 1));
    log.info(String.format(Locale.ROOT, "%s %s answered %s: retry %d of %d in %.1f s", title, operation, why, attempt,
        ATTEMPTS - 1, wait.toMillis() / 1000.0));
    try {
      time.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AwsJsonFailure(title + " " + operation, null, 0, "interrupted");
    }
  }

  private Answer send(String operation, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    SdkHttpFullRequest request = SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(endpoint.resolve("/"))
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .putHeader("X-Amz-Target", targetPrefix + "." + operation)
        .putHeader("Content-Length", Integer.toString(bytes.length))
        .build();
    SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
        .request(request)
        .payload(ContentStreamProvider.fromByteArrayUnsafe(bytes))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
        .request(signed.request())
        .contentStreamProvider(signed.payload().orElse(null))
        .build()).call();
    String body = "";
    if (response.responseBody().isPresent()) {
      try (InputStream in = response.responseBody().get()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    return new Answer(response.httpResponse().statusCode(), body);
  }

  private static JsonNode readError(String body) {
    try {
      return body.isBlank() ? Json.read("{}") : Json.read(body);
    } catch (IllegalStateException e) { // an HTML error page from a proxy, say
      return Json.read("{}");
    }
  }

  /** {@code __type} is {@code AccessDeniedException} or {@code com.amazonaws.ecs#AccessDeniedException}. */
  private static String errorCode(JsonNode error) {
    String type = error.path("__type").asText(null);
    if (type == null) {
      return null;
    }
    int hash = type.lastIndexOf('#');
    String code = hash >= 0 ? type.substring(hash + 1) : type;
    int colon = code.indexOf(':');
    return colon >= 0 ? code.substring(0, colon) : code;
  }

  private static String firstLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.split("\\R")[0];
  }

  private static final class Answer {
    final int status;
    final String body;

    Answer(int status, String body) {
      this.status = status;
      this.body = body;
    }
  }
}
