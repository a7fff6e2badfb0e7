package io.deploysteps.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ParamsTest {
  private static void expectBad(String param, Runnable r) {
    try {
      r.run();
      fail("expected an error for " + param);
    } catch (InvalidParameterException e) {
      assertEquals(param, e.parameter());
    }
  }

  @Test
  public void readsTheTypesGroovyGives() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", " api ");
    m.put("ports", List.of(3000, 4000));
    m.put("tags", "a, b,,c");
    m.put("drain", 2.5);
    m.put("healthTimeout", "1m");
    m.put("keepPrevious", "false");
    m.put("count", "7");
    m.put("env", Map.of("A", 1));
    m.put("buildArgs", "X=1,Y=a=b");
    m.put("health", Map.of("path", "/health"));
    Params p = Params.of(m);
    assertEquals("api", p.string("name"));
    assertEquals(List.of("3000", "4000"), p.strings("ports", List.of()));
    assertEquals(List.of("a", "b", "c"), p.strings("tags", List.of()));
    assertEquals(Duration.ofMillis(2500), p.duration("drain", Duration.ZERO));
    assertEquals(Duration.ofMinutes(1), p.duration("healthTimeout", Duration.ZERO));
    assertFalse(p.bool("keepPrevious", true));
    assertEquals(7, p.integer("count", 0));
    assertEquals(Map.of("A", "1"), p.stringMap("env"));
    assertEquals(Map.of("X", "1", "Y", "a=b"), p.stringMap("buildArgs"));
    assertEquals("/health", p.nested("health").string("path"));
    assertTrue(p.nested("missing").string("x", "d").equals("d"));
  }

  @Test
  public void errorsNameTheParameter() {
    Params p = Params.of(Map.of("count", "x", "flag", "maybe", "n", 1.5, "h", "str", "kv", "novalue"));
    expectBad("name", () -> p.string("name"));
    expectBad("count", () -> p.integer("count", 0));
    expectBad("n", () -> p.integer("n", 0));
    expectBad("flag", () -> p.bool("flag", false));
    expectBad("h", () -> p.nested("h"));
    expectBad("kv", () -> p.stringMap("kv"));
    expectBad("typo", () -> Params.of(Map.of("typo", 1)).requireOnly(List.of("name")));
  }
}
