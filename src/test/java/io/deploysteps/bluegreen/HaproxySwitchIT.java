package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.deploysteps.engine.InvalidParameterException;
import io.deploysteps.engine.StepFailedException;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.fs.HostFiles;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.haproxy.RuntimeApi;
import io.deploysteps.haproxy.ServerLine;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The HAProxy switch against a real HAProxy 2.6 and two busybox httpd colours (no docker). */
public class HaproxySwitchIT {
  private static final int BLUE = 31311;
  private static final int GREEN = 31312;
  private final List<Process> colours = new ArrayList<>();
  private final List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final LocalHostFiles files = new LocalHostFiles();
  private Path dir;
  private TestHaproxy haproxy;
  private HaproxySwitch proxy;

  @Before
  public void start() throws Exception {
    dir = Files.createTempDirectory("h18-haproxy");
    for (int port : List.of(BLUE, GREEN)) {
      Path www = Files.createDirectories(dir.resolve("www-" + port));
      Files.writeString(www.resolve("index.html"), "colour " + port + "\n");
      // A request that takes 4 s: still in flight when a switch moves the server away from this colour.
      Path slow = Files.createDirectories(www.resolve("cgi-bin")).resolve("slow");
      Files.writeString(slow, "#!/bin/busybox sh\nbusybox sleep 2\nprintf 'Content-Type: text/plain\\r\\n\\r\\nslow " + port + "\\n'\n");
      slow.toFile().setExecutable(true);
      colours.add(new ProcessBuilder("busybox", "httpd", "-f", "-p", "127.0.0.1:" + port, "-h", www.toString()).start());
    }
    haproxy = new TestHaproxy(dir.resolve("haproxy"), 31310);
    haproxy.start();
    proxy = switchFor("app", "live");
  }

  private HaproxySwitch switchFor(String backend, String server) {
    return new HaproxySwitch(files, new RuntimeApi(new LocalCommandRunner(StepLog.to(l -> { })), haproxy.socket.toString()), backend,
        server, haproxy.site.toString(), TimeSource.system(), StepLog.to(logged::add));
  }

  @After
  public void stop() throws Exception {
    haproxy.stop();
    colours.forEach(Process::destroy);
    ItSupport.deleteTree(dir);
  }

