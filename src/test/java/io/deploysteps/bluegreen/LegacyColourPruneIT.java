package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.DeployLabels;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.DockerCli;
import io.deploysteps.docker.EngineApi;
import io.deploysteps.docker.EngineApiDocker;
import io.deploysteps.docker.RunSpec;
import io.deploysteps.context.StepContext;
import io.deploysteps.http.JavaHttpProbe;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.prune.PruneRequest;
import io.deploysteps.prune.PruneRunner;
import io.deploysteps.prune.PrivateDockerd;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.testing.TestImage;
import io.deploysteps.time.TimeSource;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Issue 11 item 8 on a private dockerd (a host-wide prune must never reach the shared one): a
 * service the old scripts started (no labels), deployed once with blueGreenDeploy, then
 * {@code pruneDocker(images: 'unused', keepPerRepository: 0)}: the kept unlabelled colour and its
 * image survive, named by the live colour's {@code io.deploysteps.previous}, and the rollback works.
 */
@RunWith(Parameterized.class)
public class LegacyColourPruneIT {
  private static final String NAME = "h11b-legacy";
  private static final int BLUE = 25210;
  private static final int GREEN = 25211;
  private static final String V1 = "h11b-legacy:v1";
  private static final String V2 = "h11b-legacy:v2";
  private static PrivateDockerd dockerd;
  private static TestNginx nginx;

  @Parameters(name = "{0}")
  public static List<Object[]> transports() {
    return List.of(new Object[] {"docker CLI"}, new Object[] {"Engine API"});
  }

  private final String transport;
  private final RecordingLog log = new RecordingLog();

  public LegacyColourPruneIT(String transport) {
    this.transport = transport;
  }

  @BeforeClass
  public static void start() throws Exception {
    dockerd = new PrivateDockerd();
    nginx = new TestNginx(Files.createTempDirectory("h11b-legacy-nginx"), 25201, BLUE);
    nginx.start();
  }

  @AfterClass
  public static void stop() throws Exception {
    if (nginx != null) {
      nginx.stop();
      ItSupport.deleteTree(nginx.dir);
    }
    if (dockerd != null) {
      dockerd.close();
    }
  }

  /** What the old scripts left: v1 on the blue port, unlabelled, and the include pointing at it. */
  @Before
  public void oldScriptsStartedV1() throws Exception {
    Docker docker = dockerd.client();
    TestImage.tagged(V1).build(docker);
    TestImage.tagged(V2).build(docker);
    docker.run(RunSpec.image(V1).name(NAME + "-" + BLUE).network("host").init(true).env("PORT", String.valueOf(BLUE))
        .build());
    Files.writeString(nginx.include, NginxIncludeSwitch.content(BLUE));
    TestNginx.run(nginx.command("-s", "reload"));
    for (int i = 0; i < 100 && !served().equals("hello from " + V1); i++) {
      TestNginx.sleep(100);
    }
    assertEquals("hello from " + V1, served());
  }

  @After
  public void wipe() {
    for (String id : dockerd.docker("ps", "-aq").stdout().split("\\s+")) {
      if (!id.isBlank()) {
        dockerd.docker("rm", "-f", id);
      }
    }
    for (String id : dockerd.docker("image", "ls", "-aq").stdout().split("\\s+")) {
      if (!id.isBlank()) {
        dockerd.docker("rmi", "-f", id);
      }
    }
  }

  private StepContext context(Docker docker) {
    LocalCommandRunner runner = new LocalCommandRunner(dockerd.env(), log.log(), false);
    return StepContext.builder(runner, new LocalHostFiles(), log.log(), dockerd.env(),
        System.getProperty("java.io.tmpdir"), docker).time(TimeSource.system()).aws(spec -> {
          throw new AssertionError("no AWS here");
        }).probe(new JavaHttpProbe()).build();
  }

  private BlueGreenResult blueGreen(boolean rollback) {
    Map<String, Object> m = new HashMap<>();
    m.put("name", NAME);
    if (rollback) {
      m.put("rollback", true);
    } else {
      m.put("image", V2);
    }
    m.put("ports", List.of(BLUE, GREEN));
    m.put("health", Map.of("path", "/health", "body", "ok"));
    m.put("healthTimeout", "20s");
    m.put("drain", "0s");
    m.put("stopTimeout", 5);
    m.put("proxy", Map.of("includeFile", nginx.include.toString(), "testCommand", nginx.command("-t"),
        "reloadCommand", nginx.command("-s", "reload")));
    return new BlueGreenRunner(context(dockerd.client())).run(BlueGreenRequest.fromMap(m));
  }

  private String served() {
    return ItSupport.get("http://127.0.0.1:" + nginx.port + "/");
  }

  @Test
  public void pruneKeepsTheUnlabelledPreviousColourAndTheRollbackWorks() {
    Docker cli = dockerd.client();
    String v1Container = cli.inspectContainer(NAME + "-" + BLUE).orElseThrow().id();
    BlueGreenResult deployed = blueGreen(false);
    assertEquals(GREEN, deployed.livePort());
    assertEquals("hello from " + V2, served());
    ContainerInfo live = cli.inspectContainer(NAME + "-" + GREEN).orElseThrow();
    assertEquals(v1Container, live.labels().get(DeployLabels.PREVIOUS));

    Docker pruneDocker = transport.equals("docker CLI") ? cli
        : new EngineApiDocker(cli, new EngineApi(Paths.get(dockerd.host.substring("unix://".length()))));
    Map<String, Object> pruned = new PruneRunner(context(pruneDocker))
        .run(PruneRequest.fromMap(Map.of("images", "unused", "keepPerRepository", 0))).toMap();
    assertTrue("the kept colour survives the prune: " + pruned, cli.inspectContainer(v1Container).isPresent());
    assertTrue("and its image: " + pruned, cli.inspectImage(V1).isPresent());
    assertTrue(pruned.toString(), pruned.get("kept").toString().contains("kept for rollback by " + NAME + "-" + GREEN));

    BlueGreenResult back = blueGreen(true);
    assertEquals(BLUE, back.livePort());
    assertEquals("hello from " + V1, served());
  }
}
