package io.deploysteps.ecr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.testing.LocalStack;
import io.deploysteps.testing.ProcSampler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The ECR token against an attacker on the same host, through the real launcher (bin/deploy-steps),
 * the real dockerd and the htpasswd registry that stands behind the fake ECR's token: the step is
 * killed with SIGTERM and with SIGKILL in every phase (login, build, the first push, the second),
 * while a sampler reads every process's argv and the environment of every process of the step.
 * Afterwards the token (and its base64 {@code AWS:token} form, which docker login would write) is in
 * no file of the workspace, the temp directory, HOME's .docker and .cache; a SIGTERM removed the
 * step's temp directory, and the next run removes what a SIGKILL left.
 */
public class EcrSecretKillIT {
  private static final String REGION = "eu-west-3";
  /** The JVM reads it (credentials env); docker and the helper must not inherit it. */
  private static final String AWS_SECRET = "h12-fake-secret-key-" + UUID.randomUUID();
  private static final List<String> PHASES = List.of("login", "build", "push:t1", "push:t2");

  private final String nonce = UUID.randomUUID().toString().substring(0, 8);
  private final String repository = "h12-secret-kill/app-" + nonce;
  private EcrFake aws;
  private Path dir;
  private Path workspace;
  private Path home;
  private Path marks;

