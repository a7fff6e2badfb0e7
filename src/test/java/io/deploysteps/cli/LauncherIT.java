package io.deploysteps.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.testing.LocalStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The CLI launcher the shared library runs on agents (resources/io/deploysteps/deploy-steps.sh),
 * run by sh against the real dockerd: its AppCDS archive is made by the first whole run and mapped
 * by the next, quietly; a run that fails on bad input keeps none; arguments reach the jar as argv.
 */
public class LauncherIT {
  private static final Path LAUNCHER = Paths.get("resources", "io", "deploysteps", "deploy-steps.sh");
  private static final List<String> DRY_RUN = List.of("prune-docker", "--dry-run", "--images", "dangling",
      "--containers", "false");
  private Path dir;

  @Before
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("launcher-it");
  }

  @After
  public void tearDown() {
    new LocalHostFiles().deleteRecursively(dir.toString());
  }

  private Path cds() {
    return dir.resolve("cds");
  }

  private Run run(Map<String, String> extraEnv, List<String> args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("sh", LAUNCHER.toString()));
    argv.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(argv).directory(Paths.get("").toAbsolutePath().toFile())
        .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
    Map<String, String> env = pb.environment();
    env.put("DOCKER_HOST", LocalStack.dockerHost());
    env.put("DEPLOY_STEPS_JAR", System.getProperty("deploySteps.jar", "target/deploy-steps.jar"));
    env.put("DEPLOY_STEPS_JAVA", Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    env.put("DEPLOY_STEPS_CDS_DIR", cds().toString());
    env.putAll(extraEnv);
    int code = pb.start().waitFor();
    return new Run(code, Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
  }

  private List<String> cdsFiles() throws IOException {
    if (!Files.isDirectory(cds())) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(cds())) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  public void firstWholeRunMakesTheArchiveAndTheNextMapsItQuietly() throws Exception {
    Run first = run(Map.of(), DRY_RUN);
    assertEquals(first.err(), 0, first.code());
    List<String> files = cdsFiles();
    assertEquals(1, files.size());
    assertTrue(files.toString(), files.get(0).matches("prune-docker-[0-9]+\\.jsa"));
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(cds())));
    long made = Files.getLastModifiedTime(cds().resolve(files.get(0))).toMillis();

    Run second = run(Map.of(), DRY_RUN);
    assertEquals(second.err(), 0, second.code());
    assertEquals("mapped, not made again", made, Files.getLastModifiedTime(cds().resolve(files.get(0))).toMillis());
    assertEquals(files, cdsFiles());
    // Nothing from the JVM's CDS logging reaches the output (stdout may be the --json result).
    assertEquals(first.out().replaceAll("[0-9]+ ms", "N ms"), second.out().replaceAll("[0-9]+ ms", "N ms"));
    assertFalse(second.out() + second.err(), (second.out() + second.err()).contains("cds"));
  }

  @Test
  public void onlyAnArchiveOfThisUserInADirectoryOnlyTheyMayWriteIsMapped() throws Exception {
    Files.createDirectories(cds());
    Files.setPosixFilePermissions(cds(), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    assertEquals(0, run(Map.of(), DRY_RUN).code());
    assertEquals("a directory others may write to gets no archive", List.of(), cdsFiles());

    Files.setPosixFilePermissions(cds(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    assertEquals(0, run(Map.of(), DRY_RUN).code());
    Path archive = cds().resolve(cdsFiles().get(0));
    java.nio.file.attribute.UserPrincipal me = Files.getOwner(archive);
    java.nio.file.attribute.UserPrincipal nobody;
    try {
      nobody = archive.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
      Files.setOwner(archive, nobody);
    } catch (IOException e) {
      org.junit.Assume.assumeNoException("changing a file's owner needs root", e);
      return;
    }
    assertEquals(0, run(Map.of(), DRY_RUN).code());
    assertEquals("another user's archive is not mapped but replaced", me, Files.getOwner(archive));
  }

  @Test
  public void badInputKeepsNoArchiveAndArgumentsAreNeverEvaluated() throws Exception {
    Path marker = dir.resolve("marker");
    Run bad = run(Map.of(), List.of("prune-docker", "--dry-run", "--until", "1h; touch " + marker + " $(touch " + marker + ")"));
    assertEquals(bad.err(), 2, bad.code());
    assertTrue(bad.err(), bad.err().contains("until"));
    assertTrue(bad.err(), bad.err().contains("1h; touch " + marker + " $(touch " + marker + ")"));
    assertFalse(Files.exists(marker));
    assertEquals(List.of(), cdsFiles());
  }

  @Test
  public void cdsOffAndHelpRunWithoutAnArchive() throws Exception {
    Run off = run(Map.of("DEPLOY_STEPS_CDS", "off"), DRY_RUN);
    assertEquals(off.err(), 0, off.code());
    Run help = run(Map.of(), List.of("prune-docker", "--help"));
    assertEquals(help.err(), 0, help.code());
    assertTrue(help.out(), help.out().contains("--dry-run"));
    assertFalse(Files.exists(cds()) && !cdsFiles().isEmpty());
  }

  /** A JDK 25 or later on this machine (an agent may run one): its release file says which. */
  private static java.util.Optional<Path> jdk25() throws IOException {
    Path jvms = Paths.get("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return java.util.Optional.empty();
    }
    try (Stream<Path> s = Files.list(jvms)) {
      return s.filter(h -> Files.isRegularFile(h.resolve("release")) && Files.isExecutable(h.resolve("bin/java")))
          .filter(h -> {
            try {
              java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)")
                  .matcher(Files.readString(h.resolve("release")));
              return m.find() && Integer.parseInt(m.group(1)) >= 25;
            } catch (IOException e) {
              return false;
            }
          }).map(h -> h.resolve("bin/java")).findFirst();
    }
  }

  @Test
  public void onJdk25AnAotCacheIsMadeByTheFirstRunAndMappedByTheNext() throws Exception {
    java.util.Optional<Path> java25 = jdk25();
    org.junit.Assume.assumeTrue("no JDK 25 or later in /usr/lib/jvm", java25.isPresent());
    Map<String, String> env = Map.of("DEPLOY_STEPS_JAVA", java25.get().toString());
    Run first = run(env, DRY_RUN);
    assertEquals(first.err(), 0, first.code());
    List<String> files = cdsFiles();
    assertEquals("one cache, no config or temp file left", 1, files.size());
    assertTrue(files.toString(), files.get(0).matches("prune-docker-[0-9]+\\.aot"));
    long made = Files.getLastModifiedTime(cds().resolve(files.get(0))).toMillis();

    Run second = run(env, DRY_RUN);
    assertEquals(second.err(), 0, second.code());
    assertEquals("mapped, not made again", made, Files.getLastModifiedTime(cds().resolve(files.get(0))).toMillis());
    assertEquals(first.out().replaceAll("[0-9]+ ms", "N ms"), second.out().replaceAll("[0-9]+ ms", "N ms"));
    assertFalse(second.out() + second.err(), (second.out() + second.err()).toLowerCase().matches("(?s).*(aot|cds).*"));

    // The same jar on JDK 17 (this test's JVM) replaces it with its own archive.
    Run back = run(Map.of(), DRY_RUN);
    assertEquals(back.err(), 0, back.code());
    assertTrue(cdsFiles().toString(), cdsFiles().size() == 1 && cdsFiles().get(0).endsWith(".jsa"));
  }

  @Test
  public void onJdk25ARunGivenASecretMakesNoAotCacheItsAssemblerWouldInheritTheSecret() throws Exception {
    java.util.Optional<Path> java25 = jdk25();
    org.junit.Assume.assumeTrue("no JDK 25 or later in /usr/lib/jvm", java25.isPresent());
    Run withSecret = run(Map.of("DEPLOY_STEPS_JAVA", java25.get().toString(), "DEPLOY_STEPS_DB_PASSWORD", "h7-launcher-secret"),
        DRY_RUN);
    assertEquals(withSecret.err(), 0, withSecret.code());
    assertEquals("no cache, no config, no temp file", List.of(), cdsFiles());
    Run without = run(Map.of("DEPLOY_STEPS_JAVA", java25.get().toString()), DRY_RUN);
    assertEquals(without.err(), 0, without.code());
    assertEquals(1, cdsFiles().size());
  }

  @Test
  public void javaOptionsReachTheJvmAndItsExitCodeComesThrough() throws Exception {
    Run r = run(Map.of("DEPLOY_STEPS_JAVA_OPTS", "-Xmx64m -XX:+NoSuchLauncherTestOption"), DRY_RUN);
    assertEquals(r.err(), 1, r.code());
    assertTrue(r.err(), r.err().contains("NoSuchLauncherTestOption"));
    assertEquals("the failed run keeps no archive and no temp file", List.of(), cdsFiles());
  }

  private record Run(int code, String out, String err) {}
}
