package io.deploysteps.prune;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.deploysteps.docker.DeployLabels;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.RunSpec;
import io.deploysteps.engine.ExitCodes;
import io.deploysteps.context.StepContext;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.testing.TestImage;
import io.deploysteps.time.TimeSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import io.deploysteps.docker.EngineApi;
import io.deploysteps.docker.EngineApiDocker;
import java.nio.file.Paths;
import org.junit.After;
import org.junit.Assume;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * pruneDocker against a real Docker Engine: a private dockerd of this test (never the shared one),
 * images loaded with real past Created times, a live blue-green service with its previous colour
 * kept, and prunes whose leftovers are checked exactly.
 */
@RunWith(Parameterized.class)
public class PruneDockerIT {
  private static PrivateDockerd dockerd;

  /** The CLI as the Jenkins plugin runs it; the Engine API as the CLI jar (and so the shared library) does. */
  @Parameters(name = "{0}")
  public static List<Object[]> transports() {
    return List.of(new Object[] {"docker CLI"}, new Object[] {"Engine API"});
  }

  private final String transport;
  private final Docker docker;

  private final RecordingLog log = new RecordingLog();
  private Instant now;
  private String liveContainer;
  private String previousContainer;

  public PruneDockerIT(String transport) {
    this.transport = transport;
    this.docker = transport.equals("docker CLI") ? dockerd.client()
        : new EngineApiDocker(dockerd.client(), new EngineApi(Paths.get(dockerd.host.substring("unix://".length()))));
  }

  @BeforeClass
  public static void startDockerd() throws Exception {
    dockerd = new PrivateDockerd();
  }

  @AfterClass
  public static void stopDockerd() throws Exception {
    if (dockerd != null) {
      dockerd.close();
    }
  }

  /** The set every test starts from (ages relative to the real clock). */
  @Before
  public void images() throws Exception {
    now = Instant.now();
    // 50 kB each, so their removal shows in docker system df's rounded sizes.
    try (AgedImages aged = new AgedImages(dockerd.runner, 50_000)) {
      aged.add("it-prune-a:10d", hoursAgo(240), Map.of(), "a10");
      aged.add("it-prune-a:9d", hoursAgo(216), Map.of(), "a9");
      aged.add("it-prune-a:8d", hoursAgo(192), Map.of(), "a8");
      aged.add("it-prune-a:7d", hoursAgo(168), Map.of(), "a7");
      aged.add("it-prune-a:new", hoursAgo(1), Map.of(), "a0");
      aged.add(null, hoursAgo(200), Map.of(), "d200");
      aged.add(null, hoursAgo(150), Map.of(), "d150");
      aged.add(null, hoursAgo(1), Map.of(), "d1");
      aged.add("it-prune-pinned:1", hoursAgo(300), Map.of(DeployLabels.KEEP, "true"), "pinned");
      aged.add("it-prune-team:1", hoursAgo(300), Map.of("team", "web"), "team");
      aged.load(dockerd.env());
    }
    TestImage.tagged("it-prune-web:1").unique("web1").build(docker);
    TestImage.tagged("it-prune-web:2").unique("web2").build(docker);
    TestImage.tagged("it-prune-tool:1").unique("tool").build(docker);
    int livePort = freePort();
    int previousPort = freePort();
    liveContainer = colour("it-prune-web:2", livePort);
    previousContainer = colour("it-prune-web:1", previousPort);
    docker.stop(previousContainer, Duration.ofSeconds(5));
    String exited = docker.run(RunSpec.image("it-prune-tool:1").name("it-prune-exited").network("host")
        .command(List.of("exit 0")).build());
    for (int i = 0; i < 100 && docker.inspectContainer(exited).orElseThrow().running(); i++) {
      Thread.sleep(50);
    }
  }

  private String colour(String image, int port) {
    return docker.run(RunSpec.image(image).name("it-prune-web-" + port).network("host").init(true)
        .env("PORT", String.valueOf(port)).label(DeployLabels.SERVICE, "it-prune-web")
        .label(DeployLabels.PORT, String.valueOf(port)).build());
  }

  @After
  public void wipe() {
    // The daemon is this test's own: clear it completely for the next test.
    for (String id : lines(dockerd.docker("ps", "-aq").stdout())) {
      dockerd.docker("rm", "-f", id);
    }
    for (String id : lines(dockerd.docker("image", "ls", "-aq").stdout())) {
      dockerd.docker("rmi", "-f", id);
    }
    for (String v : lines(dockerd.docker("volume", "ls", "-q").stdout())) {
      dockerd.docker("volume", "rm", "-f", v);
    }
  }

