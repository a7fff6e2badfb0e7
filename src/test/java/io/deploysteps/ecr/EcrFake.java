package io.deploysteps.ecr;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.deploysteps.engine.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * ECR and STS faked at the HTTP level with WireMock: ECR speaks JSON 1.1 ({@code X-Amz-Target}
 * header), STS the Query protocol (form body, XML answer), as SDK 2.51 sends them.
 */
public final class EcrFake {
  static final String TARGET = "AmazonEC2ContainerRegistry_V20150921.";
  public static final String ACCOUNT = "123456789012";

  final WireMockServer server;

  public EcrFake() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  }

  /** On a fixed port (a test's own port range). */
  public EcrFake(int port) {
    server = new WireMockServer(options().bindAddress("127.0.0.1").port(port));
  }

  public EcrFake start() {
    server.start();
    return this;
  }

  public void stop() {
    server.stop();
  }

  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  void callerIdentity() {
    server.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<GetCallerIdentityResult><Arn>arn:aws:iam::" + ACCOUNT + ":user/ci</Arn>"
                + "<UserId>AIDAEXAMPLEUSERID</UserId><Account>" + ACCOUNT + "</Account></GetCallerIdentityResult>"
                + "<ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>"
                + "</GetCallerIdentityResponse>")));
  }

  void ecr(String operation, int status, String body) {
    server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + operation))
        .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody(body)));
  }

  void error(String operation, String type, String message) {
    ecr(operation, 400, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
  }

  void repositoryMissing() {
    error("DescribeRepositories", "RepositoryNotFoundException",
        "The repository with name 'x' does not exist in the registry with id '" + ACCOUNT + "'");
  }

  void repositoryCreated(String name, String region) {
    ecr("CreateRepository", 200, "{\"repository\":{\"repositoryArn\":\"arn:aws:ecr:" + region + ":" + ACCOUNT
        + ":repository/" + name + "\",\"registryId\":\"" + ACCOUNT + "\",\"repositoryName\":\"" + name
        + "\",\"repositoryUri\":\"" + ACCOUNT + ".dkr.ecr." + region + ".amazonaws.com/" + name
        + "\",\"createdAt\":1763856000.0,\"imageTagMutability\":\"MUTABLE\"}}");
  }

  /** A token that decodes to {@code AWS:<password>}, for the registry at {@code proxyEndpoint}. */
  public static String token(String password) {
    return Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8));
  }

  public void authorizationToken(String password, String proxyEndpoint) {
    ecr("GetAuthorizationToken", 200, "{\"authorizationData\":[{\"authorizationToken\":\"" + token(password)
        + "\",\"expiresAt\":1763899200.0,\"proxyEndpoint\":\"" + proxyEndpoint + "\"}]}");
  }

  public List<LoggedRequest> ecrRequests(String operation) {
    return server.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + operation)));
  }

  List<LoggedRequest> stsRequests() {
    return server.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity")));
  }

  static JsonNode body(LoggedRequest r) {
    return Json.read(r.getBodyAsString());
  }

  /** The SigV4 credential scope in the Authorization header, e.g. {@code eu-west-3/ecr}. */
  public static String scope(LoggedRequest r) {
    String auth = r.getHeader("Authorization");
    int i = auth.indexOf("Credential=");
    String[] parts = auth.substring(i + "Credential=".length()).split("[,\\s]")[0].split("/");
    return parts[2] + "/" + parts[3];
  }
}