  /** {@code status body upstream-header} of a GET through HAProxy. */
  private String served() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:31310/")).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body().strip() + " " + r.headers().firstValue(TrafficSwitch.UPSTREAM_HEADER).orElse("-");
  }

  private String pid() throws Exception {
    return Files.readString(haproxy.dir.resolve("haproxy.pid")).strip();
  }

  @Test
  public void theFirstSwitchTakesTheServerOutOfMaintenanceWithoutAReloadAndTheFileFollows() throws Exception {
    assertEquals(OptionalInt.empty(), proxy.livePort());
    assertEquals(null, proxy.current());
    assertTrue(served(), served().startsWith("503 "));
    String before = pid();
    String site = Files.readString(haproxy.site);

    assertEquals(null, proxy.switchTo(BLUE, () -> { }));
    assertEquals("200 colour " + BLUE + " 127.0.0.1:" + BLUE, served());
    assertEquals(OptionalInt.of(BLUE), proxy.livePort());
    assertEquals(site.replace("server live 127.0.0.1:3000 disabled", "server live 127.0.0.1:" + BLUE), Files.readString(haproxy.site));

    assertEquals("127.0.0.1:" + BLUE, proxy.switchTo(GREEN, () -> { }));
    assertEquals("200 colour " + GREEN + " 127.0.0.1:" + GREEN, served());
    assertEquals(site.replace("server live 127.0.0.1:3000 disabled", "server live 127.0.0.1:" + GREEN), Files.readString(haproxy.site));
    assertEquals("no reload, no new process", before, pid());
  }

  @Test
  public void aRestartAfterAKillComesBackOnTheLiveColour() throws Exception {
    proxy.switchTo(BLUE, () -> { });
    proxy.switchTo(GREEN, () -> { });
    haproxy.stop("KILL");
    haproxy.start();
    assertEquals("200 colour " + GREEN + " 127.0.0.1:" + GREEN, served());
    assertEquals(OptionalInt.of(GREEN), proxy.livePort());
  }

  @Test
  public void restoreGoesBackToTheSavedColourOrToMaintenanceAndPutsTheFileBack() throws Exception {
    String site = Files.readString(haproxy.site);
    String first = proxy.switchTo(BLUE, () -> { });
    String second = proxy.switchTo(GREEN, () -> { });
    assertEquals(java.util.Optional.empty(), proxy.restore(second));
    assertEquals("200 colour " + BLUE + " 127.0.0.1:" + BLUE, served());
    assertEquals(java.util.Optional.empty(), proxy.restore(first));
    assertTrue(served(), served().startsWith("503 "));
    assertEquals(OptionalInt.empty(), proxy.livePort());
    assertEquals(site, Files.readString(haproxy.site));
  }

  @Test
  public void reassertWritesTheRuntimeAddressIntoAFileAKilledRunLeftBehind() throws Exception {
    proxy.switchTo(BLUE, () -> { });
    String site = Files.readString(haproxy.site);
    // A run killed after the runtime change, before the file.
    new RuntimeApi(new LocalCommandRunner(StepLog.to(l -> { })), haproxy.socket.toString())
        .send("set server app/live addr 127.0.0.1 port " + GREEN);
    proxy.reassert();
    assertEquals(site.replace("127.0.0.1:" + BLUE, "127.0.0.1:" + GREEN), Files.readString(haproxy.site));
  }

  /** A second service on the same HAProxy, its server line in the same site file: backend app2. */
  private HaproxySwitch secondService() throws Exception {
    haproxy.stop();
    Files.writeString(haproxy.site, Files.readString(haproxy.site) + "\nbackend app2\n    mode http\n    server live 127.0.0.1:3000 disabled\n");
    haproxy.start();
    return switchFor("app2", "live");
  }

  /** {@code app=ADDRESS app2=ADDRESS}: the server lines of both services in the site file. */
  private String lines() throws Exception {
    String site = Files.readString(haproxy.site);
    return "app=" + ServerLine.find(site, "app", "live").orElseThrow().address() + " app2="
        + ServerLine.find(site, "app2", "live").orElseThrow().address();
  }

  @Test
  public void aRestoreOfOneServicePutsBackItsOwnLineAndKeepsTheLineAnotherServiceSwitchedMeanwhile() throws Exception {
    HaproxySwitch other = secondService();
    proxy.switchTo(BLUE, () -> { });
    other.switchTo(BLUE, () -> { });
    // This service's deploy switches and verifies; meanwhile the other service's deploy completes.
    String saved = proxy.switchTo(GREEN, () -> { });
    other.switchTo(GREEN, () -> { });
    // This one's verify failed: it goes back.
    assertEquals(java.util.Optional.empty(), proxy.restore(saved));
    assertEquals("app=127.0.0.1:" + BLUE + " app2=127.0.0.1:" + GREEN, lines());
    // A restart comes back on what each service runs now.
    haproxy.stop("KILL");
    haproxy.start();
    assertEquals(OptionalInt.of(BLUE), proxy.livePort());
    assertEquals(OptionalInt.of(GREEN), other.livePort());
  }

  @Test
  public void twoServicesWritingTheSiteFileAtOnceKeepEachOthersLine() throws Exception {
    HaproxySwitch other = secondService();
    Path real = haproxy.site.toRealPath();
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    Thread[] meanwhile = new Thread[1];
    // When this service has read the file to write its line, the other service switches before it goes on.
    HostFiles interleaved = (HostFiles) java.lang.reflect.Proxy.newProxyInstance(HostFiles.class.getClassLoader(),
        new Class<?>[] {HostFiles.class}, (p, m, a) -> {
          Object r;
          try {
            r = m.invoke(files, a);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
          if (m.getName().equals("readString") && Paths.get((String) a[0]).toRealPath().equals(real) && reads.incrementAndGet() == 2) {
            meanwhile[0] = new Thread(() -> other.switchTo(GREEN, () -> { }));
            meanwhile[0].start();
            meanwhile[0].join(1000);
          }
          return r;
        });
    HaproxySwitch racing = new HaproxySwitch(interleaved, new RuntimeApi(new LocalCommandRunner(StepLog.to(l -> { })),
        haproxy.socket.toString()), "app", "live", haproxy.site.toString(), TimeSource.system(), StepLog.to(logged::add));
    racing.switchTo(BLUE, () -> { });
    meanwhile[0].join(10_000);
    assertFalse(meanwhile[0].isAlive());
    assertEquals(OptionalInt.of(GREEN), other.livePort());
    assertEquals("app=127.0.0.1:" + BLUE + " app2=127.0.0.1:" + GREEN, lines());
  }

  @Test
  public void aWrongBackendOrServerOrSocketIsAClearErrorAndChangesNothing() throws Exception {
    proxy.switchTo(BLUE, () -> { });
    String site = Files.readString(haproxy.site);
    StepFailedException e = assertThrows(StepFailedException.class, () -> switchFor("nope", "live").livePort());
    assertEquals("HAProxy refused 'show servers state nope' on " + haproxy.socket + ": Can't find backend.", e.getMessage());
    e = assertThrows(StepFailedException.class, () -> new RuntimeApi(new LocalCommandRunner(StepLog.to(l -> { })),
        haproxy.socket.toString()).send("set server app/blue state ready"));
    assertEquals("HAProxy refused 'set server app/blue state ready' on " + haproxy.socket + ": No such server.", e.getMessage());
    InvalidParameterException bad = assertThrows(InvalidParameterException.class, () -> new HaproxySwitch(files,
        new RuntimeApi(new LocalCommandRunner(StepLog.to(l -> { })), dir + "/missing.sock"), "app", "live", null, TimeSource.system(),
        StepLog.to(l -> { })).checkUsable());
    assertEquals("proxy.haproxy.socket", bad.parameter());
    e = assertThrows(StepFailedException.class, () -> new RuntimeApi(new LocalCommandRunner(StepLog.to(l -> { })),
        dir + "/missing.sock").send("show info"));
    assertTrue(e.getMessage(), e.getMessage().startsWith("HAProxy runtime API 'show info' on " + dir + "/missing.sock failed: "));
    assertEquals("200 colour " + BLUE + " 127.0.0.1:" + BLUE, served());
    assertEquals(site, Files.readString(haproxy.site));
    assertFalse(RuntimeApi.isSocketPath("/run/x.sock,fork"));
  }

  @Test
  public void openConnectionsCountsTheStreamsStillOnTheOldColourUntilTheyFinish() throws Exception {
    proxy.switchTo(BLUE, () -> { });
    java.util.concurrent.CompletableFuture<String> slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:31310/cgi-bin/slow")).build(),
            HttpResponse.BodyHandlers.ofString()).body().strip();
      } catch (Exception e) {
        return "failed: " + e;
      }
    }, r -> new Thread(r).start()); // a thread of its own: the common pool may be busy with socat's output
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!proxy.openConnections(BLUE).equals(OptionalInt.of(1)) && System.nanoTime() < deadline) {
      TestNginx.sleep(50);
    }
    assertEquals("the slow request reached the blue colour (" + slow.getNow("in flight") + ")", OptionalInt.of(1),
        proxy.openConnections(BLUE));
    proxy.switchTo(GREEN, () -> { });
    assertEquals("the stream keeps its connection to the old colour", OptionalInt.of(1), proxy.openConnections(BLUE));
    assertEquals(OptionalInt.of(0), proxy.openConnections(GREEN));
    assertEquals("200 colour " + GREEN + " 127.0.0.1:" + GREEN, served());
    assertEquals("slow " + BLUE, slow.get(10, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(OptionalInt.of(0), proxy.openConnections(BLUE));
    assertEquals(List.of(), logged);
  }

  @Test
  public void whenHaproxyCannotCountOneLineSaysWhyAndTheDrainKeepsItsTime() throws Exception {
    proxy.switchTo(BLUE, () -> { });
    haproxy.stop();
    assertEquals(OptionalInt.empty(), proxy.openConnections(BLUE));
    assertEquals(OptionalInt.empty(), proxy.openConnections(BLUE));
    assertEquals(1, logged.size());
    assertTrue(logged.get(0), logged.get(0).contains("drain: HAProxy cannot count its streams to 127.0.0.1:" + BLUE
        + " (HAProxy runtime API 'show sess all' on " + haproxy.socket + " failed: "));
    assertTrue(logged.get(0), logged.get(0).endsWith("): waiting out the full drain"));
  }
}
