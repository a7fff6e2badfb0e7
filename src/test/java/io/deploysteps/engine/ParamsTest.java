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

  private static InvalidParameterException bad(Runnable r) {
    try {
      r.run();
    } catch (InvalidParameterException e) {
      return e;
    }
    throw new AssertionError("expected an InvalidParameterException");
  }

  @Test
  public void numbersOutOfRangeAreRefusedNamingTheParameter() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("drain", "99999999999999999999");
    m.put("drainNumber", new java.math.BigInteger("99999999999999999999"));
    m.put("healthTimeout", "3000000h");
    m.put("lockTimeout", 1e300);
    m.put("until", "87601h");
    m.put("count", "99999999999");
    m.put("countNumber", 99999999999L);
    m.put("fraction", "NaN");
    m.put("infinite", Double.POSITIVE_INFINITY);
    Params p = Params.of(m);
    for (String name : List.of("drain", "drainNumber", "healthTimeout", "lockTimeout", "until", "infinite")) {
      InvalidParameterException e = bad(() -> p.duration(name, Duration.ZERO));
      assertEquals(name, e.parameter());
    }
    assertTrue(bad(() -> p.duration("healthTimeout", Duration.ZERO)).getMessage().endsWith("at most 87600h (10 years)"));
    expectBad("count", () -> p.integer("count", 0));
    expectBad("countNumber", () -> p.integer("countNumber", 0));
    expectBad("fraction", () -> p.decimal("fraction", 0));
    expectBad("infinite", () -> p.decimal("infinite", 0));
    assertEquals(Duration.ofHours(87600), Params.of(Map.of("until", "87600h")).duration("until", null));
    assertEquals(Integer.MAX_VALUE, Params.of(Map.of("n", "2147483647")).integer("n", 0));
  }

  @Test
  public void aValueHoldingNulIsRefusedWithoutShowingIt() {
    String secret = "s3cr3t\0tail";
    for (Object value : List.of(secret, List.of("a", secret), Map.of("DB_PASSWORD", secret), Map.of(secret, "v"))) {
      InvalidParameterException e = bad(() -> Params.of(Map.of("env", value)));
      assertEquals("env", e.parameter());
      assertFalse(e.getMessage(), e.getMessage().contains("s3cr3t"));
      assertTrue(e.getMessage(), e.getMessage().contains("NUL"));
    }
  }

  @Test
  public void aBlankValueIsRefusedNeverReadAsAbsent() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("until", "");
    m.put("tags", "  ");
    m.put("gone", null);
    Params p = Params.of(m);
    expectBad("until", () -> p.duration("until", null));
    expectBad("until", () -> p.has("until"));
    expectBad("tags", () -> p.strings("tags", List.of("latest")));
    assertFalse("null (a Groovy `params.X ?: null`) is absent", p.has("gone"));
    assertTrue(bad(() -> p.string("until", "x")).getMessage().contains("leave the parameter out for its default"));
  }
}
