package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.fs.LocalHostFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NginxIncludeSwitchTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final RecordingRunner runner = new RecordingRunner();
  private static final List<String> TEST = List.of("docker", "exec", "nginx", "nginx", "-t");
  private static final List<String> RELOAD = List.of("docker", "exec", "nginx", "nginx", "-s", "reload");

  private NginxIncludeSwitch proxy(Path include) {
    return new NginxIncludeSwitch(new LocalHostFiles(), runner, include.toString(), TEST, RELOAD);
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
  public void anIncludeWithoutTheSetLineIsRefusedNamingTheFile() throws Exception {
    Path include = tmp.getRoot().toPath().resolve("service-url.inc");
    Files.writeString(include, "proxy_pass http://backend;\n# set $service_url http://127.0.0.1:3000;\n");
    try {
      proxy(include).livePort();
      fail("expected a refusal");
    } catch (InvalidParameterException e) {
      assertEquals("proxy.includeFile", e.parameter());
      assertTrue(e.getMessage(), e.getMessage().contains(include + " does not hold"));
    }
  }

  @Test
  public void anIncludeWithTwoSetLinesIsRefusedNamingBothAndLeftAsItIs() throws Exception {
    Path include = tmp.getRoot().toPath().resolve("service-url.inc");
    String two = "set $service_url http://127.0.0.1:3000;\nproxy_set_header X-A a;\nset $service_url http://127.0.0.1:4000;\n";
    Files.writeString(include, two);
    for (Runnable call : List.<Runnable>of(() -> proxy(include).livePort(), () -> proxy(include).switchTo(4000, () -> { }))) {
      try {
        call.run();
        fail("expected a refusal");
      } catch (InvalidParameterException e) {
        assertTrue(e.getMessage(), e.getMessage().contains("more than one 'set $service_url' line (lines 1 and 3)"));
      }
    }
    assertEquals(two, Files.readString(include));
    assertEquals(List.of(), runner.argvs);
  }

  @Test
  public void onlyTheSetLineChangesEveryOtherLineAndCommentStays() throws Exception {
    Path include = tmp.getRoot().toPath().resolve("service-url.inc");
    String before = "# written by hand; the switch must keep this\n"
        + "proxy_set_header X-Real-IP $remote_addr;   # the client\n"
        + "add_header X-Note \"a # in quotes; set $service_url http://127.0.0.1:9;\" always;\n"
        + "# set $service_url http://127.0.0.1:1;  (an old value, commented out)\n"
        + "  set  $service_url  http://127.0.0.1:3000 ;   # live colour\n"
        + "limit_req zone=one burst=5;\n";
    Files.writeString(include, before);
    assertEquals(3000, proxy(include).livePort().getAsInt());
    String previous = proxy(include).switchTo(4000, () -> { });
    assertEquals(before, previous);
    assertEquals(before.replace("http://127.0.0.1:3000 ;", "http://127.0.0.1:4000 ;"), Files.readString(include));
    assertEquals(4000, proxy(include).livePort().getAsInt());
  }

  @Test
  public void aSymlinkedIncludeStaysALinkAndItsTargetIsReplaced() throws Exception {
    Path real = tmp.newFolder("shared").toPath().resolve("app.conf");
    Files.writeString(real, "proxy_set_header X-A a;\nset $service_url http://127.0.0.1:3000;\n");
    Path include = tmp.getRoot().toPath().resolve("service-url.inc");
    Files.createSymbolicLink(include, Path.of("shared/app.conf"));
    proxy(include).switchTo(4000, () -> { });
    assertTrue(Files.isSymbolicLink(include));
    assertEquals(Path.of("shared/app.conf"), Files.readSymbolicLink(include));
    assertEquals("proxy_set_header X-A a;\nset $service_url http://127.0.0.1:4000;\n", Files.readString(real));
    try (var left = Files.list(real.getParent())) {
      assertEquals("no temp file left beside the target", List.of(real), left.toList());
    }
    runner.answer = argv -> argv.equals(TEST) ? 1 : 0;
    try {
      proxy(include).switchTo(3000, () -> { });
      fail("expected a failure");
    } catch (StepFailedException e) {
      assertTrue(Files.isSymbolicLink(include));
      assertEquals("restored through the link", "proxy_set_header X-A a;\nset $service_url http://127.0.0.1:4000;\n",
          Files.readString(real));
    }
  }
}
