package io.deploysteps.buildspec;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.deploysteps.aws.AwsClients;
import io.deploysteps.aws.AwsCredentialsSpec;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.log.StepLog;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * runBuildspec's AWS calls (SSM, Secrets Manager, ECR for the aws shim) fail in the one line every
 * AWS caller gives (aws/AwsCallFailure): which call, which AWS error, its message, the HTTP status;
 * not the SDK's text with its service, request id and attempt count.
 */
public class BuildspecAwsErrorsTest {
  private final WireMockServer aws = new WireMockServer(options().bindAddress("127.0.0.1").port(31011));
  private final StepLog log = StepLog.to(line -> { });
  private Supplier<AwsClients> clients;

  @Before
  public void fakes() {
    aws.start();
    for (String target : List.of("AmazonSSM.GetParameter", "secretsmanager.GetSecretValue",
        "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken")) {
      aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target)).willReturn(aResponse()
          .withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
          .withBody("{\"__type\":\"AccessDeniedException\",\"message\":\"User: arn:aws:iam::123456789012:user/ci is not"
              + " authorized to perform: " + target + "\"}")));
    }
    Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_ENDPOINT_URL", "http://127.0.0.1:31011",
        "AWS_REGION", "eu-west-1");
    clients = () -> new SdkAwsClients(AwsCredentialsSpec.parse("credentials", "env"), env, log);
  }

  @After
  public void stop() {
    aws.stop();
  }

  private static String messageOf(Runnable call) {
    try {
      call.run();
      fail("expected the call to fail");
      return null;
    } catch (StepFailedException e) {
      return e.getMessage();
    }
  }

  @Test
  public void parameterStore() {
    assertEquals("env/parameter-store DB_PASSWORD: SSM GetParameter /shop/db/password failed: AccessDeniedException:"
        + " User: arn:aws:iam::123456789012:user/ci is not authorized to perform: AmazonSSM.GetParameter (HTTP 400)",
        messageOf(() -> BuildEnvironment.parameterStore(Map.of("DB_PASSWORD", "/shop/db/password"), clients,
            "eu-west-1", log)));
  }

  @Test
  public void secretsManager() {
    assertEquals("env/secrets-manager API_KEY: GetSecretValue shop/api failed: AccessDeniedException: User:"
        + " arn:aws:iam::123456789012:user/ci is not authorized to perform: secretsmanager.GetSecretValue (HTTP 400)",
        messageOf(() -> BuildEnvironment.secretsManager(Map.of("API_KEY", "shop/api:apiKey"), clients, "eu-west-1", log)));
  }

  @Test
  public void ecrLoginForTheShim() {
    assertEquals("ECR GetAuthorizationToken in eu-west-1 failed: AccessDeniedException: User:"
        + " arn:aws:iam::123456789012:user/ci is not authorized to perform:"
        + " AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken (HTTP 400)",
        messageOf(() -> new EcrLoginAnswers(clients, log).answer("get-login-password", "eu-west-1", List.of())));
  }
}
