package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.engine.StepFailedException;
import io.deploysteps.fs.LocalHostFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ProxySwitchTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final RecordingRunner runner = new RecordingRunner();
  private static final List<String> TEST = List.of("docker", "exec", "nginx", "nginx", "-t");
  private static final List<String> RELOAD = List.of("docker", "exec", "nginx", "nginx", "-s", "reload");

  private ProxySwitch proxy(Path include) {
    return new ProxySwitch(new LocalHostFiles(), runner, include.toString(), TEST, RELOAD);
  }

  @Test
  public void writesTheExactIncludeThenTestsThenReloads() throws Exception {
    Path include = tmp.getRoot().toPath().resolve("service-url.inc");
    Files.writeString(include, "set $service_url http://127.0.0.1:3000;\n");
    String before = proxy(include).switchTo(4000, () -> { });
    assertEquals("set $service_url http://127.0.0.1:4000;\n", Files.readString(include));
    assertEquals("set $service_url http://127.0.0.1:3000;\n", before);
    assertEquals(List.of(TEST, RELOAD), runner.argvs);
    assertEquals(1, Files.list(tmp.getRoot().toPath()).count());
  }

  @Test
  public void aFailingTestRestoresTheIncludeAndReloadsNothing() throws Exception {
    Path include = tmp.getRoot().toPath().resolve("service-url.inc");
    Files.writeString(include, "set $service_url http://127.0.0.1:3000;\n");
    runner.answer = argv -> argv.equals(TEST) ? 1 : 0;
    try {
      proxy(include).switchTo(4000, () -> { });
      fail("expected a failure");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("proxy test failed"));
      assertTrue(e.getMessage(), e.getMessage().contains("restored, nothing reloaded"));
    }
    assertEquals("set $service_url http://127.0.0.1:3000;\n", Files.readString(include));
    assertEquals(List.of(TEST), runner.argvs);
  }

  @Test
  public void readsTheLivePortAndNothingBeforeTheFirstDeploy() throws Exception {
    Path include = tmp.getRoot().toPath().resolve("service-url.inc");
    assertFalse(proxy(include).livePort().isPresent());
    Files.writeString(include, "# seed 002 wrote this\nset  $service_url  http://127.0.0.1:4000 ;\n");
    assertEquals(4000, proxy(include).livePort().getAsInt());
  }

  @Test
  public void anIncludeWithoutTheSetLineIsAnErrorNamingTheFile() throws Exception {
    Path include = tmp.getRoot().toPath().resolve("service-url.inc");
    Files.writeString(include, "proxy_pass http://backend;\n");
    try {
      proxy(include).livePort();
      fail("expected a failure");
    } catch (StepFailedException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith(include + " does not hold"));
    }
  }
}
