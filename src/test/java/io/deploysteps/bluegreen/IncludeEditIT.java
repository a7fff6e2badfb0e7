package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.docker.Docker;
import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.testing.TestImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue 11 item 7 with a real nginx: an include holding more than the {@code set $service_url}
 * line (headers, limits, comments), plain or symlinked, keeps every other line through a deploy,
 * another deploy and a rollback, and nginx keeps applying them; an include with two such lines is
 * refused before anything starts.
 */
public class IncludeEditIT {
  private static final String NAME = "h11b-inc";
  private static final int BLUE = 25220;
  private static final int GREEN = 25221;
  private static final String V1 = "h11b-inc:v1";
  private static final String V2 = "h11b-inc:v2";
  /** Valid in nginx's server context, where TestNginx includes the file; one commented-out old value. */
  private static final String INCLUDE = String.join("\n",
      "# service-url.inc of h11b-inc: kept by hand, only the set line below is the deploy's",
      "proxy_set_header X-Forwarded-For $remote_addr;",
      "add_header X-H11b-Kept \"yes; # not a comment\" always;   # proves nginx read this file",
      "client_max_body_size 2m;",
      "limit_rate_after 10m;",
      "# set $service_url http://127.0.0.1:1;",
      "set $service_url http://127.0.0.1:" + BLUE + ";  # the live colour",
      "");
  private static NginxFixture fixture;
  private static Docker docker;
  private static TestNginx nginx;

  private final RecordingLog log = new RecordingLog();

  @BeforeClass
  public static void images() throws Exception {
    fixture = NginxFixture.start(NAME, BLUE, GREEN, 25202, TestImage.tagged(V1), TestImage.tagged(V2));
    docker = fixture.docker;
    nginx = fixture.nginx;
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

  private BlueGreenResult deploy(String image) {
    Map<String, Object> m = fixture.params();
    if (image == null) {
      m.put("rollback", true);
    } else {
      m.put("image", image);
    }
    m.put("drain", "0s");
    return new BlueGreenRunner(ItSupport.context(log.log(), Map.of())).run(BlueGreenRequest.fromMap(m));
  }

  private static String pointedAt(int port) {
    return INCLUDE.replace("127.0.0.1:" + BLUE + ";", "127.0.0.1:" + port + ";");
  }

  /** Body and the header only the include's add_header line sets. */
  private static String served() throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginx.port + "/")).timeout(Duration.ofSeconds(3)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.body().strip() + " | X-H11b-Kept: " + r.headers().firstValue("X-H11b-Kept").orElse("(absent)");
  }

  /** Deploy v1, deploy v2, roll back: after each, only the port of the set line differs. */
  private void deployDeployRollBack(Path fileWithTheLines) throws Exception {
    TestNginx.run(nginx.command("-s", "reload"));
    assertEquals(GREEN, deploy(V1).livePort());
    assertEquals(pointedAt(GREEN), Files.readString(fileWithTheLines));
    assertEquals("hello from " + V1 + " | X-H11b-Kept: yes; # not a comment", served());
    assertEquals(BLUE, deploy(V2).livePort());
    assertEquals(pointedAt(BLUE), Files.readString(fileWithTheLines));
    assertEquals("hello from " + V2 + " | X-H11b-Kept: yes; # not a comment", served());
    assertEquals(GREEN, deploy(null).livePort());
    assertEquals(pointedAt(GREEN), Files.readString(fileWithTheLines));
    assertEquals("hello from " + V1 + " | X-H11b-Kept: yes; # not a comment", served());
  }

  @Test
  public void theOtherLinesOfAPlainIncludeSurviveDeploysAndARollback() throws Exception {
    Files.writeString(nginx.include, INCLUDE);
    deployDeployRollBack(nginx.include);
  }

  @Test
  public void aSymlinkedIncludeStaysALinkWhoseTargetGetsTheSwitch() throws Exception {
    Path target = Files.createDirectories(nginx.dir.resolve("shared")).resolve("h11b-inc.conf");
    Files.writeString(target, INCLUDE);
    Files.delete(nginx.include);
    Files.createSymbolicLink(nginx.include, Path.of("shared/h11b-inc.conf"));
    deployDeployRollBack(target);
    assertTrue("still a symlink", Files.isSymbolicLink(nginx.include));
    assertEquals(Path.of("shared/h11b-inc.conf"), Files.readSymbolicLink(nginx.include));
    try (var left = Files.list(target.getParent())) {
      assertEquals("no temp file left beside the target", List.of(target), left.toList());
    }
  }

  @Test
  public void anIncludeWithTwoSetLinesIsRefusedBeforeAnythingStarts() throws Exception {
    String two = INCLUDE + "set $service_url http://127.0.0.1:" + GREEN + ";\n";
    Files.writeString(nginx.include, two);
    try {
      deploy(V1);
      fail("expected a refusal");
    } catch (InvalidParameterException e) {
      assertEquals("proxy.includeFile", e.parameter());
      assertTrue(e.getMessage(), e.getMessage().contains("more than one 'set $service_url' line (lines 7 and 8)"));
    }
    assertEquals(two, Files.readString(nginx.include));
    assertEquals(List.of(), ItSupport.containers(docker, NAME + "-"));
  }
}
