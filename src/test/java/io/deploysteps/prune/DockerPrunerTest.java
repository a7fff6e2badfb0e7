package io.deploysteps.prune;

import static org.junit.Assert.assertEquals;

import io.deploysteps.docker.Inspected;
import io.deploysteps.prune.PrunePlan.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class DockerPrunerTest {
  @Test
  public void readsDockersHumanSizes() {
    assertEquals(7, DockerPruner.bytes("7B"));
    assertEquals(1234, DockerPruner.bytes("1.234kB"));
    assertEquals(12_500_000, DockerPruner.bytes("12.5MB"));
    assertEquals(2_000_000_000L, DockerPruner.bytes("2GB (100%)"));
    assertEquals(0, DockerPruner.bytes("0B"));
  }

  @Test
  public void removesImagesAtMostFiveHundredPerDockerCall() {
    FakeDocker docker = new FakeDocker();
    List<Decision> plan = new ArrayList<>();
    for (int i = 0; i < 1100; i++) {
      docker.add(Inspected.image("sha256:" + i, Instant.EPOCH, 1, List.of("app:" + i), Map.of(), null));
      plan.add(new Decision("image", "sha256:" + i, "app:" + i, true, "unused", List.of("app:" + i), 1, Instant.EPOCH));
    }
    DockerPruner pruner = new DockerPruner(docker);
    pruner.removeImages(plan);
    assertEquals(List.of(500, 500, 100), docker.rmiCalls.stream().map(List::size).toList());
    assertEquals(1100, pruner.removed().size());
    assertEquals(0, docker.images.size());
  }

  @Test
  public void namesTheStderrLineAboutTheImage() {
    String err = "Error response from daemon: conflict: unable to delete 0123456789ab (cannot be forced) - image is being used by running container 42\n"
        + "Error response from daemon: No such image: other:1\n";
    assertEquals("Error response from daemon: No such image: other:1", DockerPruner.errorAbout(err, List.of("other:1")));
    assertEquals("Error response from daemon: conflict: unable to delete 0123456789ab (cannot be forced) - image is"
        + " being used by running container 42", DockerPruner.errorAbout(err, List.of("x:1", "0123456789ab")));
  }
}
