package io.deploysteps.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.Params;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.log.StepLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * role/roleAccount/externalId/duration as withAWS takes them: STS AssumeRole (WireMock, the Query
 * protocol's form body and XML answer) with the step's own keys, then every AWS call signed with the
 * session credentials, which stay in memory and out of the log.
 */
public class AssumeRoleTest {
  private static final String BASE_KEY = "AKIAH19BASEKEY000001";
  private static final String BASE_SECRET = "h19-base-secret-key";
  private static final String SESSION_KEY = StsFake.SESSION_KEY;
  private static final String SESSION_SECRET = StsFake.SESSION_SECRET;
  private static final String SESSION_TOKEN = StsFake.SESSION_TOKEN;

  private final WireMockServer aws = new WireMockServer(options().bindAddress("127.0.0.1").port(31601));
  private final List<String> lines = new ArrayList<>();
  private final StepLog log = StepLog.to(lines::add);

  @Before
  public void setUp() {
    aws.start();
    StsFake.assumeRoleAnswers(aws);
    aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerRegistry_V20150921.DescribeRepositories"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody("{\"repositories\":[]}")));
  }

  @After
  public void tearDown() {
    aws.stop();
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + aws.port());
    env.put("AWS_ACCESS_KEY_ID", BASE_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", BASE_SECRET);
    env.put("BUILD_TAG", "jenkins-shop-7");
    return env;
  }

  private static Optional<AssumeRole> role(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return AssumeRole.from(Params.of(m));
  }

  private static Map<String, String> form(LoggedRequest r) {
    return StsFake.form(r);
  }

  private static String accessKeyOf(LoggedRequest r) {
    return StsFake.accessKeyOf(r);
  }

  @Test
  public void everyCallIsSignedWithTheRolesSessionCredentialsWhichNeverReachTheLog() {
    AwsCredentialsSpec spec = AwsCredentialsSpec.parse("credentials", "env")
        .assuming(role("role", "deployer", "roleAccount", "210987654321", "externalId", "shop-ci-7", "duration", "2h"));
    SdkAwsClients clients = new SdkAwsClients(spec, env(), log);
    try (var ecr = clients.ecr("eu-west-1")) {
      ecr.describeRepositories(b -> b.repositoryNames("shop/api"));
      ecr.describeRepositories(b -> b.repositoryNames("shop/web"));
    }

    List<LoggedRequest> assumes = aws.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=AssumeRole")));
    assertEquals("one AssumeRole for both calls (the session is kept in memory)", 1, assumes.size());
    Map<String, String> f = form(assumes.get(0));
    assertEquals("arn:aws:iam::210987654321:role/deployer", f.get("RoleArn"));
    assertEquals("deploy-steps-jenkins-shop-7", f.get("RoleSessionName"));
    assertEquals("shop-ci-7", f.get("ExternalId"));
    assertEquals("7200", f.get("DurationSeconds"));
    assertEquals("AssumeRole is signed with the step's own keys", BASE_KEY, accessKeyOf(assumes.get(0)));

    List<LoggedRequest> ecrCalls = aws.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target",
        equalTo("AmazonEC2ContainerRegistry_V20150921.DescribeRepositories")));
    assertEquals(2, ecrCalls.size());
    for (LoggedRequest r : ecrCalls) {
      assertEquals(SESSION_KEY, accessKeyOf(r));
      assertEquals(SESSION_TOKEN, r.getHeader("X-Amz-Security-Token"));
    }
    assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.contains("assumed arn:aws:iam::210987654321:role/deployer")));
    assertTrue("the session secret is masked from here on", log.mask("x " + SESSION_SECRET).equals("x ****"));
    for (String l : lines) {
      assertFalse(l, l.contains(SESSION_SECRET) || l.contains(SESSION_TOKEN) || l.contains(BASE_SECRET));
    }
  }

  @Test
  public void aRoleNameWithoutAnAccountIsLookedUpInTheCallersAccountAndChinaHasItsPartition() {
    aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                + "<Arn>arn:aws-cn:iam::123456789012:user/ci</Arn><UserId>AIDAH19</UserId><Account>123456789012</Account>"
                + "</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>"
                + "</GetCallerIdentityResponse>")));
    SdkAwsClients clients = new SdkAwsClients(AwsCredentialsSpec.parse("credentials", "env").assuming(role("role", "deployer")), env(), log);
    try (var ecr = clients.ecr("cn-north-1")) {
      ecr.describeRepositories(b -> b.repositoryNames("shop/api"));
    }
    LoggedRequest assume = aws.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=AssumeRole"))).get(0);
    assertEquals("arn:aws-cn:iam::123456789012:role/deployer", form(assume).get("RoleArn"));
    assertEquals("3600", form(assume).get("DurationSeconds"));
  }

  @Test
  public void aRefusedAssumeRoleIsOneLineNamingTheRole() {
    aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=AssumeRole"))
        .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml").withBody(
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                + "<Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/ci is not authorized to perform:"
                + " sts:AssumeRole on resource: arn:aws:iam::210987654321:role/deployer</Message></Error>"
                + "<RequestId>2</RequestId></ErrorResponse>")));
    SdkAwsClients clients = new SdkAwsClients(AwsCredentialsSpec.parse("credentials", "env")
        .assuming(role("role", "arn:aws:iam::210987654321:role/deployer")), env(), log);
    try (var ecr = clients.ecr("eu-west-1")) {
      ecr.describeRepositories(b -> b.repositoryNames("shop/api"));
      fail("AssumeRole was refused");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("STS AssumeRole arn:aws:iam::210987654321:role/deployer failed:"
          + " AccessDenied: User: arn:aws:iam::123456789012:user/ci is not authorized"));
    }
    assertEquals("no ECR call without the role", 0, aws.findAll(postRequestedFor(urlEqualTo("/"))
        .withHeader("X-Amz-Target", containing("ContainerRegistry"))).size());
  }

  @Test
  public void badRoleKeysAreRefusedByName() {
    rejected("role", "role", "not a role!");
    rejected("role", "role", "arn:aws:iam::12:role/x");
    rejected("roleAccount", "role", "deployer", "roleAccount", "1234");
    rejected("roleAccount", "role", "arn:aws:iam::210987654321:role/deployer", "roleAccount", "210987654321");
    rejected("duration", "role", "deployer", "duration", 60);
    rejected("duration", "role", "deployer", "duration", "13h");
    rejected("externalId", "role", "deployer", "externalId", "x");
    rejected("roleSessionName", "role", "deployer", "roleSessionName", "has space");
    rejected("roleAccount", "roleAccount", "210987654321");
    assertEquals(Optional.empty(), role());
    assertEquals(3600, role("role", "deployer", "duration", 3600).get().duration().toSeconds());
  }

  private static void rejected(String key, Object... kv) {
    try {
      role(kv);
      fail(key + " should be refused for " + List.of(kv));
    } catch (InvalidParameterException e) {
      assertEquals(e.getMessage(), key, e.parameter());
    }
  }
}
