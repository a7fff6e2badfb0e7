package io.deploysteps.dbaudit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.deploysteps.engine.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ECS DescribeServices faked with WireMock in the ECS API reference's shape, for the audit's ecs entries. */
final class EcsFakeServices {
  static final String TARGET = "AmazonEC2ContainerServiceV20141113.DescribeServices";
  final WireMockServer server;

  EcsFakeServices(int port) {
    server = new WireMockServer(options().bindAddress("127.0.0.1").port(port));
    server.start();
  }

  void stop() {
    server.stop();
  }

  /** The env the step reads: test keys and the endpoint override. */
  Map<String, String> env() {
    return Map.of("AWS_ACCESS_KEY_ID", "AKIAH15AUDITEXAMPLE", "AWS_SECRET_ACCESS_KEY", "h15-audit-secret-never-shown",
        "AWS_ENDPOINT_URL_ECS", "http://127.0.0.1:" + server.port());
  }

  /** DescribeServices of {@code services} in {@code cluster} answers {@code answered} (and MISSING for the rest). */
  void cluster(String cluster, List<String> services, List<Map<String, Object>> answered) {
    List<Map<String, String>> failures = new java.util.ArrayList<>();
    for (String s : services) {
      if (answered.stream().noneMatch(a -> a.get("serviceName").equals(s))) {
        failures.add(Map.of("arn", "arn:aws:ecs:eu-west-3:123456789012:service/" + cluster + "/" + s, "reason", "MISSING"));
      }
    }
    server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET))
        .withRequestBody(equalToJson(Json.write(Map.of("cluster", cluster, "services", services))))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody(Json.write(Map.of("services", answered, "failures", failures)))));
  }

  /** A service as DescribeServices lists it; {@code maximumPercent} null: the service sets none. */
  static Map<String, Object> service(String cluster, String name, int desired, Integer maximumPercent, String controller) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("serviceArn", "arn:aws:ecs:eu-west-3:123456789012:service/" + cluster + "/" + name);
    s.put("serviceName", name);
    s.put("clusterArn", "arn:aws:ecs:eu-west-3:123456789012:cluster/" + cluster);
    s.put("status", "ACTIVE");
    s.put("desiredCount", desired);
    s.put("runningCount", desired);
    s.put("pendingCount", 0);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("deploymentCircuitBreaker", Map.of("enable", true, "rollback", true));
    if (maximumPercent != null) {
      config.put("maximumPercent", maximumPercent);
      config.put("minimumHealthyPercent", 100);
    }
    s.put("deploymentConfiguration", config);
    s.put("deploymentController", Map.of("type", controller));
    return s;
  }
}
