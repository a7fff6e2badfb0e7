package io.deploysteps.prune;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.cli.DeployStepsCli;
import io.deploysteps.docker.DeployLabels;
import io.deploysteps.docker.Inspected;
import io.deploysteps.engine.ExitCodes;
import io.deploysteps.engine.Json;
import io.deploysteps.context.StepContext;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * pruneDocker's ECR half against a WireMock fake of the ECR JSON API, through the real AWS SDK
 * (SigV4, paginator, error mapping): paging, batches of 100, partial failures, lifecycle policy.
 */
public class EcrPruneIT {
  private static final String TARGET = "AmazonEC2ContainerRegistry_V20150921.";
  private static final String SECRET = "it-prune-secret-key-0123456789";
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private final WireMockServer ecr = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  private final RecordingLog log = new RecordingLog();
  private final FakeDocker docker = new FakeDocker();

  @Before
  public void start() {
    ecr.start();
  }

  @After
  public void stop() {
    ecr.stop();
  }

  private static String digest(int i) {
    return "sha256:" + String.format("%064x", i);
  }

  /** 200 tagged images (v0 newest, pushed i hours ago) and 60 untagged (pushed i hours ago), in 2 pages. */
  private void stubTwoPages() {
    List<ObjectNode> all = new ArrayList<>();
    for (int i = 0; i < 260; i++) {
      ObjectNode d = Json.MAPPER.createObjectNode();
      d.put("registryId", "123456789012").put("repositoryName", "team/web").put("imageDigest", digest(i));
      if (i < 200) {
        d.putArray("imageTags").add("v" + i);
      }
      d.put("imageSizeInBytes", 1000 + i);
      d.put("imagePushedAt", NOW.minus(Duration.ofHours(i < 200 ? i : i - 200)).getEpochSecond());
      all.add(d);
    }
    ObjectNode page1 = Json.MAPPER.createObjectNode();
    page1.putArray("imageDetails").addAll(all.subList(0, 150));
    page1.put("nextToken", "page-2");
    ObjectNode page2 = Json.MAPPER.createObjectNode();
    page2.putArray("imageDetails").addAll(all.subList(150, 260));
    ecr.stubFor(post(urlEqualTo("/")).atPriority(5).withHeader("X-Amz-Target", equalTo(TARGET + "DescribeImages"))
        .willReturn(json(page1.toString())));
    ecr.stubFor(post(urlEqualTo("/")).atPriority(1).withHeader("X-Amz-Target", equalTo(TARGET + "DescribeImages"))
        .withRequestBody(matchingJsonPath("$.nextToken", equalTo("page-2"))).willReturn(json(page2.toString())));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
  }

