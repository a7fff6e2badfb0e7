package io.deploysteps.cli;

import static org.junit.Assert.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

public class BlueGreenDeployCommandTest {
  @Test
  public void nestedOptionsMergeIntoTheParamsFileMaps() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("name", "shop");
    params.put("proxy", Map.of("includeFile", "/etc/nginx/service-url.inc"));
    params.put("health", "/health");
    params.put("health.status", 204);
    params.put("proxy.reloadCommand", "docker exec nginx nginx -s reload");
    Map<String, Object> nested = BlueGreenDeployCommand.nest(params);
    assertEquals(Map.of("path", "/health", "status", 204), nested.get("health"));
    assertEquals(Map.of("includeFile", "/etc/nginx/service-url.inc", "reloadCommand", "docker exec nginx nginx -s reload"),
        nested.get("proxy"));
    assertEquals("shop", nested.get("name"));
  }
}
