package io.deploysteps.docker;

import static org.junit.Assert.assertEquals;

import io.deploysteps.exec.CommandResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class DockerCliPruneTest {
  private final List<List<String>> argv = new ArrayList<>();

  private DockerCli docker(String... stdouts) {
    int[] call = {0};
    return new DockerCli(c -> {
      argv.add(c.argv());
      return new CommandResult(0, stdouts[call[0]++], "", Duration.ZERO);
    }, "docker", Map.of("DOCKER_HOST", "unix:///tmp/x.sock"));
  }

  @Test
  public void listsImagesWithOneCompactInspect() {
    String line = "{\"Id\":\"sha256:b\",\"RepoTags\":[\"app:1\"],\"RepoDigests\":[],\"Created\":\"2026-11-20T00:00:00Z\","
        + "\"Size\":7,\"Parent\":\"sha256:a\",\"Config\":{\"Labels\":{\"io.deploysteps.keep\":\"true\"}}}";
    List<ImageInfo> images = docker("sha256:b\nsha256:b\n", line + "\n").listImagesForPrune();
    assertEquals(List.of("docker", "image", "ls", "--all", "--quiet", "--no-trunc"), argv.get(0));
    assertEquals(List.of("docker", "image", "inspect", "--format"), argv.get(1).subList(0, 4));
    assertEquals(List.of("sha256:b"), argv.get(1).subList(5, argv.get(1).size()));
    ImageInfo i = images.get(0);
    assertEquals("sha256:a", i.parent());
    assertEquals(List.of("app:1"), i.repoTags());
    assertEquals(Instant.parse("2026-11-20T00:00:00Z"), i.created());
    assertEquals(7, i.size());
    assertEquals(true, DeployLabels.isKeep(i.labels()));
  }

  @Test
  public void removesManyImagesAndContainersInOneCall() {
    DockerCli d = docker("", "");
    d.removeImages(List.of("app:1", "sha256:u"));
    d.removeContainers(List.of("c1", "c2"));
    assertEquals(List.of(List.of("docker", "rmi", "app:1", "sha256:u"), List.of("docker", "rm", "c1", "c2")), argv);
  }

  @Test
  public void prunesNetworksWithFiltersAndReadsTheirNames() {
    List<String> removed = docker("Deleted Networks:\nit-net-1\nit-net-2\n\n")
        .pruneNetworks(List.of("until=72h0m0s", "label!=io.deploysteps.keep=true"));
    assertEquals(List.of("docker", "network", "prune", "--force", "--filter", "until=72h0m0s", "--filter",
        "label!=io.deploysteps.keep=true"), argv.get(0));
    assertEquals(List.of("it-net-1", "it-net-2"), removed);
  }
}
