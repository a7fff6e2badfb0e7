package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import io.deploysteps.catalogue.Door;
import io.deploysteps.catalogue.Parameter;
import io.deploysteps.engine.InvalidParameterException;
import java.util.HashMap;
import java.util.Map;
import org.junit.Test;

/** The compose parameter (issue 17 item 4): what it takes, and each refusal naming the parameter. */
public class ComposeSpecTest {
  private static final Map<String, Object> SERVICES = Map.of("blue", "importback-blue", "green", "importback-green");

  private static BlueGreenRequest request(Object compose, Object... kv) {
    Map<String, Object> m = new HashMap<>(Map.of("name", "importback", "image", "importback:2", "proxy", "/etc/nginx/x.inc"));
    m.put("compose", compose);
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return BlueGreenRequest.fromMap(m);
  }

  private static String refusal(Object compose, Object... kv) {
    return assertThrows(InvalidParameterException.class, () -> request(compose, kv)).parameter();
  }

  @Test
  public void composeNamesTheFileBothServicesAndAnOptionalProject() {
    assertEquals(new ComposeSpec("docker-compose.prod.yml", "importback-blue", "importback-green", "importback"),
        request(Map.of("file", "docker-compose.prod.yml", "services", SERVICES, "project", "importback")).compose);
    ComposeSpec noProject = request(Map.of("file", "docker-compose.prod.yml", "services", SERVICES)).compose;
    assertNull(noProject.project());
    assertEquals("importback-blue", noProject.serviceOn(3000, PortPair.of("ports", 3000, 4000)));
    assertEquals("importback-green", noProject.serviceOn(4000, PortPair.of("ports", 3000, 4000)));
  }

  @Test
  public void theSharedLibrarysDefaultsGoWithCompose() {
    // vars/blueGreenDeploy.groovy passes its literal defaults: they are not "given" container settings.
    assertEquals("importback-green", request(Map.of("file", "c.yml", "services", SERVICES), "network", "host", "upstream",
        "loopback", "restart", "unless-stopped").compose.green());
  }

  @Test
  public void everyDefaultTheDoorsPassGoesWithCompose() {
    // The shared library's default map holds the catalogue's defaults: none of them may count as a container setting.
    Map<String, Object> m = new HashMap<>();
    for (Parameter p : BlueGreenParameters.CATALOGUE.takenBy(Door.LIBRARY)) {
      if (!p.nested() && p.defaultValue() != null && BlueGreenRequest.KEYS.contains(p.key())) {
        m.put(p.key(), p.defaultValue());
      }
    }
    m.putAll(Map.of("name", "importback", "image", "importback:2", "proxy", "/etc/nginx/x.inc",
        "compose", Map.of("file", "c.yml", "services", SERVICES)));
    assertEquals("importback-blue", BlueGreenRequest.fromMap(m).compose.blue());
  }

  @Test
  public void badComposeIsRefusedNamingTheParameter() {
    assertEquals("compose.file", refusal(Map.of("services", SERVICES)));
    assertEquals("compose.services", refusal(Map.of("file", "c.yml")));
    assertEquals("compose.services.green", refusal(Map.of("file", "c.yml", "services", Map.of("blue", "a"))));
    assertEquals("compose.services.green", refusal(Map.of("file", "c.yml", "services", Map.of("blue", "a", "green", "a"))));
    assertEquals("compose.services.blue", refusal(Map.of("file", "c.yml", "services", Map.of("blue", "a b", "green", "c"))));
    assertEquals("compose.services.red", refusal(Map.of("file", "c.yml", "services", Map.of("blue", "a", "green", "b", "red", "c"))));
    assertEquals("compose.files", refusal(Map.of("files", "c.yml", "services", SERVICES)));
    assertEquals("compose.project", refusal(Map.of("file", "c.yml", "services", SERVICES, "project", "Import Back")));
    assertEquals("compose", refusal("c.yml"));
  }

  @Test
  public void whatTheComposeFileSaysIsRefusedBesideIt() {
    Map<String, Object> c = Map.of("file", "c.yml", "services", SERVICES);
    assertEquals("network", refusal(c, "network", "dev", "containerPort", 3000));
    assertEquals("env", refusal(c, "env", Map.of("A", "1")));
    assertEquals("colourEnv", refusal(c, "colourEnv", Map.of("blue", Map.of("A", "1"))));
    assertEquals("restart", refusal(c, "restart", "always"));
  }
}