  @Before
  public void setUp() throws IOException {
    aws = new EcrFake().start();
    aws.callerIdentity();
    aws.repositoryMissing();
    aws.repositoryCreated(repository, REGION);
    aws.authorizationToken(password(), "http://" + LocalStack.authRegistry());
    dir = Files.createTempDirectory("h12-secret-kill");
    workspace = Files.createDirectories(dir.resolve("ws"));
    home = Files.createDirectories(dir.resolve("home"));
    marks = dir.resolve("marks");
    Path app = Files.createDirectories(workspace.resolve("app"));
    Files.copy(Paths.get(LocalStack.busybox()), app.resolve("busybox"));
    Files.writeString(app.resolve("marker"), "h12 " + nonce + "\n");
    Files.writeString(app.resolve("Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\nCOPY marker /marker\n");
    // A docker that says which phase starts and takes its time, so a kill lands inside that phase.
    Path slow = dir.resolve("slow-docker");
    Files.writeString(slow, "#!/bin/sh\nsub=\"\"; skip=\"\"\nfor a in \"$@\"; do\n"
        + "  if [ -n \"$skip\" ]; then skip=\"\"; continue; fi\n"
        + "  case \"$a\" in --config) skip=1 ;; *) [ -z \"$sub\" ] && sub=\"$a\" ;; esac\n"
        + "done\nlast=\"\"; for a in \"$@\"; do last=\"$a\"; done\n"
        + "case \"$sub\" in push) echo \"push:${last##*:}\" >> '" + marks + "' ;; login|build) echo \"$sub\" >> '" + marks + "' ;; esac\n"
        + "case \"$sub\" in push|login|build) sleep 0.5 ;; esac\n"
        // ...and stays in it a while after the real call, so a kill 650 ms after the mark finds the
        // step still inside that phase even when the real call is quick (an idle host).
        + realDocker() + " \"$@\"; status=$?\n"
        + "case \"$sub\" in push|login|build) sleep 1.5 ;; esac\nexit $status\n");
    Files.setPosixFilePermissions(slow, PosixFilePermissions.fromString("rwx------"));
  }

  @After
  public void tearDown() {
    aws.stop();
    new RegistryApi(LocalStack.authRegistry(), "AWS", password()).deleteAll(repository);
    for (String tag : List.of("t1", "t2")) {
      run(List.of(realDocker(), "rmi", "--force", LocalStack.authRegistry() + "/" + repository + ":" + tag));
    }
    new LocalHostFiles().deleteRecursively(dir.toString());
  }

  private static String password() {
    return LocalStack.get("DEPLOY_STEPS_AUTH_REGISTRY_PASSWORD");
  }

  private static String realDocker() {
    for (String d : List.of("/usr/local/bin/docker", "/usr/bin/docker")) {
      if (Files.isExecutable(Paths.get(d))) {
        return d;
      }
    }
    throw new AssertionError("no docker CLI");
  }

  private static void run(List<String> argv) {
    try {
      new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start().waitFor(60, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private Process start(Path err) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("sh", Paths.get("bin", "deploy-steps").toAbsolutePath().toString(),
        "build-and-push-ecr", "--repository", repository, "--region", REGION, "--credentials", "env",
        "--context", "app", "--tags", "t1,t2", "--workspace", workspace.toString())
        .directory(workspace.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
    Map<String, String> env = pb.environment();
    // The stack's secrets are in the test's environment; the step must not get them from there.
    env.keySet().removeIf(k -> k.contains("PASSWORD"));
    env.put("HOME", home.toString());
    env.put("DOCKER_HOST", LocalStack.dockerHost());
    env.put("DEPLOY_STEPS_JAR", Paths.get(System.getProperty("deploySteps.jar", "target/deploy-steps.jar"))
        .toAbsolutePath().toString());
    env.put("DEPLOY_STEPS_JAVA", Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    env.put("DEPLOY_STEPS_DOCKER", dir.resolve("slow-docker").toString());
    // A first run's AppCDS dump at exit can hold a SIGTERM'd JVM for seconds on a busy machine.
    env.put("DEPLOY_STEPS_CDS", "off");
    env.put("AWS_ENDPOINT_URL", aws.url());
    env.put("AWS_ACCESS_KEY_ID", "AKIAH12FAKEKEY000001");
    env.put("AWS_SECRET_ACCESS_KEY", AWS_SECRET);
    return pb.start();
  }

  private List<String> secrets() {
    return List.of(password(), EcrFake.token(password()));
  }

  @Test
  public void theTokenIsInNoFileArgvOrEnvironmentWhenTheStepIsKilledInAnyPhase() throws Exception {
    List<Long> killedPids = new ArrayList<>();
    for (String signal : List.of("TERM", "KILL")) {
      for (String phase : PHASES) {
        Files.deleteIfExists(marks);
        Path err = dir.resolve("err-" + signal + "-" + phase.replace(':', '-'));
        Process launcher = start(err);
        long javaPid;
        try (ProcSampler sampler = new ProcSampler(launcher.pid(), secrets(), List.of(AWS_SECRET))) {
          waitForMark(phase, launcher, err);
          Thread.sleep(650); // inside the phase: past the slow docker's pause, in the real call
          ProcessHandle java = javaOf(launcher).orElseThrow(() -> new AssertionError("no JVM under the launcher"));
          javaPid = java.pid();
          run(List.of("kill", "-" + signal, String.valueOf(javaPid)));
          assertTrue(signal + " " + phase + ": the JVM did not end", java.onExit().get(60, TimeUnit.SECONDS) != null);
          // What Jenkins does after an abort: whatever the step started goes too.
          endTree(sampler, signal.equals("TERM") ? 3000 : 0);
          launcher.waitFor(10, TimeUnit.SECONDS);
          assertEquals(signal + " " + phase + ": " + sampler.leaks(), List.of(), sampler.leaks());
          assertTrue(signal + " " + phase + ": the sampler saw no docker of the step: " + sampler.seen(),
              sampler.seen().stream().anyMatch(c -> c.contains("slow-docker")));
        }
        assertEquals(signal + " " + phase, List.of(), filesHoldingTheToken());
        List<Path> left = sessionDirs(javaPid);
        if (signal.equals("TERM")) {
          assertEquals("SIGTERM in " + phase + " left " + left + "\n" + Files.readString(err), List.of(), left);
        } else {
          killedPids.add(javaPid);
        }
      }
    }
    // The SIGKILLs left their directories (no secret in them, as checked); the next run removes them.
    assertFalse("a SIGKILL leaves its directory behind", killedPids.stream().allMatch(p -> sessionDirs(p).isEmpty()));
    Files.deleteIfExists(marks);
    Path err = dir.resolve("err-whole");
    Process whole = start(err);
    try (ProcSampler sampler = new ProcSampler(whole.pid(), secrets(), List.of(AWS_SECRET))) {
      assertTrue(whole.waitFor(120, TimeUnit.SECONDS));
      String log = Files.readString(err);
      assertEquals(log, 0, whole.exitValue());
      assertEquals(sampler.leaks().toString(), List.of(), sampler.leaks());
      assertTrue(log, log.contains("left by a step that was killed"));
      assertTrue(log, log.matches("(?s).*credentials for " + java.util.regex.Pattern.quote(LocalStack.authRegistry())
          + " served to docker [1-9][0-9]* time\\(s\\) through docker-credential-deploysteps, never written to a file.*"));
    }
    for (long pid : killedPids) {
      assertEquals(List.of(), sessionDirs(pid));
    }
    assertEquals(List.of(), filesHoldingTheToken());
    assertEquals(2, new RegistryApi(LocalStack.authRegistry(), "AWS", password()).tags(repository).size());
  }

  private void waitForMark(String phase, Process launcher, Path err) throws Exception {
    long deadline = System.currentTimeMillis() + 90_000;
    while (System.currentTimeMillis() < deadline) {
      if (Files.exists(marks) && Files.readAllLines(marks).contains(phase)) {
        return;
      }
      if (!launcher.isAlive()) {
        throw new AssertionError("the step ended before " + phase + ": " + Files.readString(err));
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no " + phase + " within 90 s: " + Files.readString(err));
  }

  private static Optional<ProcessHandle> javaOf(Process launcher) {
    return launcher.descendants().filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst();
  }

  private static void endTree(ProcSampler sampler, long graceMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + graceMillis;
    while (System.currentTimeMillis() < deadline && sampler.tree().stream().anyMatch(EcrSecretKillIT::alive)) {
      Thread.sleep(20);
    }
    for (long pid : sampler.tree()) {
      if (pid != sampler.root()) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    Thread.sleep(100);
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static List<Path> sessionDirs(long pid) {
    List<Path> out = new ArrayList<>();
    Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
    try (var s = Files.list(tmp)) {
      s.filter(p -> p.getFileName().toString().startsWith("deploy-steps-docker-config-" + pid + "-")).forEach(out::add);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  /** Regular files (never FIFOs: opening one would block) that hold the password or the token. */
  private List<String> filesHoldingTheToken() throws IOException {
    List<byte[]> needles = new ArrayList<>();
    secrets().forEach(s -> needles.add(s.getBytes(StandardCharsets.UTF_8)));
    List<String> found = new ArrayList<>();
    String userHome = System.getProperty("user.home");
    List<Path> roots = List.of(workspace, home, Paths.get(System.getProperty("java.io.tmpdir")), Paths.get("/tmp"),
        Paths.get(userHome, ".docker"), Paths.get(userHome, ".cache"));
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile() && attrs.size() < 64L * 1024 * 1024 && !Files.isSymbolicLink(file)) {
            try {
              byte[] data = Files.readAllBytes(file);
              for (byte[] n : needles) {
                if (ProcSampler.indexOf(data, n) >= 0) {
                  found.add(file.toString());
                }
              }
            } catch (IOException | RuntimeException unreadable) {
              // another user's or gone
            }
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) {
          return FileVisitResult.CONTINUE;
        }
      });
    }
    return found;
  }
}
