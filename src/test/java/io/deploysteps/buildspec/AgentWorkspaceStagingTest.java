package io.deploysteps.buildspec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.context.StepContext;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.fs.HeldLock;
import io.deploysteps.fs.HostFiles;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The plugin runs the engine on the controller while the workspace is on an agent: artifacts must
 * be found and copied through the files seam (the agent's disk), never through java.nio of the
 * JVM the engine runs in. Here the seam's workspace is another directory than the one of the same
 * name in this JVM, as an agent's is: the staged files must come from the seam's side, and nothing
 * may be written on this JVM's side.
 */
public class AgentWorkspaceStagingTest {
  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void artifactsAndReportsAreStagedOnTheAgentsDisk() throws IOException {
    Path controller = tmp.newFolder("controller").toPath(); // the same path, on the controller: stays empty
    Path agent = tmp.newFolder("agent").toPath();
    write(agent.resolve("buildspec.yml"), String.join("\n", "version: 0.2", "phases:", "  build:", "    commands:",
        "      - 'true'", "artifacts:", "  files:", "    - 'target/**/*'", "    - app.env", "  secondary-artifacts:",
        "    docs:", "      files: 'docs/*.md'", "      discard-paths: yes", "reports:", "  unit:", "    files: 'TEST-*.xml'",
        "    base-directory: reports", ""));
    write(agent.resolve("target/app.jar"), "jar");
    write(agent.resolve("target/classes/Main.class"), "class");
    write(agent.resolve("app.env"), "A=1");
    write(agent.resolve("docs/readme.md"), "docs");
    write(agent.resolve("reports/TEST-app.xml"), "<testsuite/>");
    List<String> lines = new ArrayList<>();
    StepLog log = StepLog.to(lines::add);
    Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "GIT_COMMIT", "feedface");
    HostFiles onAgent = new Elsewhere(controller.toString(), agent.toString());
    StepContext context = new StepContext(new LocalCommandRunner(log), onAgent, log, TimeSource.system(), env,
        controller.toString(), null, spec -> new SdkAwsClients(spec, env, log));

    RunBuildspecResult r = new BuildspecRunner(context).run(RunBuildspecRequest.fromMap(Map.of()));

    String all = String.join("\n", lines);
    assertEquals(all, "SUCCEEDED", r.status());
    assertEquals(List.of("target/app.jar", "target/classes/Main.class", "app.env", "docs/readme.md"), r.artifacts());
    Path staged = agent.resolve("runbuildspec-artifacts");
    assertEquals("jar", Files.readString(staged.resolve("target/app.jar")));
    assertEquals("docs", Files.readString(staged.resolve("docs/readme.md")));
    assertTrue(Files.isRegularFile(staged.resolve("reports/JUNITXML/unit/TEST-app.xml")));
    try (var s = Files.list(controller)) {
      assertFalse("nothing staged on the controller's disk", s.findAny().isPresent());
    }
  }

  private static void write(Path p, String text) throws IOException {
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  /** The files of another machine: paths under {@code seen} live under {@code real} there. */
  private static final class Elsewhere implements HostFiles {
    private final LocalHostFiles local = new LocalHostFiles();
    private final String seen;
    private final String real;

    Elsewhere(String seen, String real) {
      this.seen = seen;
      this.real = real;
    }

    private String at(String path) {
      return path.equals(seen) || path.startsWith(seen + "/") ? real + path.substring(seen.length()) : path;
    }

    @Override
    public boolean exists(String path) {
      return local.exists(at(path));
    }

    @Override
    public boolean isDirectory(String path) {
      return local.isDirectory(at(path));
    }

    @Override
    public byte[] read(String path) {
      return local.read(at(path));
    }

    @Override
    public String readString(String path) {
      return local.readString(at(path));
    }

    @Override
    public void writeAtomically(String path, byte[] content) {
      local.writeAtomically(at(path), content);
    }

    @Override
    public void writeAtomically(String path, String content) {
      local.writeAtomically(at(path), content);
    }

    @Override
    public Optional<HeldLock> tryLock(String path) {
      return local.tryLock(at(path));
    }

    @Override
    public boolean createDirectory(String path) {
      return local.createDirectory(at(path));
    }

    @Override
    public void createDirectories(String path) {
      local.createDirectories(at(path));
    }

    @Override
    public String createTempDirectory(String prefix) {
      return local.createTempDirectory(prefix);
    }

    @Override
    public void deleteRecursively(String path) {
      local.deleteRecursively(at(path));
    }

    @Override
    public List<String> list(String directory) {
      return local.list(at(directory));
    }

    public List<String> filesUnder(String root) {
      return local.filesUnder(at(root));
    }

    public void copy(String from, String to) {
      local.copy(at(from), at(to));
    }

    @Override
    public long lastModified(String path) {
      return local.lastModified(at(path));
    }

    @Override
    public String resolve(String base, String child) {
      return local.resolve(base, child);
    }

    @Override
    public String parent(String path) {
      return local.parent(path);
    }

    @Override
    public String realPath(String path) {
      return path;
    }
  }
}
