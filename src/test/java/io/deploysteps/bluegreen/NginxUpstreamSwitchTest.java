package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.deploysteps.engine.StepFailedException;
import io.deploysteps.fs.LocalHostFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The upstream kind when several services keep their upstream blocks in one file of the user's. */
public class NginxUpstreamSwitchTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final RecordingRunner runner = new RecordingRunner();
  private static final List<String> TEST = List.of("nginx", "-t");
  private static final List<String> RELOAD = List.of("nginx", "-s", "reload");

  private NginxUpstreamSwitch service(Path file, String upstream) {
    return new NginxUpstreamSwitch(new LocalHostFiles(), runner, file.toString(), upstream, TEST, RELOAD);
  }

  @Test
  public void aRestoreOfOneServicePutsBackItsOwnServerLineAndKeepsTheLineAnotherServiceSwitchedMeanwhile() throws Exception {
    Path file = tmp.getRoot().toPath().resolve("upstreams.conf");
    Files.writeString(file, "upstream shop {\n    server 127.0.0.1:3000 down;  # live colour\n}\n"
        + "upstream api {\n    server 127.0.0.1:4000 down max_fails=3;\n    keepalive 8;\n}\n");
    NginxUpstreamSwitch shop = service(file, "shop");
    NginxUpstreamSwitch api = service(file, "api");
    shop.switchTo(3000, () -> { });
    api.switchTo(4000, () -> { });
    // The shop's deploy switches and verifies; meanwhile the api's deploy completes.
    String saved = shop.switchTo(3001, () -> { });
    api.switchTo(4001, () -> { });
    // The shop's verify failed: it goes back.
    assertEquals(Optional.empty(), shop.restore(saved));
    assertEquals("upstream shop {\n    server 127.0.0.1:3000;  # live colour\n}\n"
        + "upstream api {\n    server 127.0.0.1:4001 max_fails=3;\n    keepalive 8;\n}\n", Files.readString(file));
  }

  @Test
  public void aFailedTestPutsBackOnlyItsOwnServerLineEvenWhenAnotherServiceWroteMeanwhile() throws Exception {
    Path file = tmp.getRoot().toPath().resolve("upstreams.conf");
    Files.writeString(file, "upstream shop { server 127.0.0.1:3000; }\nupstream api { server 127.0.0.1:4000; }\n");
    NginxUpstreamSwitch shop = service(file, "shop");
    AtomicBoolean failNextTest = new AtomicBoolean();
    runner.answer = argv -> argv.equals(TEST) && failNextTest.getAndSet(false) ? 1 : 0;
    // Between the shop's write and its test, the api's deploy writes, tests and reloads its own line.
    StepFailedException e = assertThrows(StepFailedException.class, () -> shop.switchTo(3001, () -> {
      service(file, "api").switchTo(4001, () -> { });
      failNextTest.set(true);
    }));
    assertTrue(e.getMessage(), e.getMessage().contains("proxy test failed"));
    assertEquals("upstream shop { server 127.0.0.1:3000; }\nupstream api { server 127.0.0.1:4001; }\n", Files.readString(file));
  }

  @Test
  public void aFirstDeployRestoredPutsItsServerBackDownAndKeepsTheOtherServicesLine() throws Exception {
    Path file = tmp.getRoot().toPath().resolve("upstreams.conf");
    Files.writeString(file, "upstream shop { server 127.0.0.1:3000 down; }\nupstream api { server 127.0.0.1:4000 down; }\n");
    NginxUpstreamSwitch shop = service(file, "shop");
    String saved = shop.switchTo(3000, () -> { });
    service(file, "api").switchTo(4001, () -> { });
    assertEquals(Optional.empty(), shop.restore(saved));
    assertEquals("upstream shop { server 127.0.0.1:3000 down; }\nupstream api { server 127.0.0.1:4001; }\n", Files.readString(file));
  }
}
