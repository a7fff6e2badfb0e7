package io.deploysteps.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.engine.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The CLI contract: {@code run-buildspec --buildspec FILE --workspace DIR [--env K=V]...
 * [--region R] [--strict] [--json]}, the JSON result's keys, exit 1 for a failed build and exit 2,
 * before anything runs, for a strict preflight that found keys it does not support.
 */
public class RunBuildspecCliTest {
  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private String out;
  private String err;

  private int cli(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      return DeployStepsCli.execute(args);
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
      out = o.toString(StandardCharsets.UTF_8);
      err = e.toString(StandardCharsets.UTF_8);
    }
  }

  private Path workspace(String... buildspec) throws IOException {
    Path ws = tmp.newFolder().toPath();
    Files.writeString(ws.resolve("ci.yml"), String.join("\n", buildspec) + "\n");
    return ws;
  }

  @Test
  public void jsonResultHasTheContractsKeysAndAFailedBuildIsExit1() throws IOException {
    Path ws = workspace("version: 0.2", "env:", "  exported-variables: [GREETING]", "phases:", "  build:",
        "    commands:", "      - export GREETING=\"hello $WHO\"", "      - echo out > out.txt", "  post_build:",
        "    commands:", "      - exit 7", "artifacts:", "  files: out.txt", "proxy:", "  upload-artifacts: yes");
    int code = cli("run-buildspec", "--buildspec", "ci.yml", "--workspace", ws.toString(), "--env", "WHO=jenkins",
        "--region", "eu-west-1", "--json");
    assertEquals(err, 1, code);
    JsonNode r = Json.read(out);
    List<String> keys = new ArrayList<>();
    r.fieldNames().forEachRemaining(keys::add);
    assertTrue(keys.toString(), keys.containsAll(List.of("status", "phases", "exported", "artifacts", "unsupported")));
    assertEquals("FAILED", r.get("status").asText());
    JsonNode build = r.get("phases").get(0);
    assertEquals("build", build.get("name").asText());
    assertEquals("SUCCEEDED", build.get("status").asText());
    assertTrue(build.get("durationMs").isNumber());
    JsonNode first = build.get("commands").get(0);
    assertEquals("export GREETING=\"hello $WHO\"", first.get("command").asText());
    assertEquals(0, first.get("exitCode").asInt());
    assertTrue(first.get("durationMs").isNumber());
    assertEquals(7, r.get("phases").get(1).get("commands").get(0).get("exitCode").asInt());
    assertEquals("hello jenkins", r.get("exported").get("GREETING").asText());
    assertEquals("runbuildspec-artifacts", r.get("artifacts").get("dir").asText());
    assertEquals("[\"out.txt\"]", r.get("artifacts").get("files").toString());
    assertEquals("proxy", r.get("unsupported").get(0).get("key").asText());
    assertEquals(14, r.get("unsupported").get(0).get("line").asInt());
  }

  @Test
  public void strictAndReservedNamesAreExit2BeforeAnythingRuns() throws IOException {
    Path ws = workspace("version: 0.2", "batch:", "  fast-fail: true", "phases:", "  build:", "    commands:",
        "      - touch ran");
    assertEquals(err, 2, cli("run-buildspec", "--buildspec", "ci.yml", "--workspace", ws.toString(), "--strict"));
    assertTrue(err, err.contains("strict") && err.contains("batch (line 2)"));
    assertFalse("nothing ran", Files.exists(ws.resolve("ran")));
    assertFalse("nothing staged", Files.exists(ws.resolve("runbuildspec-artifacts")));

    assertEquals(err, 2, cli("run-buildspec", "--buildspec", "ci.yml", "--workspace", ws.toString(), "--env",
        "CODEBUILD_BUILD_ID=mine:1"));
    assertTrue(err, err.contains("env") && err.contains("CODEBUILD_ names are the runner's built-ins"));
    assertFalse("nothing ran", Files.exists(ws.resolve("ran")));

    Path colon = Files.createDirectories(ws.resolve("a:b"));
    Files.copy(ws.resolve("ci.yml"), colon.resolve("ci.yml"));
    assertEquals(err, 2, cli("run-buildspec", "--buildspec", "ci.yml", "--workspace", colon.toString(), "--image",
        "h16-never:1"));
    assertTrue(err, err.contains("image") && err.contains("docker run -v cannot mount"));
    assertFalse("nothing ran", Files.exists(colon.resolve("ran")));

    assertEquals(err, 0, cli("run-buildspec", "--buildspec", "ci.yml", "--workspace", ws.toString()));
    assertTrue("without strict: a warning, and the build runs", Files.exists(ws.resolve("ran")));
    assertTrue(err, err.contains("buildspec key batch on line 2 is not supported"));
  }
}
