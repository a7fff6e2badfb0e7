package io.deploysteps.prune;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.deploysteps.docker.ContainerInfo;
import io.deploysteps.docker.DeployLabels;
import io.deploysteps.docker.Docker;
import io.deploysteps.docker.EngineApi;
import io.deploysteps.docker.EngineApiDocker;
import io.deploysteps.docker.ImageInfo;
import io.deploysteps.docker.Removal;
import io.deploysteps.docker.RunSpec;
import io.deploysteps.exec.CommandResult;
import io.deploysteps.testing.TestImage;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The Engine API transport and the docker CLI give pruneDocker the same answers from one real
 * daemon (a private dockerd): images with tags, digests, labels, parents, sizes and times;
 * containers; disk usage; removals and refusals. The CLI stays what the Jenkins plugin uses.
 */
public class EngineApiDockerIT {
  private static PrivateDockerd dockerd;
  private static Docker cli;
  private static Docker api;
  private static Instant tiedSecond;

  @BeforeClass
  public static void startDockerd() throws Exception {
    dockerd = new PrivateDockerd();
    cli = dockerd.client();
    api = new EngineApiDocker(cli, new EngineApi(Paths.get(dockerd.host.substring("unix://".length()))));
    tiedSecond = Instant.now().minus(Duration.ofHours(30)).truncatedTo(ChronoUnit.SECONDS);
    try (AgedImages aged = new AgedImages(dockerd.runner, 1000)) {
      aged.add("it-api-a:old", Instant.now().minus(Duration.ofDays(9)), Map.of("team", "web"), "old");
      // Three images of one repository made within one second: "newest N" must order them exactly.
      aged.add("it-api-a:t1", tiedSecond.plusMillis(100), Map.of(), "t1");
      aged.add("it-api-a:t3", tiedSecond.plusMillis(900), Map.of(), "t3");
      aged.add("it-api-a:t2", tiedSecond.plusMillis(500), Map.of(), "t2");
      aged.add(null, Instant.now().minus(Duration.ofDays(3)), Map.of(), "dangling");
      aged.add("it-api-pinned:1", Instant.now().minus(Duration.ofDays(5)), Map.of(DeployLabels.KEEP, "true"), "pinned");
      aged.load(dockerd.env());
    }
    dockerd.docker("tag", "it-api-a:old", "it-api-b:same-image");
    // Built by the legacy builder: intermediate images with parents.
    TestImage.tagged("it-api-web:1").unique("web1").label("tier", "front").build(cli);
    cli.run(RunSpec.image("it-api-web:1").name("it-api-web-3000").network("host").init(true)
        .env("PORT", "39191").label(DeployLabels.SERVICE, "it-api-web").label(DeployLabels.PORT, "3000").build());
    String stopped = cli.run(RunSpec.image("it-api-web:1").name("it-api-exited").network("host")
        .command(List.of("exit 0")).label("team", "ops").build());
    for (int i = 0; i < 100 && cli.inspectContainer(stopped).orElseThrow().running(); i++) {
      Thread.sleep(50);
    }
  }

  @AfterClass
  public static void stopDockerd() throws Exception {
    if (dockerd != null) {
      dockerd.close();
    }
  }

  private static Map<String, String> byId(List<ImageInfo> images, Function<ImageInfo, Object> what) {
    return images.stream().collect(Collectors.toMap(ImageInfo::id, i -> String.valueOf(what.apply(i)), (a, b) -> a,
        TreeMap::new));
  }

  @Test
  public void imagesAreTheSameObjectsWithTheSameFields() {
    List<ImageInfo> viaCli = cli.listImagesForPrune();
    List<ImageInfo> viaApi = api.listImagesForPrune();
    assertTrue("intermediate images of the build are listed: " + viaCli.size(), viaCli.size() > 8);
    assertEquals(byId(viaCli, i -> i.repoTags().stream().sorted().toList()), byId(viaApi, i -> i.repoTags().stream().sorted().toList()));
    assertEquals(byId(viaCli, ImageInfo::repoDigests), byId(viaApi, ImageInfo::repoDigests));
    assertEquals(byId(viaCli, ImageInfo::labels), byId(viaApi, ImageInfo::labels));
    assertEquals(byId(viaCli, ImageInfo::parent), byId(viaApi, ImageInfo::parent));
    assertEquals(byId(viaCli, ImageInfo::size), byId(viaApi, ImageInfo::size));
    assertEquals(byId(viaCli, ImageInfo::dangling), byId(viaApi, ImageInfo::dangling));
    assertTrue("a parent is really there", viaApi.stream().anyMatch(i -> !i.parent().isEmpty()));
    // Times: to the second, and exact where images share a second.
    assertEquals(byId(viaCli, i -> i.created().getEpochSecond()), byId(viaApi, i -> i.created().getEpochSecond()));
    Map<String, String> tiedCli = byId(viaCli.stream().filter(i -> i.repoTags().stream().anyMatch(t -> t.startsWith("it-api-a:t")))
        .toList(), ImageInfo::created);
    Map<String, String> tiedApi = byId(viaApi.stream().filter(i -> i.repoTags().stream().anyMatch(t -> t.startsWith("it-api-a:t")))
        .toList(), ImageInfo::created);
    assertEquals(3, tiedApi.size());
    assertEquals(tiedCli, tiedApi);
    assertTrue(tiedApi.values().toString(), tiedApi.containsValue(tiedSecond.plusMillis(900).toString()));
    assertEquals(cli.imageIds(), api.imageIds());
  }

