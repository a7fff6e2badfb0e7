package io.deploysteps.ecr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.engine.InvalidParameterException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The keys pipelines migrating to buildAndPushEcr bring (issue 19): one URI, registryId, credentials, builder, push. */
public class MigrationKeysTest {
  private static final String URI = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web";

  private static BuildAndPushRequest request(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return BuildAndPushRequest.fromMap(m);
  }

  private static InvalidParameterException refused(String key, Object... kv) {
    try {
      request(kv);
      fail(key + " should be refused: " + List.of(kv));
      return null;
    } catch (InvalidParameterException e) {
      assertEquals(e.getMessage(), key, e.parameter());
      return e;
    }
  }

  @Test
  public void anEcrUriGivesTheAccountTheRegionAndTheRepository() {
    BuildAndPushRequest r = request("repositoryUri", URI);
    assertEquals("team/web", r.repository());
    assertEquals("123456789012", r.accountId);
    assertEquals("eu-west-1", r.region);
    assertFalse(r.plainRegistry());
    BuildAndPushRequest fips = request("repositoryUri", "210987654321.dkr.ecr-fips.us-gov-west-1.amazonaws.com/a/b",
        "region", "us-gov-west-1", "registryId", "210987654321");
    assertEquals("210987654321", fips.accountId);
    assertEquals("cn-north-1", request("repositoryUri", "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app").region);
  }

  @Test
  public void anyOtherHostIsAPlainRegistry() {
    BuildAndPushRequest r = request("repositoryUri", "127.0.0.1:5000/team/web");
    assertTrue(r.plainRegistry());
    assertEquals("127.0.0.1:5000", r.registry);
    assertEquals("team/web", r.repository());
    assertEquals("ghcr.io", request("repositoryUri", "ghcr.io/acme/web").registry);
  }

  @Test
  public void aUriInRepositoryIsRefusedWithTheHint() {
    InvalidParameterException e = refused("repository", "repository", URI, "region", "eu-west-1");
    assertTrue(e.getMessage(), e.getMessage().contains("give it as repositoryUri"));
    refused("repository", "repository", "127.0.0.1:5000/team/web");
    refused("repository", "repository", "ghcr.io/acme/web");
    refused("repository", "repository", "localhost/web");
    refused("repository", "repository", "123456789012.dkr.ecr.eu-west-1.amazonaws.com");
    // ECR names with dots stay names.
    assertEquals("a.b_c-d/e0", request("repository", "a.b_c-d/e0").repository());
    assertEquals("web.v2/app", request("repository", "web.v2/app").repository());
  }

  @Test
  public void aUriAndWhatItSaysMustAgree() {
    refused("repository", "repositoryUri", URI, "repository", "team/web");
    refused("registry", "repositoryUri", URI, "registry", "127.0.0.1:5000");
    refused("region", "repositoryUri", URI, "region", "eu-west-3");
    refused("accountId", "repositoryUri", URI, "accountId", "210987654321");
    refused("repositoryUri", "repositoryUri", URI + ":v1");
    refused("repositoryUri", "repositoryUri", "https://" + URI);
    refused("repositoryUri", "repositoryUri", "team-web");
    refused("repositoryUri", "repositoryUri", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/Team");
  }

  @Test
  public void registryIdIsTheEcrApisNameForAccountId() {
    assertEquals("210987654321", request("repository", "app", "registryId", "210987654321").accountId);
    refused("registryId", "repository", "app", "registryId", "2109");
    refused("registryId", "repository", "app", "registryId", "210987654321", "accountId", "123456789012");
    assertEquals("123456789012", request("repository", "app", "registryId", "123456789012", "accountId", "123456789012").accountId);
  }

  @Test
  public void aJenkinsCredentialIdInCredentialsPointsToCredentialsId() {
    InvalidParameterException e = refused("credentials", "repository", "app", "credentials", "aws-prod-deployer");
    assertTrue(e.getMessage(), e.getMessage().endsWith("for a Jenkins credential (withAWS(credentials: ...)), use credentialsId"));
    assertEquals("env, then role deployer in 210987654321", request("repository", "app", "credentials", "env",
        "role", "deployer", "roleAccount", "210987654321").credentials.toString());
  }

  @Test
  public void buildKeysNoCachePullBuilderAndCaches() {
    BuildAndPushRequest r = request("repository", "app", "noCache", true, "pull", "true", "builder", "BuildKit",
        "cacheFrom", List.of("r.example.com/app:cache", "app@sha256:" + "a".repeat(64)), "cacheTo", "inline");
    assertTrue(r.noCache);
    assertTrue(r.pull);
    assertEquals("buildkit", r.builder);
    assertEquals(List.of("r.example.com/app:cache", "app@sha256:" + "a".repeat(64)), r.cacheFrom);
    assertFalse(r.cacheFromLatest);
    assertEquals(List.of("inline"), r.cacheTo);
    assertTrue(request("repository", "app", "cacheFrom", true).cacheFromLatest);
    assertTrue(request("repository", "app", "cacheFrom", "true").cacheFromLatest);
    assertEquals("auto", request("repository", "app").builder);
    refused("builder", "repository", "app", "builder", "kaniko");
    refused("cacheTo", "repository", "app", "builder", "legacy", "cacheTo", "inline");
    refused("cacheTo", "repository", "app", "cacheTo", "not a ref");
    refused("cacheFrom", "repository", "app", "cacheFrom", "app");
  }

  @Test
  public void buildThenPushIsTwoCalls() {
    BuildAndPushRequest build = request("repository", "app", "push", false);
    assertFalse(build.push);
    assertTrue(request("repository", "app", "pushOnly", true).pushOnly);
    refused("pushOnly", "repository", "app", "push", false, "pushOnly", true);
    refused("imageDetail", "repository", "app", "push", false, "imageDetail", "imageDetail.json");
    refused("imageDefinitions", "repository", "app", "push", false, "imageDefinitions", "i.json", "containerName", "web");
    refused("scanGate", "repository", "app", "push", false, "scanGate", Map.of("failOn", "CRITICAL"));
  }

  @Test
  public void aPlainRegistryLoginNamesItsUser() {
    assertEquals("ci", request("repositoryUri", "127.0.0.1:5001/team/web", "registryUser", "ci").registryUser);
    assertNull(request("repository", "app").registryUser);
    refused("registryUser", "repository", "app", "registryUser", "ci");
    refused("scanGate", "repository", "app", "registry", "ghcr.io", "scanGate", Map.of("failOn", "HIGH"));
    assertTrue("no process the step starts inherits it",
        io.deploysteps.exec.LocalCommandRunner.holdsSecret("DEPLOY_STEPS_REGISTRY_PASSWORD"));
  }
}
