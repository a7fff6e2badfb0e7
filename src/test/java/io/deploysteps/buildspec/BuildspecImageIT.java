package io.deploysteps.buildspec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.context.StepContext;
import io.deploysteps.exec.Command;
import io.deploysteps.exec.CommandRunner;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.log.StepLog;
import io.deploysteps.testing.LocalStack;
import io.deploysteps.time.TimeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code image:} on the stack's real dockerd: the whole build runs in that container (a file only
 * the image has is read by the build), with the workspace mounted at its own path (what the build
 * writes is staged from the host), the shim mounted and first on PATH, and the Docker socket
 * mounted; the container is started from an argv our code builds from checked parts only.
 * The image: FROM scratch with this machine's bash and its libraries, and busybox for the rest
 * (nothing can be pulled here).
 */
public class BuildspecImageIT {
  private static final String ID = "h16" + UUID.randomUUID().toString().substring(0, 6);
  private static final String IMAGE = "h16-buildspec-runtime:" + ID;

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @BeforeClass
  public static void buildTheImage() throws Exception {
    Path ctx = Files.createTempDirectory("h16-image-");
    Path root = ctx.resolve("root");
    for (String lib : List.of("/bin/bash", "/lib/x86_64-linux-gnu/libtinfo.so.6", "/lib/x86_64-linux-gnu/libc.so.6",
        "/lib64/ld-linux-x86-64.so.2")) {
      Path to = root.resolve(lib.substring(1));
      Files.createDirectories(to.getParent());
      Files.copy(Path.of(lib), to); // follows the links: the image gets the files themselves
    }
    Files.copy(Path.of(LocalStack.busybox()), root.resolve("bin/busybox"));
    for (String applet : List.of("sh", "cat", "test", "base64", "id", "ls", "mkdir", "sleep", "kill")) {
      Files.createSymbolicLink(root.resolve("bin/" + applet), Path.of("busybox"));
    }
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/h16-image"), "inside " + ID + "\n");
    Files.writeString(ctx.resolve("Dockerfile"), String.join("\n", "FROM scratch", "COPY root/ /", "ENV PATH=/bin",
        "LABEL io.deploysteps.it=" + ID, ""));
    docker("build", "-q", "-t", IMAGE, ctx.toString());
    new LocalHostFiles().deleteRecursively(ctx.toString());
  }

  @AfterClass
  public static void removeTheImage() throws Exception {
    docker("rmi", "-f", IMAGE);
  }

  @Test(timeout = 120_000)
  public void theWholeBuildRunsInTheImageWithTheWorkspaceAndTheSocketMounted() throws IOException {
    Path ws = tmp.newFolder("work space").toPath(); // a space: argv, not a shell string
    Files.writeString(ws.resolve("buildspec.yml"), String.join("\n",
        "version: 0.2",
        "env:",
        "  exported-variables: [INSIDE, SHIM, IMAGE_SEEN, WHERE]",
        "phases:",
        "  build:",
        "    commands:",
        "      - export INSIDE=\"$(cat /etc/h16-image)\"",
        "      - export SHIM=$(command -v aws) WHERE=$PWD IMAGE_SEEN=$CODEBUILD_BUILD_IMAGE",
        "      - test -S /var/run/docker.sock",
        "      - test \"$PWD\" = \"$CODEBUILD_SRC_DIR\" && echo built-in-the-image > out.txt",
        "artifacts:",
        "  files: out.txt",
        ""));
    List<String> lines = new ArrayList<>();
    List<Command> started = new ArrayList<>();
    StepLog log = StepLog.to(lines::add);
    LocalCommandRunner local = new LocalCommandRunner(log);
    CommandRunner recording = c -> {
      synchronized (started) {
        started.add(c);
      }
      return local.run(c);
    };
    Map<String, String> env = new HashMap<>(System.getenv());
    env.keySet().removeIf(k -> k.startsWith("CODEBUILD_") || k.startsWith("AWS_"));
    env.put("GIT_COMMIT", "feedface");
    StepContext context = new StepContext(recording, new LocalHostFiles(), log, TimeSource.system(), env,
        ws.toString(), null, spec -> new SdkAwsClients(spec, env, log));

    RunBuildspecResult r = new BuildspecRunner(context).run(RunBuildspecRequest.fromMap(Map.of("image", IMAGE)));

    String all = String.join("\n", lines);
    assertEquals(all, "SUCCEEDED", r.status());
    assertEquals(all, "inside " + ID, r.exported().get("INSIDE"));
    assertEquals(IMAGE, r.exported().get("IMAGE_SEEN"));
    assertEquals(ws.toString(), r.exported().get("WHERE"));
    assertTrue("the shim is first on PATH in the container: " + r.exported(), r.exported().get("SHIM").endsWith("/aws"));
    assertEquals(List.of("out.txt"), r.artifacts());
    assertEquals("built-in-the-image\n", Files.readString(ws.resolve("runbuildspec-artifacts/out.txt")));

    Command run = started.stream().filter(c -> c.argv().size() > 1 && c.argv().get(1).equals("run")).findFirst()
        .orElseThrow(() -> new AssertionError("no docker run among " + started));
    List<String> argv = run.argv();
    String socket = LocalStack.dockerHost().substring("unix://".length());
    int image = argv.indexOf(IMAGE);
    assertEquals("the options end before the image", "--", argv.get(image - 1));
    assertEquals(List.of("run", "--rm", "-i", "--init", "--network", "host", "-v", ws + ":" + ws),
        argv.subList(1, 9));
    assertTrue(argv.toString(), argv.subList(0, image).contains(socket + ":/var/run/docker.sock"));
    assertEquals("bash runs the session script as one argument, nothing of the buildspec in it",
        List.of("bash", "--noprofile", "--norc", "-c"), argv.subList(image + 1, image + 5));
    assertTrue(argv.stream().noneMatch(a -> a.contains("h16-image") || a.contains("out.txt")));
    assertEquals("no container is left", "", docker("ps", "-aq", "--filter", "ancestor=" + IMAGE).strip());
  }

  private static String docker(String... args) {
    List<String> argv = new ArrayList<>(List.of("docker"));
    argv.addAll(List.of(args));
    try {
      ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
      pb.environment().putAll(LocalStack.dockerEnv());
      pb.environment().put("DOCKER_BUILDKIT", "0");
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new AssertionError(argv + " failed: " + out);
      }
      return out;
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(argv + " failed", e);
    }
  }
}