  private PruneResult prune(Object... keyValues) {
    Map<String, Object> params = new HashMap<>(Map.of("containers", false, "images", "none", "region", "eu-west-1",
        "credentials", "env", "ecrRepository", "team/web"));
    for (int i = 0; i < keyValues.length; i += 2) {
      params.put((String) keyValues[i], keyValues[i + 1]);
    }
    Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "AKIAITPRUNE", "AWS_SECRET_ACCESS_KEY", SECRET,
        "AWS_ENDPOINT_URL_ECR", ecr.baseUrl());
    TimeSource clock = ShiftedClock.fixed(NOW);
    StepContext ctx = new StepContext(c -> {
      throw new AssertionError("no command expected: " + c);
    }, new LocalHostFiles(), log.log(), clock, env, "/tmp", docker, spec -> new SdkAwsClients(spec, env, log.log()));
    return new PruneRunner(ctx).run(PruneRequest.fromMap(params));
  }

  private List<List<String>> deleteBatches() {
    List<List<String>> out = new ArrayList<>();
    List<LoggedRequest> reqs = ecr.findAll(postRequestedFor(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo(TARGET + "BatchDeleteImage")));
    for (LoggedRequest r : reqs) {
      JsonNode body = Json.read(r.getBodyAsString());
      assertEquals("team/web", body.path("repositoryName").asText());
      List<String> ids = new ArrayList<>();
      body.path("imageIds").forEach(id -> ids.add(id.path("imageDigest").asText()));
      out.add(ids);
    }
    return out;
  }

  @Test
  public void pagesThroughEveryImageAndDeletesInBatchesOfAHundredReportingWhatStayed() {
    stubTwoPages();
    // The image deployed on this host (a running container's, pulled by digest) must survive.
    docker.add(Inspected.image("sha256:live", NOW, List.of("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web:v150"),
        List.of("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web@" + digest(150))));
    docker.containers.put("c-web", Inspected.container("web-3000", "sha256:live", true, NOW, null,
        Map.of(DeployLabels.SERVICE, "web")));
    // Second batch: one image ECR refuses. Third batch: the whole call fails.
    ecr.stubFor(post(urlEqualTo("/")).atPriority(5).withHeader("X-Amz-Target", equalTo(TARGET + "BatchDeleteImage"))
        .willReturn(json("{\"imageIds\":[],\"failures\":[]}")));
    ecr.stubFor(post(urlEqualTo("/")).atPriority(1).withHeader("X-Amz-Target", equalTo(TARGET + "BatchDeleteImage"))
        .withRequestBody(containing(digest(120))).willReturn(json("{\"imageIds\":[],\"failures\":[{\"imageId\":"
            + "{\"imageDigest\":\"" + digest(120) + "\"},\"failureCode\":\"ImageReferencedByManifestList\","
            + "\"failureReason\":\"referenced by an index\"}]}")));
    ecr.stubFor(post(urlEqualTo("/")).atPriority(1).withHeader("X-Amz-Target", equalTo(TARGET + "BatchDeleteImage"))
        .withRequestBody(containing(digest(250))).willReturn(aResponse().withStatus(400)
            .withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody("{\"__type\":\"InvalidParameterException\",\"message\":\"broken batch\"}")));

    PruneResult r = prune("ecrKeepTagged", 10, "ecrUntaggedOlderThan", "24h");

    // Expected deletions: tagged v10..v199 except the deployed v150 (189), untagged pushed more than 24 h ago.
    Set<String> expected = new HashSet<>();
    for (int i = 10; i < 200; i++) {
      if (i != 150) {
        expected.add(digest(i));
      }
    }
    for (int i = 200; i < 260; i++) {
      if (i - 200 > 24) {
        expected.add(digest(i));
      }
    }
    List<List<String>> batches = deleteBatches();
    Set<String> sent = new HashSet<>();
    batches.forEach(sent::addAll);
    assertEquals(expected, sent);
    assertEquals(List.of(expected.size() - 200, 100, 100), batches.stream().map(List::size).sorted().toList());
    assertEquals(2, ecr.findAll(postRequestedFor(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo(TARGET + "DescribeImages"))).size());

    Map<?, ?> result = (Map<?, ?>) r.toMap().get("ecr");
    assertEquals(260, result.get("listed"));
    Set<String> failedIds = new HashSet<>();
    Map<String, String> errors = new HashMap<>();
    ((List<?>) result.get("failed")).forEach(f -> {
      failedIds.add((String) ((Map<?, ?>) f).get("id"));
      errors.put((String) ((Map<?, ?>) f).get("id"), (String) ((Map<?, ?>) f).get("error"));
    });
    Set<String> expectedFailed = new HashSet<>(batches.stream().filter(b -> b.contains(digest(250))).findFirst()
        .orElseThrow());
    expectedFailed.add(digest(120));
    assertEquals(expectedFailed, failedIds);
    assertEquals("ImageReferencedByManifestList: referenced by an index", errors.get(digest(120)));
    assertTrue(errors.get(digest(250)), errors.get(digest(250)).startsWith("BatchDeleteImage failed: broken batch"));
    assertEquals(expected.size() - expectedFailed.size(), ((List<?>) result.get("deleted")).size());
    assertTrue(((List<?>) result.get("kept")).stream().anyMatch(k -> ((Map<?, ?>) k).get("id").equals(digest(150))
        && ((String) ((Map<?, ?>) k).get("reason")).startsWith("protected: image of container web-3000")));
    assertEquals(ExitCodes.UNSTABLE, r.exitCode());
    assertTrue(log.text(), log.text().contains("WARNING: ecr image " + digest(120) + " stayed: ImageReferencedByManifestList"));
    assertFalse("the secret key never reaches the log", log.text().contains(SECRET));
  }

  @Test
  public void dryRunListsButDeletesNothing() {
    stubTwoPages();
    PruneResult r = prune("ecrKeepTagged", 190, "dryRun", true);
    assertTrue(deleteBatches().isEmpty());
    assertEquals(10, ((List<?>) ((Map<?, ?>) r.toMap().get("ecr")).get("deleted")).size());
  }

  @Test
  public void lifecyclePolicyIsPutInTheDocumentedShapeInsteadOfDeleting() {
    ecr.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + "PutLifecyclePolicy"))
        .willReturn(json("{\"registryId\":\"123456789012\",\"repositoryName\":\"team/web\"}")));
    PruneResult r = prune("ecrKeepTagged", 10, "ecrUntaggedOlderThan", "336h", "ecrApplyLifecyclePolicy", true);
    List<LoggedRequest> puts = ecr.findAll(postRequestedFor(urlEqualTo("/")));
    assertEquals("only PutLifecyclePolicy: nothing listed, nothing deleted", 1, puts.size());
    assertEquals(TARGET + "PutLifecyclePolicy", puts.get(0).getHeader("X-Amz-Target"));
    JsonNode body = Json.read(puts.get(0).getBodyAsString());
    assertEquals("team/web", body.path("repositoryName").asText());
    JsonNode policy = Json.read(body.path("lifecyclePolicyText").asText());
    ArrayNode rules = (ArrayNode) policy.path("rules");
    assertEquals(2, rules.size());
    JsonNode untagged = rules.get(0);
    assertEquals(1, untagged.path("rulePriority").asInt());
    assertEquals("untagged", untagged.path("selection").path("tagStatus").asText());
    assertEquals("sinceImagePushed", untagged.path("selection").path("countType").asText());
    assertEquals("days", untagged.path("selection").path("countUnit").asText());
    assertEquals(14, untagged.path("selection").path("countNumber").asInt());
    assertEquals("expire", untagged.path("action").path("type").asText());
    JsonNode tagged = rules.get(1);
    assertEquals(2, tagged.path("rulePriority").asInt());
    assertEquals("tagged", tagged.path("selection").path("tagStatus").asText());
    assertEquals("[\"*\"]", tagged.path("selection").path("tagPatternList").toString());
    assertEquals("imageCountMoreThan", tagged.path("selection").path("countType").asText());
    assertTrue(tagged.path("selection").path("countUnit").isMissingNode());
    assertEquals(10, tagged.path("selection").path("countNumber").asInt());
    assertEquals(true, ((Map<?, ?>) r.toMap().get("ecr")).get("policyApplied"));
  }

  /** An AWS error of ECR, as the JSON protocol sends it. */
  private void denied(String operation) {
    ecr.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + operation)).willReturn(aResponse()
        .withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1").withBody("{\"__type\":\"AccessDeniedException\","
            + "\"message\":\"User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:" + operation
            + " on resource: team/web\"}")));
  }

  /** What the CLI prints after {@code deploy-steps: } and the exit code it returns, for the failure of {@code prune}. */
  private void failsWithOneLine(String expected, Runnable prune) {
    try {
      prune.run();
      fail("expected a failure");
    } catch (RuntimeException e) {
      assertEquals(expected, DeployStepsCli.messageOf(e));
      assertEquals(ExitCodes.FAILED, DeployStepsCli.exitCodeOf(e));
    }
    assertFalse("the secret key never reaches the log", log.text().contains(SECRET));
  }

  @Test
  public void accessDeniedOnTheListingIsOneClearLineAndExit1() {
    denied("DescribeImages");
    failsWithOneLine("ECR DescribeImages failed: AccessDeniedException: User: arn:aws:iam::123456789012:user/ci is not"
        + " authorized to perform: ecr:DescribeImages on resource: team/web (HTTP 400)",
        () -> prune("ecrKeepTagged", 10));
    assertTrue("nothing deleted", deleteBatches().isEmpty());
  }

  @Test
  public void accessDeniedOnTheLifecyclePolicyIsOneClearLineAndExit1() {
    denied("PutLifecyclePolicy");
    failsWithOneLine("ECR PutLifecyclePolicy failed: AccessDeniedException: User: arn:aws:iam::123456789012:user/ci is not"
        + " authorized to perform: ecr:PutLifecyclePolicy on resource: team/web (HTTP 400)",
        () -> prune("ecrKeepTagged", 10, "ecrApplyLifecyclePolicy", true));
  }
}
