// bench/ecs-deploy's stateful ECS fake and driver (a single-file source program; the CLI jar, which
// holds Jackson, and wiremock-standalone on the class path). WireMock answers the ECS API in its
// awsJson1_1 shapes from a model of one rolling deployment whose state is a function of the time since
// UpdateService, so the step sees what a real service shows: tasks pending, running, the old ones
// draining, failed tasks, the events as they happen. Then it runs `bin/deploy-steps ecs-deploy` as
// its own process, and prints one line:
//   run end=COMPLETED|FAILED rollout_s=N exit=N detect_ms=N api_calls=N
// detect_ms: from the instant the model's deployment reaches its end to the CLI process's exit;
// api_calls: every ECS request the step made (DescribeServices, DescribeTaskDefinition,
// RegisterTaskDefinition, UpdateService, ListTasks, DescribeTasks).
// Args: PORT END(COMPLETED|FAILED) ROLLOUT_SECONDS WORKDIR
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

public class EcsRollout {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PREFIX = "AmazonEC2ContainerServiceV20141113.";
  static final String ACCOUNT = "123456789012";
  static final String REGION = "eu-west-3";
  static final int DESIRED = 4;

  /**
   * One rolling deployment of DESIRED tasks, maximumPercent 200, minimumHealthyPercent 100. COMPLETED,
   * over R seconds: the 4 new tasks are PENDING, start one by one until 40% of R (image pull, health
   * checks), the old ones then drain one by one until 93% of R (deregistration delay), and the
   * deployment turns COMPLETED at R (ECS's steady-state check). FAILED: each new task fails its health
   * check in turn, failedTasks grows, and the circuit breaker (no rollback of its own) marks the
   * deployment FAILED at R; the old tasks keep serving.
   */
  static final class Model {
    final boolean completes;
    final long rolloutMs;
    volatile long updatedAt; // 0: no UpdateService yet
    final AtomicInteger calls = new AtomicInteger();

    Model(boolean completes, long rolloutMs) {
      this.completes = completes;
      this.rolloutMs = rolloutMs;
    }

    long endsAt() {
      return updatedAt + rolloutMs;
    }

    Map<String, Object> service(long now) {
      List<Map<String, Object>> deployments = new ArrayList<>();
      List<Map<String, Object>> events = new ArrayList<>(); // newest first, as ECS lists them
      int revision = 7;
      if (updatedAt == 0) {
        deployments.add(deployment("ecs-svc/1000000000000000001", "PRIMARY", 7, "COMPLETED", DESIRED, DESIRED, 0, 0));
        events.add(event("e0", 0, "(service api) has reached a steady state."));
      } else {
        revision = 8;
        double f = Math.min(1.0, (now - updatedAt) / (double) rolloutMs);
        String id = "ecs-svc/2000000000000000002";
        if (completes) {
          int running = (int) Math.min(DESIRED, Math.floor(f / 0.40 * DESIRED));
          int oldRunning = f < 0.40 ? DESIRED : (int) Math.max(0, Math.ceil(DESIRED * (1 - (f - 0.40) / 0.53)));
          boolean done = f >= 1.0;
          deployments.add(deployment(id, "PRIMARY", 8, done ? "COMPLETED" : "IN_PROGRESS", DESIRED, running,
              DESIRED - running, 0));
          if (!done) {
            deployments.add(deployment("ecs-svc/1000000000000000001", "ACTIVE", 7, "COMPLETED", DESIRED, oldRunning, 0, 0));
          }
          for (int i = 1; i <= running; i++) {
            events.add(0, event("s" + i, i, "(service api) has started 1 tasks: (task new" + i + ")."));
          }
          for (int i = 1; i <= DESIRED - oldRunning; i++) {
            events.add(0, event("d" + i, 10 + i, "(service api) has stopped 1 running tasks: (task old" + i + ")."));
          }
          if (done) {
            events.add(0, event("e1", 20, "(service api) (deployment " + id + ") deployment completed."));
            events.add(0, event("e2", 21, "(service api) has reached a steady state."));
          }
        } else {
          int failed = (int) Math.min(DESIRED, Math.floor(f * DESIRED));
          boolean done = f >= 1.0;
          deployments.add(deployment(id, "PRIMARY", 8, done ? "FAILED" : "IN_PROGRESS", DESIRED, 0,
              done ? 0 : DESIRED - failed, failed));
          deployments.add(deployment("ecs-svc/1000000000000000001", "ACTIVE", 7, "COMPLETED", DESIRED, DESIRED, 0, 0));
          for (int i = 1; i <= failed; i++) {
            events.add(0, event("f" + i, i, "(service api) (task new" + i + ") failed container health checks."));
          }
          if (done) {
            events.add(0, event("f9", 20, "(service api) (deployment " + id + ") deployment failed: tasks failed to start."));
          }
        }
      }
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("serviceArn", "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":service/shop/api");
      s.put("serviceName", "api");
      s.put("clusterArn", "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":cluster/shop");
      s.put("status", "ACTIVE");
      s.put("desiredCount", DESIRED);
      s.put("taskDefinition", arn(revision));
      s.put("deploymentConfiguration", Map.of("deploymentCircuitBreaker", Map.of("enable", true, "rollback", false),
          "maximumPercent", 200, "minimumHealthyPercent", 100));
      s.put("deploymentController", Map.of("type", "ECS"));
      s.put("deployments", deployments);
      s.put("events", events);
      return Map.of("services", List.of(s), "failures", List.of());
    }

    static Map<String, Object> deployment(String id, String status, int revision, String rollout, int desired,
        int running, int pending, int failed) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("id", id);
      d.put("status", status);
      d.put("taskDefinition", arn(revision));
      d.put("desiredCount", desired);
      d.put("pendingCount", pending);
      d.put("runningCount", running);
      d.put("failedTasks", failed);
      d.put("launchType", "FARGATE");
      d.put("rolloutState", rollout);
      d.put("rolloutStateReason", "ECS deployment " + id + " " + rollout.toLowerCase() + ".");
      return d;
    }

    static Map<String, Object> event(String id, int order, String message) {
      return Map.of("id", id, "createdAt", 1.7648929E9 + order, "message", message);
    }

    static String arn(int revision) {
      return "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task-definition/api:" + revision;
    }

    Object answer(String operation) {
      long now = System.currentTimeMillis();
      switch (operation) {
        case "DescribeServices":
          return service(now);
        case "DescribeTaskDefinition":
          return Map.of("taskDefinition", taskDefinition(7), "tags", List.of(Map.of("key", "team", "value", "shop")));
        case "RegisterTaskDefinition":
          return Map.of("taskDefinition", taskDefinition(8));
        case "UpdateService":
          updatedAt = now;
          return Map.of("service", Map.of("serviceName", "api", "taskDefinition", arn(8), "deployments",
              List.of(deployment("ecs-svc/2000000000000000002", "PRIMARY", 8, "IN_PROGRESS", DESIRED, 0, 0, 0))));
        case "ListTasks":
          return Map.of("taskArns", List.of("arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task/shop/new1"));
        case "DescribeTasks":
          return Map.of("tasks", List.of(Map.of("taskArn", "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":task/shop/new1",
              "lastStatus", "STOPPED", "stopCode", "TaskFailedToStart", "stoppedReason",
              "Task failed container health checks", "containers", List.of(Map.of("name", "app", "exitCode", 1,
                  "reason", "health check failed")))), "failures", List.of());
        default:
          return null;
      }
    }

    static Map<String, Object> taskDefinition(int revision) {
      Map<String, Object> td = new LinkedHashMap<>();
      td.put("taskDefinitionArn", arn(revision));
      td.put("family", "api");
      td.put("revision", revision);
      td.put("status", "ACTIVE");
      td.put("networkMode", "awsvpc");
      td.put("requiresCompatibilities", List.of("FARGATE"));
      td.put("cpu", "256");
      td.put("memory", "512");
      td.put("containerDefinitions", List.of(Map.of("name", "app", "image",
          ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/shop/api:" + revision, "essential", true,
          "environment", List.of(Map.of("name", "EMPTY", "value", "")))));
      return td;
    }
  }