  private Instant hoursAgo(long h) {
    return now.minus(Duration.ofHours(h));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static List<String> lines(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private PruneResult prune(Duration clockOffset, DiskUsage disk, Object... keyValues) {
    Map<String, Object> params = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      params.put((String) keyValues[i], keyValues[i + 1]);
    }
    TimeSource clock = ShiftedClock.shifted(clockOffset);
    StepContext ctx = new StepContext(dockerd.runner, new LocalHostFiles(), log.log(), clock, dockerd.env(), "/tmp",
        docker, spec -> {
          throw new AssertionError("no AWS here");
        });
    return new PruneRunner(ctx, disk).run(PruneRequest.fromMap(params));
  }

  private PruneResult prune(Object... keyValues) {
    return prune(Duration.ZERO, null, keyValues);
  }

  /** Every tag on the daemon. */
  private static Set<String> tags() {
    return new TreeSet<>(lines(dockerd.docker("image", "ls", "--format", "{{.Repository}}:{{.Tag}}",
        "--filter", "dangling=false").stdout()));
  }

  /** Dangling top-level images, by the marker their layer holds. */
  private static int dangling() {
    return lines(dockerd.docker("image", "ls", "-q", "--filter", "dangling=true").stdout()).size();
  }

  /** Every image, container (with its state) and volume, sorted. */
  private static Set<String> snapshot() {
    Set<String> all = new TreeSet<>(lines(dockerd.docker("image", "ls", "-a", "--no-trunc", "--format",
        "{{.ID}} {{.Repository}}:{{.Tag}}").stdout()));
    all.addAll(lines(dockerd.docker("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.State}}").stdout()));
    all.addAll(lines(dockerd.docker("volume", "ls", "-q").stdout()));
    return all;
  }

  private static Set<String> set(String... s) {
    return new TreeSet<>(List.of(s));
  }

  private static final Set<String> ALL_TAGS = set("it-prune-a:10d", "it-prune-a:9d", "it-prune-a:8d", "it-prune-a:7d",
      "it-prune-a:new", "it-prune-pinned:1", "it-prune-team:1", "it-prune-web:1", "it-prune-web:2", "it-prune-tool:1");

  @Test
  public void dryRunChangesNothing() {
    Set<String> before = snapshot();
    PruneResult r = prune(Duration.ofHours(1000), null, "images", "unused", "volumes", true, "dryRun", true);
    assertEquals(before, snapshot());
    Map<?, ?> counts = (Map<?, ?>) r.toMap().get("removedCounts");
    assertEquals("would remove: the exited container and every unprotected image", 1, counts.get("containers"));
    assertEquals(10, counts.get("images"));
    assertTrue(log.text(), log.text().contains("dry run: would remove container it-prune-exited"));
    assertTrue(log.text(), log.text().contains("dry run: keep image it-prune-web:1: protected: image of container"));
  }

  @Test
  public void eachRuleLeavesExactlyWhatItShould() {
    // Default rules with an age: the dangling images older than 72h go; the exited container is too recent.
    PruneResult r = prune("until", "72h");
    assertEquals(ALL_TAGS, tags());
    assertEquals(1, dangling());
    assertEquals(2, ((Map<?, ?>) r.toMap().get("removedCounts")).get("images"));
    assertTrue(docker.inspectContainer("it-prune-exited").isPresent());

    // Unused images older than 72h, the newest 2 per repository kept, team-labelled ones left alone.
    r = prune("images", "unused", "until", "72h", "keepPerRepository", 2, "labels", List.of("!team"));
    Set<String> expected = new TreeSet<>(ALL_TAGS);
    expected.removeAll(set("it-prune-a:10d", "it-prune-a:9d", "it-prune-a:8d"));
    assertEquals(expected, tags());
    assertTrue("bytes reclaimed from docker system df", ((Number) r.toMap().get("reclaimedBytes")).longValue() > 0);

    // Only what carries team=web.
    prune("images", "unused", "labels", List.of("team=web"));
    expected.remove("it-prune-team:1");
    assertEquals(expected, tags());

    // 1000 hours later everything is old: only the protected stay.
    r = prune(Duration.ofHours(1000), null, "images", "unused", "until", "72h");
    assertEquals(set("it-prune-pinned:1", "it-prune-web:1", "it-prune-web:2"), tags());
    assertEquals(0, dangling());
    assertTrue(docker.inspectContainer(liveContainer).orElseThrow().running());
    assertTrue("the previous colour is kept for rollback", docker.inspectContainer(previousContainer).isPresent());
    assertTrue(docker.inspectContainer("it-prune-exited").isEmpty());
    assertEquals(ExitCodes.OK, r.exitCode());
    List<String> keptReasons = new ArrayList<>();
    ((List<?>) r.toMap().get("kept")).forEach(k -> keptReasons.add(((Map<?, ?>) k).get("name") + ": "
        + ((Map<?, ?>) k).get("reason")));
    assertTrue(keptReasons.toString(), keptReasons.contains("it-prune-pinned:1: protected: labelled io.deploysteps.keep=true"));
    assertTrue(keptReasons.toString(), keptReasons.stream().anyMatch(k -> k.startsWith("it-prune-web:1: protected: image of"
        + " container it-prune-web-") && k.endsWith("(blueGreenDeploy service it-prune-web (live or kept previous colour))")));
  }

  @Test
  public void onlyAnonymousVolumesArePruned() {
    String anonymous = dockerd.docker("volume", "create").stdout().strip();
    dockerd.docker("volume", "create", "it-prune-named");
    prune("volumes", true, "containers", false, "images", "none");
    assertEquals(List.of("it-prune-named"), lines(dockerd.docker("volume", "ls", "-q").stdout()));
    assertEquals(64, anonymous.length());
    assertEquals(ALL_TAGS, tags());
  }

  @Test
  public void diskThresholdReadsTheRealFilesystemOfTheDataRoot() {
    double used = DiskUsage.df(dockerd.runner, dockerd.dataRoot()).read().usedPercent();
    assertTrue("df of the private data root: " + used, used > 0 && used < 100);
    Set<String> before = snapshot();
    PruneResult idle = prune("images", "unused", "diskThreshold", 100);
    assertEquals(before, snapshot());
    assertEquals(false, ((Map<?, ?>) idle.toMap().get("disk")).get("acted"));

    // Above any threshold, and a target no prune can reach: everything unprotected goes, oldest first.
    PruneResult all = prune("diskThreshold", 0, "containers", false);
    assertEquals(set("it-prune-pinned:1", "it-prune-web:1", "it-prune-web:2", "it-prune-tool:1"), tags());
    assertEquals(ExitCodes.UNSTABLE, all.exitCode());
    assertEquals(false, ((Map<?, ?>) all.toMap().get("disk")).get("targetReached"));
  }

  @Test
  public void diskModeStopsAsSoonAsTheTargetIsReached() {
    // Readings of a 1000-byte disk (the deletions are real): 90.1% until two images are gone.
    int[] reads = {0};
    DiskUsage disk = () -> {
      reads[0]++;
      long usedBytes = reads[0] <= 3 ? 901 : 900;
      return new DiskUsage.Reading(usedBytes, 1000 - usedBytes);
    };
    prune(Duration.ZERO, disk, "until", "72h", "containers", false, "diskThreshold", 90);
    Set<String> expected = new TreeSet<>(ALL_TAGS);
    expected.removeAll(set("it-prune-team:1", "it-prune-a:10d"));
    assertEquals("the two least recently created unprotected images went", expected, tags());
    assertEquals("the rules removed the old dangling ones", 1, dangling());
    assertEquals(4, reads[0]);
  }

  /** The packaged CLI (Failsafe runs after package), against the private daemon. */
  private static io.deploysteps.exec.CommandResult cli(String... args) {
    List<String> argv = new ArrayList<>(List.of("java", "-jar", "target/deploy-steps.jar", "prune-docker"));
    argv.addAll(List.of(args));
    return dockerd.runner.run(io.deploysteps.exec.Command.of(argv).env(dockerd.env()).build());
  }

  @Test
  public void badInputExitsTwoNamesTheParameterAndRemovesNothing() {
    Assume.assumeTrue("the jar picks its transport itself: run once", transport.equals("Engine API"));
    Set<String> before = snapshot();
    Map<String, List<String>> cases = Map.of(
        "'volumes'", List.of("--volumes", "--until", "24h", "--images", "unused"),
        "'until'", List.of("--until", "3days", "--images", "unused"),
        "'keepPerRepository'", List.of("--keep-per-repository", "-1", "--images", "unused"),
        "'diskThreshold'", List.of("--disk-threshold", "150", "--images", "unused"),
        "'ecrKeepTagged'", List.of("--ecr-repository", "web", "--ecr-keep-tagged", "-2"));
    cases.forEach((name, args) -> {
      io.deploysteps.exec.CommandResult r = cli(args.toArray(String[]::new));
      assertEquals(args + ": " + r.stderr(), ExitCodes.USAGE, r.exitCode());
      assertTrue(args + ": " + r.stderr(), r.stderr().contains(name));
    });
    assertEquals(before, snapshot());
  }

  @Test
  public void cliPrintsTheResultAsJson() throws Exception {
    Assume.assumeTrue("the jar picks its transport itself: run once", transport.equals("Engine API"));
    io.deploysteps.exec.CommandResult r = cli("--images", "unused", "--until", "72h", "--json");
    assertEquals(r.stderr(), 0, r.exitCode());
    com.fasterxml.jackson.databind.JsonNode json = io.deploysteps.engine.Json.read(r.stdout());
    assertEquals(7, json.path("removedCounts").path("images").asInt());
    assertEquals(0, json.path("removedCounts").path("containers").asInt());
    assertTrue(json.path("reclaimedBytes").asLong() > 0);
    List<String> kept = new ArrayList<>();
    json.path("kept").forEach(k -> kept.add(k.path("name").asText() + ": " + k.path("reason").asText()));
    assertTrue(kept.toString(), kept.contains("it-prune-tool:1: used by container it-prune-exited"));
    assertTrue(kept.toString(), kept.stream().anyMatch(k -> k.startsWith("it-prune-web:2: protected: image of container")
        && k.endsWith("(running)")));
    assertEquals(set("it-prune-a:new", "it-prune-pinned:1", "it-prune-web:1", "it-prune-web:2", "it-prune-tool:1"), tags());
    assertTrue(r.stderr(), r.stderr().contains("[pruneDocker] docker host pruned in "));
  }
}
