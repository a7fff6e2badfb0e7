package io.deploysteps.buildspec;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.context.StepContext;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * env.parameter-store, env.secrets-manager and the aws shim's ECR logins against SSM, Secrets
 * Manager and ECR faked with WireMock in their awsJson1_1 shapes: the values reach the build, every
 * one of them is masked in every log line, the token reaches the build only through the shim.
 */
public class BuildspecAwsTest {
  private static final String SSM_VALUE = "s3cr3t-from-ssm";
  private static final String SM_VALUE = "s3cr3t-from-secrets-manager";
  private static final String TOKEN = "t0ken-from-ecr-GetAuthorizationToken";
  private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private final WireMockServer aws = new WireMockServer(options().bindAddress("127.0.0.1").port(31561));

  @Before
  public void fakes() {
    aws.start();
    aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
        .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody(
            "{\"Parameter\":{\"Name\":\"/shop/db/password\",\"Type\":\"SecureString\",\"Value\":\"" + SSM_VALUE
                + "\",\"Version\":3,\"ARN\":\"arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db/password\","
                + "\"DataType\":\"text\"}}")));
    aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
        .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody(
            "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/api-AbCdEf\",\"Name\":\"shop/api\","
                + "\"SecretString\":\"{\\\"apiKey\\\":\\\"" + SM_VALUE + "\\\",\\\"user\\\":\\\"shop\\\"}\","
                + "\"VersionId\":\"0b1c\",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7E9}")));
    String auth = Base64.getEncoder().encodeToString(("AWS:" + TOKEN).getBytes(StandardCharsets.UTF_8));
    aws.stubFor(post(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken"))
        .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody(
            "{\"authorizationData\":[{\"authorizationToken\":\"" + auth + "\",\"expiresAt\":1.9E9,"
                + "\"proxyEndpoint\":\"https://123456789012.dkr.ecr.eu-west-1.amazonaws.com\"}]}")));
  }

  @After
  public void stop() {
    aws.stop();
  }

  @Test(timeout = 120_000)
  public void secretsReachTheBuildMaskedAndTheShimLogsInWithoutShowingTheToken() throws Exception {
    Path ws = tmp.newFolder("ws").toPath();
    Files.writeString(ws.resolve("buildspec.yml"), String.join("\n",
        "version: 0.2",
        "env:",
        "  parameter-store:",
        "    DB_PASSWORD: /shop/db/password",
        "  secrets-manager:",
        "    API_KEY: shop/api:apiKey",
        "  exported-variables:",
        "    - LOGIN_LINE_OK",
        "    - PASSWORD_OK",
        "    - NO_CLI",
        "    - BARE_REGION",
        "phases:",
        "  build:",
        "    commands:",
        "      - echo \"db=$DB_PASSWORD api=$API_KEY key=$AWS_SECRET_ACCESS_KEY\"",
        "      - LINE=$(aws ecr get-login --no-include-email --region eu-west-1); echo \"$LINE\"",
        "      - case \"$LINE\" in \"docker login -u AWS -p " + TOKEN + " https://123456789012.dkr.ecr.eu-west-1"
            + ".amazonaws.com\") export LOGIN_LINE_OK=yes;; esac",
        "      - test \"$(aws ecr get-login-password)\" = " + TOKEN + " && export PASSWORD_OK=yes",
        "      - aws ecr get-login-password --region; test $? -eq 2 && export BARE_REGION=refused",
        "      - d=$(dirname \"$(command -v aws)\"); PATH=\"$d\" aws s3 ls; test $? -eq 127 && export NO_CLI=yes",
        ""));
    Map<String, String> env = new HashMap<>(System.getenv());
    env.keySet().removeIf(k -> k.startsWith("AWS_"));
    env.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
    env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:31561");
    env.put("AWS_REGION", "eu-west-1");
    List<String> lines = new ArrayList<>();
    StepLog log = StepLog.to(line -> {
      synchronized (lines) {
        lines.add(line);
      }
    });
    StepContext context = new StepContext(new LocalCommandRunner(log), new LocalHostFiles(), log, TimeSource.system(),
        env, ws.toString(), null, spec -> new SdkAwsClients(spec, env, log));
    RunBuildspecResult r = new BuildspecRunner(context).run(RunBuildspecRequest.fromMap(Map.of("credentials", "env")));
    String all = String.join("\n", lines);
    assertEquals(all, "SUCCEEDED", r.status());
    assertEquals(Map.of("LOGIN_LINE_OK", "yes", "PASSWORD_OK", "yes", "NO_CLI", "yes", "BARE_REGION", "refused"), r.exported());
    assertTrue(all, all.contains("db=**** api=**** key=****"));
    assertTrue(all, all.contains("docker login -u AWS -p **** https://123456789012.dkr.ecr.eu-west-1.amazonaws.com"));
    assertTrue(all, all.contains("aws: no AWS CLI on PATH"));
    for (String secret : List.of(SSM_VALUE, SM_VALUE, TOKEN, SECRET_KEY)) {
      assertFalse(secret + " in the log:\n" + all, all.contains(secret));
    }
    aws.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
        .withRequestBody(equalToJson("{\"Name\":\"/shop/db/password\",\"WithDecryption\":true}")));
    aws.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
        .withRequestBody(containing("\"SecretId\":\"shop/api\"")));
  }
}
