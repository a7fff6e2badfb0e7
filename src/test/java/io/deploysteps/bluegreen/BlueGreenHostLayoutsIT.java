package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.docker.Docker;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.testing.TestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/** blueGreenDeploy for the layouts of issue 17, against the real dockerd and a real nginx of its own. */
public class BlueGreenHostLayoutsIT {
  private static final String NAME = "h17-layouts";
  private static final int BLUE = 31701;
  private static final int GREEN = 31702;
  private static final int NGINX = 31703;
  private static final String V1 = "h17-layouts:v1";
  private static final String V2 = "h17-layouts:v2";
  private static NginxFixture fixture;
  private static Docker docker;
  private static TestNginx nginx;
  private static Path dir;

  private final RecordingLog log = new RecordingLog();

  @BeforeClass
  public static void images() throws Exception {
    fixture = NginxFixture.start(NAME, BLUE, GREEN, NGINX, TestImage.tagged(V1), TestImage.tagged(V2));
    docker = fixture.docker;
    nginx = fixture.nginx;
    dir = nginx.dir;
  }

  @AfterClass
  public static void cleanUp() throws Exception {
    if (fixture != null) {
      fixture.stop();
    }
  }

  @Before
  @After
  public void noContainers() throws Exception {
    fixture.reset();
  }

  private Map<String, Object> params() {
    return fixture.params();
  }

  private BlueGreenResult deploy(Map<String, Object> params) {
    return new BlueGreenRunner(ItSupport.context(log.log(), Map.of())).run(BlueGreenRequest.fromMap(params));
  }

  private String served() {
    return fixture.served();
  }

  /** Item 6: seed 003 reads imageUri from the build's imagedefinitions.json; so does imageDefinitions. */
  @Test
  public void theImageComesFromTheBuildsImageDefinitions() throws Exception {
    Path defs = dir.resolve("imagedefinitions.json");
    Files.writeString(defs, "[{\"name\":\"web\",\"imageUri\":\"" + V1 + "\"},{\"name\":\"worker\",\"imageUri\":\"" + V2 + "\"}]\n");
    Map<String, Object> p = params();
    p.put("imageDefinitions", defs.toString());
    p.put("containerName", "worker");
    BlueGreenResult r = deploy(p);
    assertEquals(V2, r.image());
    assertEquals("hello from " + V2, served());
    assertTrue(log.text(), log.text().contains("image " + V2 + " from " + defs));

    // A malformed file: exit 2 naming it, and the live colour untouched.
    Files.writeString(defs, "[{\"name\":\"worker\"}]");
    try {
      deploy(p);
      fail("expected the malformed file to be refused");
    } catch (InvalidParameterException e) {
      assertEquals("imageDefinitions", e.parameter());
      assertTrue(e.getMessage(), e.getMessage().contains(defs.toString()));
    }
    assertEquals("hello from " + V2, served());
    assertEquals(List.of(NAME + "-" + GREEN + " running " + V2), ItSupport.containers(docker, NAME + "-"));
  }

  /** Item 1: the stack's dockerd has no bridge (--bridge=none), where -p publishes nothing: exit 2 before anything. */
  @Test
  public void bridgeOnADaemonWithoutABridgeIsRefusedUpFront() {
    Map<String, Object> p = params();
    p.put("image", V1);
    p.put("network", "bridge");
    p.put("containerPort", 3000);
    try {
      deploy(p);
      fail("expected network 'bridge' to be refused on a daemon without a bridge");
    } catch (InvalidParameterException e) {
      assertEquals("network", e.parameter());
      assertTrue(e.getMessage(), e.getMessage().contains("this Docker host has none"));
    }
    assertEquals(List.of(), ItSupport.containers(docker, NAME + "-"));
  }
}
