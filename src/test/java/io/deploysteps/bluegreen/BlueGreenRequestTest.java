package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import io.deploysteps.engine.InvalidParameterException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class BlueGreenRequestTest {
  private static Map<String, Object> valid() {
    Map<String, Object> m = new HashMap<>();
    m.put("name", "shop-api");
    m.put("image", "127.0.0.1:5000/shop/api:1.4");
    m.put("proxy", Map.of("includeFile", "/etc/nginx/conf.d/service-url.inc"));
    return m;
  }

  private static void rejects(String parameter, String key, Object value) {
    Map<String, Object> m = valid();
    m.put(key, value);
    try {
      BlueGreenRequest.fromMap(m);
      fail("expected " + key + "=" + value + " to be refused");
    } catch (InvalidParameterException e) {
      assertEquals(e.getMessage(), parameter, e.parameter());
    }
  }

  @Test
  public void defaults() {
    BlueGreenRequest r = BlueGreenRequest.fromMap(valid());
    assertEquals(3000, r.ports().first());
    assertEquals(4000, r.ports().second());
    assertEquals("host", r.network);
    assertEquals(HealthCheck.Kind.HTTP, r.health().kind());
    assertEquals("/", ((HealthCheck.Http) r.health()).path());
    assertEquals(Duration.ofSeconds(60), r.healthTimeout);
    assertEquals(List.of("nginx", "-t"), r.testCommand);
    assertEquals(List.of("nginx", "-s", "reload"), r.reloadCommand);
    assertEquals(Duration.ofSeconds(10), r.stopTimeout);
    assertEquals(true, r.keepPrevious);
    assertEquals("unless-stopped", r.restart);
    assertNull(r.verifyUrl);
    assertEquals("shop-api-4000", r.containerName(4000));
  }

  @Test
  public void badInputNamesTheParameter() {
    rejects("image", "image", "Shop/API:1");
    rejects("ports", "ports", List.of(3000, 3000));
    rejects("ports", "ports", List.of(0, 4000));
    rejects("ports", "ports", "3000,70000");
    rejects("ports", "ports", "3000");
    rejects("name", "name", "Shop");
    rejects("name", "name", "-shop");
    rejects("health.path", "health", Map.of("path", "health"));
    rejects("health.path", "health", "health");
    rejects("network", "network", "container:web");
    rejects("containerPort", "network", "bridge");
    rejects("verifyUrl", "verifyUrl", "ftp://x/");
    rejects("proxy.includeFile", "proxy", Map.of("testCommand", List.of("nginx", "-t")));
    rejects("healthTimeout", "healthTimeout", "soon");
    rejects("imagePullPolicy", "imagePullPolicy", "always");
    rejects("restart", "restart", "sometimes");
    rejects("restart", "restart", "on-failure:0");
    rejects("restart", "restart", "always; reboot");
  }

  @Test
  public void theKeysOfIssue11AreCheckedBeforeAnythingStarts() {
    rejects("minHealthy", "minHealthy", "-1s");
    rejects("to", "to", "shop/api:1.3");
    rejects("pull", "pull", "sometimes");
    Map<String, Object> m = valid();
    m.put("rollback", true);
    m.put("force", true);
    try {
      BlueGreenRequest.fromMap(m);
      fail("force with rollback");
    } catch (InvalidParameterException e) {
      assertEquals("force", e.parameter());
    }
    m.remove("force");
    m.put("to", "Shop:1");
    try {
      BlueGreenRequest.fromMap(m);
      fail("a bad to");
    } catch (InvalidParameterException e) {
      assertEquals("to", e.parameter());
    }
    assertEquals(Duration.ofSeconds(2), BlueGreenRequest.fromMap(valid()).minHealthy);
  }

  @Test
  public void pullDefaultsToAlwaysForARegistryTagOnly() {
    assertEquals(BlueGreenRequest.Pull.ALWAYS, BlueGreenRequest.fromMap(valid()).pull);
    Map<String, Object> m = valid();
    m.put("image", "127.0.0.1:5000/shop/api@sha256:" + "a".repeat(64));
    assertEquals(BlueGreenRequest.Pull.MISSING, BlueGreenRequest.fromMap(m).pull);
    m.put("image", "shop-api:1.4");
    assertEquals(BlueGreenRequest.Pull.MISSING, BlueGreenRequest.fromMap(m).pull);
    m.put("pull", "never");
    assertEquals(BlueGreenRequest.Pull.NEVER, BlueGreenRequest.fromMap(m).pull);
  }

  @Test
  public void restartTakesDockersPolicies() {
    for (String policy : List.of("no", "always", "unless-stopped", "on-failure", "on-failure:5")) {
      Map<String, Object> m = valid();
      m.put("restart", policy);
      assertEquals(policy, BlueGreenRequest.fromMap(m).restart);
    }
  }

  @Test
  public void theIncludesPathAloneStandsForTheProxyMap() {
    Map<String, Object> m = valid();
    m.put("proxy", "/etc/nginx/service-url.inc");
    BlueGreenRequest r = BlueGreenRequest.fromMap(m);
    assertEquals("/etc/nginx/service-url.inc", r.includeFile);
    assertEquals(List.of("nginx", "-t"), r.testCommand);
  }

  @Test
  public void healthKindsAndArgvLists() {
    Map<String, Object> m = valid();
    m.put("health", Map.of("path", "/health", "status", 204, "body", "ok"));
    m.put("proxy", Map.of("includeFile", "/x/s.inc", "testCommand", "docker exec nginx nginx -t",
        "reloadCommand", List.of("docker", "exec", "nginx", "nginx", "-s", "reload")));
    BlueGreenRequest r = BlueGreenRequest.fromMap(m);
    assertEquals("GET /health -> 204 containing 'ok'", r.health().toString());
    assertEquals(List.of("docker", "exec", "nginx", "nginx", "-t"), r.testCommand);
    assertEquals(List.of("docker", "exec", "nginx", "nginx", "-s", "reload"), r.reloadCommand);
    m.put("health", "docker");
    assertEquals(HealthCheck.Kind.DOCKER, BlueGreenRequest.fromMap(m).health().kind());
    m.put("health", Map.of("log", "listening on 127\\.0\\.0\\.1:\\d+"));
    assertEquals(HealthCheck.Kind.LOG, BlueGreenRequest.fromMap(m).health().kind());
  }

  @Test
  public void rollbackNeedsNoImage() {
    Map<String, Object> m = valid();
    m.remove("image");
    m.put("rollback", true);
    assertNull(BlueGreenRequest.fromMap(m).image());
    m.put("rollback", false);
    try {
      BlueGreenRequest.fromMap(m);
      fail();
    } catch (InvalidParameterException e) {
      assertEquals("image", e.parameter());
    }
  }
}
