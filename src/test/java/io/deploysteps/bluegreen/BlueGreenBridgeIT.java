package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.deploysteps.docker.Docker;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.prune.PrivateDockerd;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.testing.TestImage;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * blueGreenDeploy on a real bridge (issue 17 items 1 and 2): a private dockerd whose bridge and
 * address pool are link-local, the machine checked for private addresses before any request, and
 * every request of the test and the engine to 127.0.0.1 (the published ports, nginx's).
 */
public class BlueGreenBridgeIT {
  private static final String FIXED = "h17a-fixed";
  private static final int BLUE = 31711;
  private static final int GREEN = 31712;
  private static final int NGINX = 31713;
  private static final String V1 = "h17a-fixed:v1";
  private static final String V2 = "h17a-fixed:v2";
  private static final String NAMED = "h17a-named";
  private static final int NAMED_BLUE = 31721;
  private static final int NAMED_GREEN = 31722;
  private static final int NGINX_PUBLISHED = 31723;
  private static final String UNHEALTHY = "h17a-fixed:unhealthy";
  private static final String DYING = "h17a-fixed:dying";
  private static final String NGINX_IMAGE = "h17a-nginx:1";
  private static final String NGINX_CONTAINER = "h17a-nginx";
  private static PrivateDockerd dockerd;
  private static Docker docker;
  private static TestNginx nginx;
  private static TestNginx containerNginx;

  private final RecordingLog log = new RecordingLog();

  @BeforeClass
  public static void daemon() throws Exception {
    dockerd = PrivateDockerd.bridged("h17a", "h17a0", "169.254.170.1/24", "169.254.172.0/24");
    docker = dockerd.client();
    // Seed 003's images: the app listens on 3000 whatever $PORT says (docker run -p 4000:3000).
    TestImage.tagged(V1).fixedPort(3000).build(docker);
    TestImage.tagged(V2).fixedPort(3000).build(docker);
    TestImage.tagged(UNHEALTHY).fixedPort(3000).withoutPage("health").build(docker);
    TestImage.tagged(DYING).fixedPort(3000).servingFor(3).build(docker);
    HostNginxImage.build(docker, NGINX_IMAGE);
    nginx = new TestNginx(Files.createTempDirectory("h17a-nginx"), NGINX, BLUE);
    nginx.start();
  }

  @AfterClass
  public static void cleanUp() throws Exception {
    if (nginx != null) {
      nginx.stop();
      ItSupport.deleteTree(nginx.dir);
    }
    if (containerNginx != null) {
      ItSupport.deleteTree(containerNginx.dir);
    }
    if (dockerd != null) {
      ItSupport.removeAll(docker, "h17a-");
      dockerd.close();
    }
  }

  @Before
  public void noPrivateAddress() throws Exception {
    PrivateDockerd.requireNoPrivateAddress();
  }

  private BlueGreenResult deploy(Map<String, Object> params) {
    return new BlueGreenRunner(ItSupport.context(log.log(), Map.of(), dockerd.env())).run(BlueGreenRequest.fromMap(params));
  }

  private String inspect(String format, String container) {
    return dockerd.docker("inspect", "--format", format, container).stdout().strip();
  }

  /** Item 1: a fixed-port image, network 'bridge', containerPort 3000, v1 then v2 through nginx. */
  @Test
  public void aFixedPortAppDeploysOnARealBridge() {
    Map<String, Object> p = ItSupport.quickDeploy(FIXED, BLUE, GREEN);
    p.put("network", "bridge");
    p.put("containerPort", 3000);
    p.put("verifyUrl", "http://127.0.0.1:" + NGINX + "/");
    p.put("proxy", nginx.proxyParams());
    p.put("image", V1);
    BlueGreenResult first = deploy(p);
    assertEquals(GREEN, first.livePort());
    assertEquals("hello from " + V1, ItSupport.get("http://127.0.0.1:" + NGINX + "/"));
    String container = FIXED + "-" + GREEN;
    // A real bridge: the container has an address of its own on it, and only 127.0.0.1 publishes.
    assertTrue(inspect("{{.NetworkSettings.IPAddress}}", container), inspect("{{.NetworkSettings.IPAddress}}", container)
        .startsWith("169.254.170."));
    assertEquals("{\"3000/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"" + GREEN + "\"}]}",
        inspect("{{json .HostConfig.PortBindings}}", container));

    p.put("image", V2);
    BlueGreenResult second = deploy(p);
    assertEquals(BLUE, second.livePort());
    assertEquals("hello from " + V2, ItSupport.get("http://127.0.0.1:" + NGINX + "/"));
    assertTrue(log.text(), log.text().contains("health ok on 127.0.0.1:" + BLUE));
    assertTrue(log.text(), log.text().contains("verified http://127.0.0.1:" + NGINX + "/ answers from 127.0.0.1:" + BLUE));
    assertEquals(List.of(FIXED + "-" + BLUE + " running " + V2, FIXED + "-" + GREEN + " stopped " + V1),
        ItSupport.containers(docker, FIXED + "-"));
  }

  /**
   * Item 2, seed 003's layout: nginx in a container on the user network dev (its config directory
   * mounted, published on 127.0.0.1 only) reaches the colours by name, NAME-PORT:3000, through the
   * site template's resolver; test and reload are docker exec argv lists. nginx's own 127.0.0.1 is
   * its container's: an answer through it proves the name was resolved.
   */
  @Test
  public void nginxInAContainerReachesTheColoursByName() throws Exception {
    assertTrue(dockerd.docker("network", "create", "dev").ok());
    PrivateDockerd.requireNoPrivateAddress();
    assertTrue(dockerd.docker("network", "inspect", "--format", "{{json .IPAM.Config}}", "dev").stdout(),
        dockerd.docker("network", "inspect", "--format", "{{json .IPAM.Config}}", "dev").stdout().contains("169.254.172."));
    containerNginx = TestNginx.inContainer(Files.createTempDirectory("h17a-nginx-ctr"), NGINX_PUBLISHED, 8080, NAMED_BLUE);
    List<String> run = new ArrayList<>(List.of("run", "--detach", "--name", NGINX_CONTAINER, "--network", "dev",
        "--publish", "127.0.0.1:" + NGINX_PUBLISHED + ":8080", "--volume", containerNginx.dir + ":" + containerNginx.dir,
        NGINX_IMAGE, "/usr/sbin/nginx"));
    run.addAll(containerNginx.args("-g", "daemon off;"));
    CommandResult started = dockerd.docker(run.toArray(new String[0]));
    assertTrue(started.stderr(), started.ok());
    containerNginx.awaitListening();

    Map<String, Object> p = ItSupport.quickDeploy(NAMED, NAMED_BLUE, NAMED_GREEN);
    p.put("network", "dev");
    p.put("containerPort", 3000);
    p.put("upstream", "name");
    String nginxUrl = "http://127.0.0.1:" + NGINX_PUBLISHED + "/";
    p.put("verifyUrl", nginxUrl);
    p.put("proxy", Map.of("includeFile", containerNginx.include.toString(), "testCommand", exec(containerNginx, "-t"),
        "reloadCommand", exec(containerNginx, "-s", "reload")));
    p.put("image", V1);
    assertEquals(NAMED_GREEN, deploy(p).livePort());
    assertEquals("set $service_url http://" + NAMED + "-" + NAMED_GREEN + ":3000;\n", Files.readString(containerNginx.include));
    assertEquals("hello from " + V1, ItSupport.get(nginxUrl));

    p.put("image", V2);
    assertEquals(NAMED_BLUE, deploy(p).livePort());
    assertEquals("set $service_url http://" + NAMED + "-" + NAMED_BLUE + ":3000;\n", Files.readString(containerNginx.include));
    assertEquals("hello from " + V2, ItSupport.get(nginxUrl));
    // The site template's header names the colour by name; verify read its port from it.
    assertTrue(log.text(), log.text().contains("verified " + nginxUrl + " answers from 127.0.0.1:" + NAMED_BLUE));
    assertTrue(log.text(), log.text().contains("from upstream http://" + NAMED + "-" + NAMED_BLUE + ":3000"));

    // A v3 that never gets healthy: nothing switched, v2 serves through nginx.
    p.put("image", UNHEALTHY);
    p.put("healthTimeout", "3s");
    StepFailedException unhealthy = assertThrows(StepFailedException.class, () -> deploy(p));
    assertTrue(unhealthy.getMessage(), unhealthy.getMessage().contains("traffic stays on 127.0.0.1:" + NAMED_BLUE));
    assertEquals("hello from " + V2, ItSupport.get(nginxUrl));

    // A v4 that passes its gate and dies after the switch: back to v2 by name, proven through nginx.
    p.put("image", DYING);
    p.put("healthTimeout", "20s");
    p.put("minHealthy", "8s");
    StepFailedException died = assertThrows(StepFailedException.class, () -> deploy(p));
    assertTrue(died.getMessage(), died.getMessage().contains("traffic is back on 127.0.0.1:" + NAMED_BLUE + " (" + NAMED + "-"
        + NAMED_BLUE + "), proven"));
    assertEquals("set $service_url http://" + NAMED + "-" + NAMED_BLUE + ":3000;\n", Files.readString(containerNginx.include));
    assertEquals("hello from " + V2, ItSupport.get(nginxUrl));
    assertEquals(List.of(NAMED + "-" + NAMED_BLUE + " running " + V2, NAMED + "-" + NAMED_GREEN + " stopped " + V1),
        ItSupport.containers(docker, NAMED + "-"));
  }

  /** {@code docker exec h17a-nginx nginx ARGS}, an argv (DOCKER_HOST comes from the context's runner). */
  private static List<String> exec(TestNginx n, String... args) {
    List<String> argv = new ArrayList<>(List.of("docker", "exec", NGINX_CONTAINER, "/usr/sbin/nginx"));
    argv.addAll(n.args(args));
    return argv;
  }
}
