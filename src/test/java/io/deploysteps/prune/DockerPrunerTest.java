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

  private static List<Decision> images(FakeDocker docker, int count) {
    List<Decision> plan = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      docker.add(Inspected.image("sha256:" + i, Instant.EPOCH, 1, List.of("app:" + i), Map.of(), null));
      plan.add(new Decision("image", "sha256:" + i, "app:" + i, true, "unused", List.of("app:" + i), 1, Instant.EPOCH));
    }
    return plan;
  }

  @Test
  public void removesImagesInFourConcurrentCallsOfAtMostFiveHundred() {
    FakeDocker docker = new FakeDocker();
    DockerPruner pruner = new DockerPruner(docker);
    pruner.removeImages(images(docker, 1100));
    assertEquals(List.of(275, 275, 275, 275), docker.rmiCalls.stream().map(List::size).sorted().toList());
    assertEquals(1100, pruner.removed().size());
    assertEquals(0, docker.images.size());

    FakeDocker many = new FakeDocker();
    new DockerPruner(many).removeImages(images(many, 2300));
    assertEquals(List.of(300, 500, 500, 500, 500), many.rmiCalls.stream().map(List::size).sorted().toList());
    assertEquals(0, many.images.size());
  }

  @Test
  public void whatStaysGetsOneLoneCallAndOnlyARepeatedRefusalFails() {
    FakeDocker docker = new FakeDocker();
    List<Decision> plan = images(docker, 8);
    docker.refuseOnce.put("app:2", "conflict: unable to delete 2 (cannot be forced) - image has dependent child images");
    docker.refuse.put("app:5", "conflict: unable to remove repository reference \"app:5\" (must force) - container 42 is using its referenced image 5");
    DockerPruner pruner = new DockerPruner(docker);
    pruner.removeImages(plan);
    assertEquals(List.of("app:2", "app:5"), docker.rmiCalls.get(docker.rmiCalls.size() - 1));
    assertEquals(7, pruner.removed().size());
    assertEquals(1, pruner.failed().size());
    assertEquals("sha256:5", pruner.failed().get(0).decision().id());
    assertEquals("Error response from daemon: conflict: unable to remove repository reference \"app:5\" (must force) -"
        + " container 42 is using its referenced image 5", pruner.failed().get(0).error());
    assertEquals(List.of("sha256:5"), List.copyOf(docker.images.keySet()));
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
