package io.deploysteps.docker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.deploysteps.exec.CommandResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class DockerCliBlueGreenTest {
  private final List<List<String>> argvs = new ArrayList<>();

  private DockerCli answering(int code, String stdout, String stderr) {
    return new DockerCli(c -> {
      argvs.add(c.argv());
      return new CommandResult(code, stdout, stderr, Duration.ZERO);
    }, "docker", Map.of());
  }

  @Test
  public void briefListingReadsTheTemplateLinesWithoutJson() {
    String line = "abc123\tshop-4000\tshop:1.4\texited\t2026-11-23 01:49:23 +0000 UTC\tshop\t4000\tshop:1.4\t\t2026-11-23T01:49:23.000Z\t\t\t\n";
    List<ContainerInfo> list = answering(0, line, "").listContainersBrief(List.of("name=^/?shop-[0-9]+$"));
    assertEquals(1, list.size());
    ContainerInfo c = list.get(0);
    assertEquals("abc123", c.id());
    assertEquals("shop-4000", c.name());
    assertEquals("shop:1.4", c.image());
    assertFalse(c.running());
    assertEquals(Map.of(DeployLabels.SERVICE, "shop", DeployLabels.PORT, "4000", DeployLabels.IMAGE, "shop:1.4",
        DeployLabels.DEPLOYED_AT, "2026-11-23T01:49:23.000Z"), c.labels());
    assertEquals(java.time.Instant.parse("2026-11-23T01:49:23Z"), c.created());
    assertTrue(DeployLabels.protects(c));
    List<String> argv = argvs.get(0);
    assertEquals(List.of("docker", "ps", "--all", "--no-trunc", "--format"), argv.subList(0, 5));
    assertEquals(List.of("--filter", "name=^/?shop-[0-9]+$"), argv.subList(6, 8));
  }

  @Test
  public void hasImageAsksForTheIdOnly() {
    assertTrue(answering(0, "sha256:1\n", "").hasImage("shop:1.4"));
    assertEquals(List.of("docker", "image", "inspect", "--format", "{{.Id}}", "shop:1.4"), argvs.get(0));
    assertFalse(answering(1, "", "Error: No such image: shop:9").hasImage("shop:9"));
  }

  @Test
  public void renameIsOneCommand() {
    answering(0, "", "").rename("shop-4000-next", "shop-4000");
    assertEquals(List.of("docker", "rename", "shop-4000-next", "shop-4000"), argvs.get(0));
  }

  @Test
  public void briefListingFailsLoudlyOnALineWithTooFewFields() {
    // A docker whose template output lost fields (another client, a changed template) must not read as "no containers".
    String line = "abc123\tshop-4000\tshop:1.4\texited\n";
    try {
      answering(0, "\n" + line, "").listContainersBrief(List.of("name=^/?shop-[0-9]+$"));
      org.junit.Assert.fail("a short line was skipped");
    } catch (DockerException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("4 fields") && e.getMessage().contains("abc123\tshop-4000"));
    }
    assertEquals(List.of(), answering(0, "\n", "").listContainersBrief(List.of()));
  }
}
