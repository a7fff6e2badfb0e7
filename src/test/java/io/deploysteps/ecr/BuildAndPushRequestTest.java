package io.deploysteps.ecr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.engine.InvalidParameterException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class BuildAndPushRequestTest {
  private static Map<String, Object> with(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    m.put("repository", "team/app");
    m.put("region", "eu-west-3");
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static void rejected(String parameter, Object... kv) {
    try {
      BuildAndPushRequest.fromMap(with(kv));
      fail("expected " + parameter + " to be rejected for " + List.of(kv));
    } catch (InvalidParameterException e) {
      assertEquals(e.getMessage(), parameter, e.parameter());
      assertTrue(e.getMessage(), e.getMessage().startsWith("invalid parameter '" + parameter + "': "));
    }
  }

  @Test
  public void defaultsMatchTheBuildspecFlow() {
    BuildAndPushRequest r = BuildAndPushRequest.fromMap(with());
    assertEquals("team/app", r.repository());
    assertEquals(List.of(), r.tags());
    assertEquals(".", r.context);
    assertNull(r.dockerfile);
    assertTrue(r.createRepository);
    assertTrue(r.scanOnPush);
    assertEquals("MUTABLE", r.imageTagMutability);
    assertEquals("AES256", r.encryptionType);
    assertNull(r.kmsKey);
    assertEquals("default", r.credentials.toString());
    assertTrue(!r.plainRegistry());
  }

  @Test
  public void repositoryNamesFollowEcrsPattern() {
    for (String ok : List.of("ab", "team/app", "a.b_c-d/e0", "x".repeat(256), "a/b/c/d")) {
      assertEquals(ok, BuildAndPushRequest.fromMap(with("repository", ok)).repository());
    }
    for (String bad : List.of("a", "Team/app", "app-", "-app", "a//b", "a/", "/a", "a__b", "a..b", "app:1", "x".repeat(257),
        "a b")) {
      rejected("repository", "repository", bad);
    }
    rejected("repository", "repository", "");
  }

  @Test
  public void tagsFollowDockersPattern() {
    assertEquals(List.of("v1.2.3", "latest", "A_b-1"),
        BuildAndPushRequest.fromMap(with("tags", List.of("v1.2.3", "latest", "A_b-1", "latest"))).tags());
    assertEquals(List.of("a", "b"), BuildAndPushRequest.fromMap(with("tags", "a,b")).tags());
    assertEquals(128, BuildAndPushRequest.fromMap(with("tags", "t".repeat(128))).tags().get(0).length());
    for (String bad : List.of("t".repeat(129), ".hidden", "-x", "a b", "a:b", "a/b", "ümlaut")) {
      rejected("tags", "tags", List.of("ok", bad));
    }
  }

  @Test
  public void regionAccountAndRegistryAreChecked() {
    rejected("region", "region", "eu-west");
    rejected("region", "region", "EU-WEST-1");
    rejected("region", "region", "euwest1");
    rejected("accountId", "accountId", "12345");
    rejected("registry", "registry", "http://127.0.0.1:5000");
    rejected("registry", "registry", "127.0.0.1:port");
    assertTrue(BuildAndPushRequest.fromMap(with("registry", "127.0.0.1:5000", "region", null)).plainRegistry());
    assertNull(BuildAndPushRequest.fromMap(with("region", null)).region);
  }

  @Test
  public void imageDefinitionsNeedAContainerName() {
    rejected("containerName", "imageDefinitions", "imagedefinitions.json");
    rejected("containerName", "imageDefinitions", "imagedefinitions.json", "containerName", "web app");
    BuildAndPushRequest r = BuildAndPushRequest.fromMap(with("imageDefinitions", "imagedefinitions.json", "containerName", "web"));
    assertEquals("web", r.containerName);
  }

  @Test
  public void repositorySettingsAreChecked() {
    rejected("imageTagMutability", "imageTagMutability", "SOMETIMES");
    rejected("encryption", "encryption", "ROT13");
    BuildAndPushRequest kms = BuildAndPushRequest.fromMap(with("encryption", "alias/ecr"));
    assertEquals("KMS", kms.encryptionType);
    assertEquals("alias/ecr", kms.kmsKey);
    assertEquals("KMS", BuildAndPushRequest.fromMap(with("encryption", "kms")).encryptionType);
    assertEquals("IMMUTABLE", BuildAndPushRequest.fromMap(with("imageTagMutability", "immutable")).imageTagMutability);
  }

  @Test
  public void buildOptionsAreChecked() {
    rejected("buildArgs", "buildArgs", Map.of("NOT VALID", "x"));
    rejected("buildArgs", "buildArgs", "novalue");
    rejected("labels", "labels", Map.of("a b", "x"));
    rejected("platform", "platform", "amd64");
    rejected("target", "target", "-stage");
    rejected("credentials", "credentials", "vault");
    rejected("cacheFrom", "cacheFrom", "maybe");
    rejected("repositry", "repositry", "typo");
    assertEquals(Map.of("VERSION", "1.2", "EMPTY", ""),
        BuildAndPushRequest.fromMap(with("buildArgs", "VERSION=1.2,EMPTY=")).buildArgs);
  }

  @Test
  public void buildArgsThatWouldSteerTheDockerClientAreRefusedByName() {
    for (String key : List.of("DOCKER_HOST", "DOCKER_API_VERSION", "DOCKER_CONFIG", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY",
        "DOCKER_CONTEXT", "PATH", "HOME", "HTTP_PROXY", "https_proxy", "DEPLOY_STEPS_CREDENTIALS")) {
      try {
        BuildAndPushRequest.fromMap(with("buildArgs", Map.of(key, "x", "VERSION", "1")));
        org.junit.Assert.fail("expected a refusal of " + key);
      } catch (InvalidParameterException e) {
        assertEquals("buildArgs", e.parameter());
        org.junit.Assert.assertTrue(e.getMessage(), e.getMessage().contains(key + ": docker build reads"));
      }
    }
    assertEquals(Map.of("GOOGLE_PROJECT", "p", "NPM_TOKEN", "t"),
        BuildAndPushRequest.fromMap(with("buildArgs", Map.of("GOOGLE_PROJECT", "p", "NPM_TOKEN", "t"))).buildArgs);
  }
}