  /** Every ECS call answered from the model. */
  static final class Fake implements ResponseDefinitionTransformerV2 {
    final Model model;

    Fake(Model model) {
      this.model = model;
    }

    @Override
    public String getName() {
      return "ecs-rollout";
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      String target = event.getRequest().getHeader("X-Amz-Target");
      Object body = target == null || !target.startsWith(PREFIX) ? null : model.answer(target.substring(PREFIX.length()));
      if (body == null) {
        return aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody("{\"__type\":\"InvalidParameterException\",\"message\":\"not in the bench: " + target + "\"}")
            .build();
      }
      model.calls.incrementAndGet();
      try {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody(JSON.writeValueAsString(body)).build();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    boolean completes = args[1].equals("COMPLETED");
    long rolloutMs = Long.parseLong(args[2]) * 1000;
    Path work = Path.of(args[3]);
    Model model = new Model(completes, rolloutMs);
    WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").port(port)
        .extensions(new Fake(model)).disableRequestJournal());
    server.start();
    server.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(500)));
    try {
      List<String> argv = List.of("sh", "bin/deploy-steps", "ecs-deploy", "--cluster", "shop", "--service", "api",
          "--region", REGION, "--container-name", "app", "--image",
          ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/shop/api:bench", "--wait", "15m",
          "--rollback-on-failure=false", "--credentials", "env", "--workspace", work.toString(), "--json");
      ProcessBuilder pb = new ProcessBuilder(argv);
      pb.environment().put("AWS_ENDPOINT_URL_ECS", "http://127.0.0.1:" + port);
      pb.environment().put("AWS_ACCESS_KEY_ID", "AKIAH15BENCHEXAMPLE");
      pb.environment().put("AWS_SECRET_ACCESS_KEY", "h15-bench-key-not-a-secret");
      File log = work.resolve("ecs-deploy-" + args[1] + ".log").toFile();
      Process p = pb.redirectOutput(work.resolve("ecs-deploy-" + args[1] + ".json").toFile()).redirectError(log).start();
      if (!p.waitFor(rolloutMs + 120_000, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("ecs-deploy did not end; see " + log);
      }
      long exitedAt = System.currentTimeMillis();
      if (model.updatedAt == 0) {
        throw new IllegalStateException("ecs-deploy never updated the service; see " + log + ":\n"
            + Files.readString(log.toPath()));
      }
      System.out.println("run end=" + args[1] + " rollout_s=" + args[2] + " exit=" + p.exitValue() + " detect_ms="
          + (exitedAt - model.endsAt()) + " api_calls=" + model.calls.get());
    } finally {
      server.stop();
    }
  }
}
