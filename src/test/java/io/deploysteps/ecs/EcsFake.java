package io.deploysteps.ecs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.deploysteps.engine.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ECS and CodeDeploy faked at the HTTP level with WireMock, in their awsJson1_1 shapes
 * ({@code X-Amz-Target: AmazonEC2ContainerServiceV20141113.*} and {@code CodeDeploy_20141006.*},
 * bodies as the API references document them). A rollout is a WireMock scenario per operation: each
 * call answers the next body of its sequence, the last one again and again.
 */
final class EcsFake {
  static final String ECS = "AmazonEC2ContainerServiceV20141113.";
  static final String CODEDEPLOY = "CodeDeploy_20141006.";
  static final String ACCOUNT = "123456789012";
  static final String REGION = "eu-west-3";
  static final String CLUSTER_ARN = "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":cluster/shop";
  static final String SERVICE_ARN = "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":service/shop/api";

  final WireMockServer server;

  EcsFake(int port) {
    server = new WireMockServer(options().bindAddress("127.0.0.1").port(port));
  }

  EcsFake start() {
    server.start();
    return this;
  }

  void stop() {
    server.stop();
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  static String taskDefinitionArn(int revision) {
    return "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task-definition/api:" + revision;
  }

  /** Every call of {@code target + operation} answers the next of {@code bodies} (HTTP 200), then the last again. */
  void sequence(String target, String operation, List<String> bodies) {
    String scenario = target + operation;
    for (int i = 0; i < bodies.size(); i++) {
      boolean last = i == bodies.size() - 1;
      var stub = post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target + operation))
          .inScenario(scenario)
          .whenScenarioStateIs(i == 0 ? Scenario.STARTED : scenario + i)
          .willReturn(json(200, bodies.get(i)));
      server.stubFor(last ? stub : stub.willSetStateTo(scenario + (i + 1)));
    }
  }

  void answer(String target, String operation, int status, String body) {
    server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target + operation))
        .willReturn(json(status, body)));
  }

  void error(String target, String operation, int status, String type, String message) {
    answer(target, operation, status, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
  }

  List<LoggedRequest> requests(String target, String operation) {
    return server.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target + operation)));
  }

  /** Every request of the ECS API, in order (the bench counts them). */
  List<LoggedRequest> ecsRequests() {
    List<LoggedRequest> all = new ArrayList<>();
    for (LoggedRequest r : server.findAll(postRequestedFor(urlEqualTo("/")))) {
      if (r.getHeader("X-Amz-Target").startsWith(ECS)) {
        all.add(r);
      }
    }
    return all;
  }

  static JsonNode body(LoggedRequest r) {
    return Json.read(r.getBodyAsString());
  }

  // ---- documents in the shapes of the ECS API reference ----

  /** A deployment of the service, as DescribeServices lists it. */
  static Map<String, Object> deployment(String id, String status, int revision, String rolloutState, int desired,
      int running, int pending, int failed) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("id", id);
    d.put("status", status);
    d.put("taskDefinition", taskDefinitionArn(revision));
    d.put("desiredCount", desired);
    d.put("pendingCount", pending);
    d.put("runningCount", running);
    d.put("failedTasks", failed);
    d.put("createdAt", 1.7648928E9);
    d.put("updatedAt", 1.7648929E9);
    d.put("launchType", "FARGATE");
    d.put("rolloutState", rolloutState);
    d.put("rolloutStateReason", rolloutState.equals("COMPLETED")
        ? "ECS deployment " + id + " completed."
        : rolloutState.equals("FAILED")
            ? "ECS deployment circuit breaker: tasks failed to start."
            : "ECS deployment " + id + " in progress.");
    return d;
  }

  static Map<String, Object> event(String id, String message) {
    return Map.of("id", id, "createdAt", 1.7648929E9, "message", message);
  }

  /** A service answer: {@code revision} is the service's task definition; events newest first. */
  static String services(int revision, boolean breakerRollback, String controller, List<Map<String, Object>> deployments,
      List<Map<String, Object>> events) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("serviceArn", SERVICE_ARN);
    s.put("serviceName", "api");
    s.put("clusterArn", CLUSTER_ARN);
    s.put("status", "ACTIVE");
    s.put("desiredCount", 2);
    s.put("runningCount", 2);
    s.put("pendingCount", 0);
    s.put("launchType", "FARGATE");
    s.put("taskDefinition", taskDefinitionArn(revision));
    s.put("deploymentConfiguration", Map.of("deploymentCircuitBreaker", Map.of("enable", true, "rollback",
        breakerRollback), "maximumPercent", 200, "minimumHealthyPercent", 100));
    s.put("deploymentController", Map.of("type", controller));
    s.put("loadBalancers", List.of(Map.of("targetGroupArn", "arn:aws:elasticloadbalancing:" + REGION + ":" + ACCOUNT
        + ":targetgroup/api-blue/0123456789abcdef", "containerName", "app", "containerPort", 8080)));
    s.put("deployments", deployments);
    s.put("events", events);
    return Json.write(Map.of("services", List.of(s), "failures", List.of()));
  }

  static String updated(int revision, String primaryId) {
    return Json.write(Map.of("service", Map.of("serviceArn", SERVICE_ARN, "serviceName", "api", "taskDefinition",
        taskDefinitionArn(revision), "deployments", List.of(deployment(primaryId, "PRIMARY", revision, "IN_PROGRESS",
            2, 0, 0, 0)))));
  }

  /** A described task definition: {@code document} plus what AWS adds, and tags. */
  static String described(JsonNode document, int revision, List<Map<String, String>> tags) {
    var td = (com.fasterxml.jackson.databind.node.ObjectNode) document.deepCopy();
    td.put("taskDefinitionArn", taskDefinitionArn(revision));
    td.put("revision", revision);
    td.put("status", "ACTIVE");
    td.set("requiresAttributes", Json.read("[{\"name\":\"com.amazonaws.ecs.capability.logging-driver.awslogs\"},"
        + "{\"name\":\"ecs.capability.secrets.asm.environment-variables\"}]"));
    td.set("compatibilities", Json.read("[\"EC2\",\"FARGATE\"]"));
    td.put("registeredAt", 1.764892800123E9);
    td.put("registeredBy", "arn:aws:iam::" + ACCOUNT + ":role/ci");
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("taskDefinition", td);
    answer.put("tags", tags);
    return Json.write(answer);
  }

  static String registered(JsonNode document, int revision) {
    var td = (com.fasterxml.jackson.databind.node.ObjectNode) document.deepCopy();
    td.put("taskDefinitionArn", taskDefinitionArn(revision));
    td.put("revision", revision);
    td.put("status", "ACTIVE");
    return Json.write(Map.of("taskDefinition", td));
  }

  static String stoppedTaskList(String... ids) {
    List<String> arns = new ArrayList<>();
    for (String id : ids) {
      arns.add("arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task/shop/" + id);
    }
    return Json.write(Map.of("taskArns", arns));
  }

  static String stoppedTasks(String reason, int exitCode, String containerReason, String... ids) {
    List<Map<String, Object>> tasks = new ArrayList<>();
    for (String id : ids) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("name", "app");
      c.put("exitCode", exitCode);
      c.put("reason", containerReason);
      c.put("lastStatus", "STOPPED");
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("taskArn", "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task/shop/" + id);
      t.put("lastStatus", "STOPPED");
      t.put("desiredStatus", "STOPPED");
      t.put("stopCode", "EssentialContainerExited");
      t.put("stoppedReason", reason);
      t.put("containers", List.of(c));
      tasks.add(t);
    }
    return Json.write(Map.of("tasks", tasks, "failures", List.of()));
  }
}
