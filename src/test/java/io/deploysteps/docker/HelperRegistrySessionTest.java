package io.deploysteps.docker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.engine.Json;
import io.deploysteps.exec.Command;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.testing.RecordingLog;
import io.deploysteps.testing.ScriptedRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * The credential helper session on this machine, with the real helper script and real FIFOs: docker
 * (scripted here) gets only paths; the helper's {@code get} prints the credentials the step serves,
 * to several helpers at once; another server gets "not found"; nothing is left after close.
 */
public class HelperRegistrySessionTest {
  private static final String REGISTRY = "127.0.0.1:25301";
  private static final String SECRET = "h12-helper-secret-" + System.nanoTime();
  private final RecordingLog log = new RecordingLog();
  private final ScriptedRunner dockerRunner = new ScriptedRunner();

  private HelperRegistrySession open(Map<String, String> env) {
    return HelperRegistrySession.open(new LocalCommandRunner(log.log()), log.log(), env,
        new DockerCli(dockerRunner, "docker", Map.of()), REGISTRY, "AWS", SECRET);
  }

  private static String[] get(Map<String, String> env, String server) throws Exception {
    Path helper = Paths.get(env.get("PATH").split(":")[0], "docker-credential-deploysteps");
    ProcessBuilder pb = new ProcessBuilder(helper.toString(), "get");
    pb.environment().putAll(env);
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      in.write((server + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (java.io.IOException exitedFirst) {
      // a helper that answers "not found" without reading
    }
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    return new String[] {String.valueOf(p.exitValue()), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)};
  }

  @Test
  public void dockerGetsPathsOnlyAndTheHelperGetsTheSecretFromTheStep() throws Exception {
    Path dir;
    Map<String, String> env;
    try (HelperRegistrySession session = open(Map.of("PATH", System.getenv("PATH")))) {
      Command login = dockerRunner.commands().get(0);
      assertEquals("--config", login.argv().get(1));
      dir = Paths.get(login.argv().get(2));
      assertEquals(List.of("docker", "--config", dir.toString(), "login", "--username", "AWS", "--password-stdin", REGISTRY),
          login.argv());
      env = login.env();
      assertEquals(dir.toString(), env.get("DEPLOY_STEPS_CREDENTIALS"));
      env.values().forEach(v -> assertFalse(v.contains(SECRET)));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
      assertEquals("deploysteps", Json.read(Files.readString(dir.resolve("config.json"))).path("credHelpers").path(REGISTRY).asText());

      // Several pushes ask at once: each gets the whole answer.
      List<Thread> threads = new ArrayList<>();
      List<String[]> answers = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int i = 0; i < 4; i++) {
        Map<String, String> e = env;
        Thread t = new Thread(() -> {
          try {
            answers.add(get(e, REGISTRY));
          } catch (Exception ex) {
            answers.add(new String[] {"x", ex.toString()});
          }
        });
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join(30_000);
      }
      assertEquals(4, answers.size());
      for (String[] a : answers) {
        assertEquals(a[1], "0", a[0]);
        JsonNode json = Json.read(a[1]);
        assertEquals(REGISTRY, json.path("ServerURL").asText());
        assertEquals("AWS", json.path("Username").asText());
        assertEquals(SECRET, json.path("Secret").asText());
      }
      String[] other = get(env, "registry.example.invalid");
      assertEquals("1", other[0]);
      assertEquals("credentials not found in native keychain\n", other[1]);
      try (var files = Files.walk(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          if (Files.isRegularFile(f)) {
            assertFalse(f.toString(), Files.readString(f).contains(SECRET));
          }
        }
      }
    }
    assertFalse("the session directory is removed at close", Files.exists(dir));
    assertTrue(log.text(), log.text().contains("credentials for " + REGISTRY + " served to docker 4 time(s)"));
    Map<String, String> shipped = new java.util.HashMap<>(env);
    shipped.put("PATH", Paths.get("resources", "io", "deploysteps").toAbsolutePath() + ":" + System.getenv("PATH"));
    assertEquals("credentials not found in native keychain\n", get(shipped, REGISTRY)[1]);
  }

  @Test
  public void theLaunchersHelperIsUsedWhenItNamesAnExecutableOne() throws Exception {
    Path shipped = Paths.get("resources", "io", "deploysteps", "docker-credential-deploysteps").toAbsolutePath();
    try (HelperRegistrySession session = open(Map.of("PATH", "/usr/bin:/bin", "DEPLOY_STEPS_CREDENTIAL_HELPER", shipped.toString()))) {
      Map<String, String> env = dockerRunner.commands().get(0).env();
      assertEquals(shipped.getParent() + ":/usr/bin:/bin", env.get("PATH"));
      assertEquals(SECRET, Json.read(get(env, REGISTRY)[1]).path("Secret").asText());
    }
  }

  @Test
  public void aSweepRemovesOnlyThisUsersDirectoriesOfDeadOrOldSteps() throws Exception {
    Path tmp = Files.createTempDirectory("h12-sweep");
    try {
      Process dead = new ProcessBuilder("true").start();
      dead.waitFor();
      Path ofDead = Files.createDirectory(tmp.resolve("deploy-steps-docker-config-" + dead.pid() + "-123"));
      Path ofMe = Files.createDirectory(tmp.resolve("deploy-steps-docker-config-" + ProcessHandle.current().pid() + "-456"));
      Path oldNoPid = Files.createDirectory(tmp.resolve("deploy-steps-docker-config789"));
      Files.setLastModifiedTime(oldNoPid, java.nio.file.attribute.FileTime.fromMillis(
          System.currentTimeMillis() - StaleSessions.LONGEST_BUILD.toMillis() - 60_000));
      Path youngNoPid = Files.createDirectory(tmp.resolve("deploy-steps-docker-config790"));
      assertEquals(2, StaleSessions.sweep(tmp, "deploy-steps-docker-config", log.log()));
      assertFalse(Files.exists(ofDead));
      assertFalse(Files.exists(oldNoPid));
      assertTrue(Files.exists(ofMe));
      assertTrue(Files.exists(youngNoPid));
    } finally {
      new io.deploysteps.fs.LocalHostFiles().deleteRecursively(tmp.toString());
    }
  }
}