  @Test
  public void keepNewestOrdersImagesOfOneSecondAsTheCliDoes() {
    PruneRequest keepTwo = PruneRequest.fromMap(Map.of("images", "unused", "keepPerRepository", 2, "containers", false));
    Function<Docker, List<String>> removedTags = d -> new RetentionPolicy(keepTwo)
        .plan(d.listContainers(List.of()), d.listImagesForPrune(), List.of(), Instant.now())
        .removals("image").stream().map(PrunePlan.Decision::name).sorted().toList();
    List<String> viaApi = removedTags.apply(api);
    assertEquals(removedTags.apply(cli), viaApi);
    assertTrue(viaApi.toString(), viaApi.contains("it-api-a:t1") && !viaApi.contains("it-api-a:t2")
        && !viaApi.contains("it-api-a:t3"));
  }

  @Test
  public void containersAreTheSameWithAndWithoutFilters() {
    for (List<String> filters : List.of(List.<String>of(), List.of("label=team=ops"), List.of("name=it-api-web-3000"),
        List.of("label=" + DeployLabels.SERVICE, "status=running"))) {
      Map<String, String> viaCli = containers(cli.listContainers(filters));
      assertEquals(filters.toString(), viaCli, containers(api.listContainers(filters)));
      assertTrue(filters + " matches something", !viaCli.isEmpty());
    }
    assertEquals(1, api.listContainers(List.of("label=team=ops")).size());
  }

  private static Map<String, String> containers(List<ContainerInfo> list) {
    return list.stream().collect(Collectors.toMap(ContainerInfo::id, c -> String.join("|", c.name(), c.image(), c.imageId(),
        c.status(), String.valueOf(c.labels()), String.valueOf(c.finishedAt()), c.restartPolicy()), (a, b) -> a, TreeMap::new));
  }

  @Test
  public void diskUsageAgreesWithTheCliToItsRounding() {
    Map<String, Long> viaCli = new TreeMap<>(new DockerPruner(cli).systemDf());
    Map<String, Long> viaApi = new TreeMap<>(new DockerPruner(api).systemDf());
    assertEquals(viaCli.keySet(), viaApi.keySet());
    assertTrue(viaApi.toString(), viaApi.get("Images") > 0);
    viaCli.forEach((type, human) -> {
      long exact = viaApi.get(type);
      // docker prints 4 significant digits ("1.982MB"): the exact count rounds to it.
      assertTrue(type + ": cli " + human + " api " + exact, Math.abs(exact - human) <= Math.max(1, exact / 1000));
    });
  }

  private static String anyContainer(String stderr) {
    return stderr.strip().replaceAll("container [0-9a-f]{12,64}", "container <id>");
  }

  /** blueGreenDeploy's refusal of an include bind-mounted as a single file reads the same on both. */
  @Test
  public void singleFileBindMountsReadTheSame() throws Exception {
    java.nio.file.Path conf = java.nio.file.Files.createTempDirectory("it-api-mounts");
    try {
      java.nio.file.Path include = java.nio.file.Files.writeString(conf.resolve("service-url.inc"), "set $service_url x;\n");
      java.nio.file.Path dir = java.nio.file.Files.createDirectories(conf.resolve("dir"));
      java.nio.file.Path inDir = java.nio.file.Files.writeString(dir.resolve("inner.inc"), "x\n");
      CommandResult started = dockerd.docker("run", "-d", "--name", "it-api-mounts", "--network", "host", "--init",
          "-v", include + ":/etc/nginx/service-url.inc:ro", "-v", dir + ":/conf", "it-api-web:1", "sleep 600");
      assertTrue(started.stderr(), started.ok());
      List<String> expected = List.of("it-api-mounts:/etc/nginx/service-url.inc");
      assertEquals(expected, cli.runningContainersMounting(include.toString()));
      assertEquals(expected, api.runningContainersMounting(include.toString()));
      // A file inside a mounted directory is not a single-file mount: the rename reaches the container.
      assertEquals(List.of(), cli.runningContainersMounting(inDir.toString()));
      assertEquals(List.of(), api.runningContainersMounting(inDir.toString()));
    } finally {
      dockerd.docker("rm", "-f", "it-api-mounts");
      new io.deploysteps.fs.LocalHostFiles().deleteRecursively(conf.toString());
    }
  }

  @Test
  public void removalsAndRefusalsReadAsTheClisDo() {
    // Refused: the image of a running container, by its only tag. Refused again the same way.
    Removal refusedCli = cli.removeImages(List.of("it-api-web:1"));
    Removal refusedApi = api.removeImages(List.of("it-api-web:1"));
    assertFalse(refusedApi.ok());
    assertEquals(refusedCli.ok(), refusedApi.ok());
    assertTrue(refusedApi.errors(), refusedApi.errors().startsWith("Error response from daemon: conflict: unable to remove"));
    // The daemon names one of the image's two containers, whichever its map gives first.
    assertEquals(anyContainer(refusedCli.errors()), anyContainer(refusedApi.errors()));
    Removal missing = api.removeImages(List.of("it-api-none:1"));
    assertFalse(missing.ok());
    assertTrue(missing.errors(), missing.errors().contains("No such image: it-api-none:1"));

    // Removed: an extra tag is untagged only; the last tag deletes the image.
    String id = cli.inspectImage("it-api-b:same-image").orElseThrow().id();
    Removal untag = api.removeImages(List.of("it-api-b:same-image"));
    assertTrue(untag.errors(), untag.ok());
    assertEquals(List.of("Untagged: it-api-b:same-image"), untag.removed());
    Removal gone = api.removeImages(List.of("it-api-a:old", "it-api-none:2"));
    assertFalse("one refused, as docker rmi says", gone.ok());
    assertTrue(gone.removed().toString(), String.join("\n", gone.removed()).contains("Untagged: it-api-a:old\nDeleted: " + id));
    assertTrue(cli.inspectImage(id).isEmpty());
    assertTrue(cli.inspectImage("it-api-web:1").isPresent());
  }
}
