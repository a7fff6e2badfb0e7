package io.deploysteps.ecr;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.aws.AwsCredentialsSpec;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Params;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.services.ecr.EcrClient;

/** The scan gate against ECR faked with WireMock scenarios: in progress then complete, thresholds, unsupported images. */
public class ScanWaiterTest {
  private static final String DIGEST = "sha256:" + "c".repeat(64);
  private static final String SCENARIO = "scan";

  private final List<String> lines = new ArrayList<>();
  private EcrFake aws;
  private EcrClient ecr;

  @Before
  public void setUp() {
    aws = new EcrFake().start();
    Map<String, String> env = Map.of("AWS_ENDPOINT_URL", aws.url(), "AWS_ACCESS_KEY_ID", "AKIAH19SCAN",
        "AWS_SECRET_ACCESS_KEY", "h19-scan-secret");
    ecr = new SdkAwsClients(AwsCredentialsSpec.parse("credentials", "env"), env, StepLog.to(lines::add)).ecr("eu-west-1");
  }

  @After
  public void tearDown() {
    ecr.close();
    aws.stop();
  }

  private static String findings(String status, String counts) {
    return "{\"registryId\":\"" + EcrFake.ACCOUNT + "\",\"repositoryName\":\"shop/api\",\"imageId\":{\"imageDigest\":\"" + DIGEST
        + "\"},\"imageScanStatus\":{\"status\":\"" + status + "\",\"description\":\"The scan was " + status.toLowerCase()
        + ".\"}" + (counts == null ? "" : ",\"imageScanFindings\":{\"imageScanCompletedAt\":1764633600.0,"
        + "\"vulnerabilitySourceUpdatedAt\":1764547200.0,\"findingSeverityCounts\":" + counts + ",\"findings\":[]}") + "}";
  }

  /** DescribeImageScanFindings answers {@code answers} in turn (a scenario state per answer), the last one for ever. */
  private void describeAnswers(String... answers) {
    for (int i = 0; i < answers.length; i++) {
      String state = i == 0 ? com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED : "answer" + i;
      var stub = post(urlEqualTo("/")).inScenario(SCENARIO).whenScenarioStateIs(state)
          .withHeader("X-Amz-Target", equalTo(EcrFake.TARGET + "DescribeImageScanFindings"));
      boolean error = answers[i].contains("__type");
      var response = aResponse().withStatus(error ? 400 : 200).withHeader("Content-Type", "application/x-amz-json-1.1")
          .withBody(answers[i]);
      if (i + 1 < answers.length) {
        stub = stub.willSetStateTo("answer" + (i + 1));
      }
      aws.server.stubFor(stub.willReturn(response));
    }
  }

  private ScanOutcome await(Map<String, Object> gate, boolean scansOnPush) {
    ScanGate g = ScanGate.from(Params.of(Map.of("scanGate", gate))).get();
    return new ScanWaiter(ecr, StepLog.to(lines::add), TimeSource.system(), Duration.ofMillis(40))
        .await(g, EcrFake.ACCOUNT, "shop/api", DIGEST, scansOnPush);
  }

  @Test
  public void waitsThroughScanNotFoundAndInProgressThenFailsOnACritical() {
    describeAnswers("{\"__type\":\"ScanNotFoundException\",\"message\":\"Image scan does not exist for the image\"}",
        findings("IN_PROGRESS", null), findings("COMPLETE", "{\"CRITICAL\":1,\"HIGH\":2,\"LOW\":5}"));
    ScanOutcome o = await(Map.of("failOn", "CRITICAL", "wait", "30s"), true);
    assertEquals("failed", o.verdict());
    assertEquals("CRITICAL 1, HIGH 2, MEDIUM 0, LOW 5, INFORMATIONAL 0, UNDEFINED 0", o.countsLine());
    assertEquals(3, aws.ecrRequests("DescribeImageScanFindings").size());
    assertEquals("the repository scans on push: no StartImageScan", 0, aws.ecrRequests("StartImageScan").size());
    assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.contains("scan gate: scan IN_PROGRESS after")));
  }

  @Test
  public void startsTheScanWhenTheRepositoryDoesNotScanOnPushAndHighIsUnstable() {
    aws.ecr("StartImageScan", 200, "{\"registryId\":\"" + EcrFake.ACCOUNT + "\",\"repositoryName\":\"shop/api\",\"imageId\":"
        + "{\"imageDigest\":\"" + DIGEST + "\"},\"imageScanStatus\":{\"status\":\"IN_PROGRESS\"}}");
    describeAnswers(findings("IN_PROGRESS", null), findings("COMPLETE", "{\"HIGH\":2,\"MEDIUM\":3}"));
    ScanOutcome o = await(Map.of("failOn", "CRITICAL", "unstableOn", "HIGH"), false);
    assertEquals("unstable", o.verdict());
    assertEquals(1, aws.ecrRequests("StartImageScan").size());
    assertEquals(DIGEST, EcrFake.body(aws.ecrRequests("StartImageScan").get(0)).at("/imageId/imageDigest").asText());
  }

  @Test
  public void findingsBelowTheThresholdsPass() {
    describeAnswers(findings("COMPLETE", "{\"MEDIUM\":3,\"LOW\":4,\"INFORMATIONAL\":9}"));
    assertEquals("passed", await(Map.of("failOn", "high", "unstableOn", "HIGH"), true).verdict());
  }

  @Test
  public void anImageEcrCannotScanIsUnsupportedEitherWay() {
    aws.error("StartImageScan", "UnsupportedImageTypeException", "The image type is not supported");
    ScanOutcome started = await(Map.of("failOn", "CRITICAL"), false);
    assertEquals("unsupported", started.verdict());
    assertEquals(0, aws.ecrRequests("DescribeImageScanFindings").size());

    describeAnswers(findings("UNSUPPORTED_IMAGE", null));
    ScanOutcome onPush = await(Map.of("failOn", "CRITICAL"), true);
    assertEquals("unsupported", onPush.verdict());
    assertEquals("The scan was unsupported_image.", onPush.reason());
  }

  @Test
  public void aScanStillRunningAfterTheWaitFailsTheStep() {
    describeAnswers(findings("IN_PROGRESS", null));
    try {
      await(Map.of("failOn", "CRITICAL", "wait", "1s"), true);
      fail("the scan never completed");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("scan gate: the ECR scan of " + DIGEST + " is still IN_PROGRESS after"));
      assertTrue(e.getMessage(), e.getMessage().contains("(scanGate.wait 1s)"));
    }
  }

  @Test
  public void aGateNeedsAThresholdAndKnownSeverities() {
    for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of(), Map.of("wait", "5m"))) {
      rejected("scanGate", bad);
    }
    rejected("scanGate.failOn", Map.of("failOn", "SEVERE"));
    rejected("scanGate.unstableOn", Map.of("unstableOn", "x"));
    rejected("scanGate.wait", Map.of("failOn", "HIGH", "wait", "2h"));
  }

  private static void rejected(String key, Map<String, Object> gate) {
    try {
      ScanGate.from(Params.of(Map.of("scanGate", gate)));
      fail(key + " should be refused: " + gate);
    } catch (InvalidParameterException e) {
      assertEquals(e.getMessage(), key, e.parameter());
    }
  }
}
