package io.deploysteps.buildspec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deploysteps.aws.SdkAwsClients;
import io.deploysteps.engine.Json;
import io.deploysteps.context.StepContext;
import io.deploysteps.exec.LocalCommandRunner;
import io.deploysteps.fs.LocalHostFiles;
import io.deploysteps.log.StepLog;
import io.deploysteps.time.TimeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Every buildspec of src/test/resources/buildspecs/ run for real (real bash, a copy of its
 * directory as the workspace) against its expected.json: the build status, each phase's status,
 * exit codes and attempts, the exported variables, the staged artifacts and reports, the keys the
 * preflight lists, and lines the log must (or must not) show.
 */
@RunWith(Parameterized.class)
public class BuildspecCorpusTest {
  private static final Path CORPUS = Paths.get("src/test/resources/buildspecs");

  @Parameters(name = "{0}")
  public static Collection<Object[]> cases() throws IOException {
    List<Object[]> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(CORPUS)) {
      dirs.filter(d -> Files.exists(d.resolve("expected.json"))).sorted()
          .forEach(d -> out.add(new Object[] {d.getFileName().toString()}));
    }
    return out;
  }

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private final String name;

  public BuildspecCorpusTest(String name) {
    this.name = name;
  }

  @Test
  public void runsAsCodeBuildWould() throws IOException {
    Path ws = tmp.newFolder(name).toPath();
    copy(CORPUS.resolve(name), ws);
    JsonNode want = Json.read(Files.readString(ws.resolve("expected.json")));
    Map<String, String> env = new HashMap<>(System.getenv());
    env.keySet().removeIf(k -> k.startsWith("CODEBUILD_") || k.equals("JOB_NAME") || k.equals("BUILD_NUMBER")
        || k.equals("GIT_COMMIT") || k.startsWith("AWS_"));
    env.put("GIT_COMMIT", "feedfacefeedfacefeedfacefeedfacefeedface");
    want.path("jenkins").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    List<String> lines = new ArrayList<>();
    StepLog log = StepLog.to(lines::add);
    StepContext context = new StepContext(new LocalCommandRunner(log), new LocalHostFiles(), log,
        TimeSource.system(), env, ws.toString(), null, spec -> new SdkAwsClients(spec, env, log));
    Map<String, Object> params = new LinkedHashMap<>();
    if (want.has("env")) {
      params.put("env", Json.MAPPER.convertValue(want.get("env"), Map.class));
    }
    if (want.has("region")) {
      params.put("region", want.get("region").asText());
    }
    RunBuildspecResult r;
    try {
      r = new BuildspecRunner(context).run(RunBuildspecRequest.fromMap(params));
    } finally {
      Files.deleteIfExists(Paths.get("/tmp/runbuildspec-corpus-outside.txt"));
    }
    String log0 = String.join("\n", lines);
    assertEquals(log0, want.get("status").asText(), r.status());
    Map<String, String> phases = new LinkedHashMap<>();
    r.phases().forEach(p -> phases.put(p.name(), p.status()));
    assertEquals(log0, Json.MAPPER.convertValue(want.get("phases"), Map.class), phases);
    want.path("exitCodes").fields().forEachRemaining(e -> {
      PhaseResult p = phase(r, e.getKey());
      assertEquals("exit codes of " + e.getKey() + "\n" + log0, Json.MAPPER.convertValue(e.getValue(), List.class),
          p.commands().stream().map(PhaseResult.CommandRun::exitCode).toList());
    });
    want.path("attempts").fields().forEachRemaining(e ->
        assertEquals("attempts of " + e.getKey(), e.getValue().asInt(), phase(r, e.getKey()).attempts()));
    assertEquals(Json.MAPPER.convertValue(want.get("exported"), Map.class), r.exported());
    if (want.has("artifacts")) {
      assertEquals(Json.MAPPER.convertValue(want.get("artifacts"), List.class), r.artifacts());
      for (String f : r.artifacts()) {
        assertTrue(f + " staged", Files.isRegularFile(ws.resolve("runbuildspec-artifacts").resolve(f)));
      }
    }
    if (want.has("artifactNames")) {
      assertEquals(Json.MAPPER.convertValue(want.get("artifactNames"), Map.class), r.toMap().get("artifacts") instanceof Map<?, ?> a
          ? Map.of("name", String.valueOf(a.get("name")), "secondaryNames", a.get("secondaryNames")) : null);
    }
    if (want.has("reports")) {
      Map<String, Object> got = new LinkedHashMap<>();
      for (Object o : (List<?>) r.toMap().get("reports")) {
        Map<?, ?> m = (Map<?, ?>) o;
        got.put((String) m.get("name"), m.get("files"));
      }
      assertEquals(Json.MAPPER.convertValue(want.get("reports"), Map.class), got);
    }
    if (want.has("unsupported")) {
      List<List<Object>> got = new ArrayList<>();
      for (Object o : (List<?>) r.toMap().get("unsupported")) {
        Map<?, ?> m = (Map<?, ?>) o;
        got.add(List.of(m.get("key"), m.get("line")));
      }
      assertEquals(Json.MAPPER.convertValue(want.get("unsupported"), List.class), got);
    }
    for (JsonNode line : want.path("output")) {
      assertTrue("log shows '" + line.asText() + "'\n" + log0, log0.contains(line.asText()));
    }
    for (JsonNode line : want.path("absent")) {
      assertFalse("log must not show '" + line.asText() + "'\n" + log0,
          lines.stream().anyMatch(l -> l.contains(line.asText()) && !l.contains("$ echo")));
    }
  }

  private static PhaseResult phase(RunBuildspecResult r, String name) {
    return r.phases().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
