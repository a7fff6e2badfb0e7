package io.deploysteps.dbaudit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.dbaudit.DatabaseUrl.Engine;
import io.deploysteps.engine.InvalidParameterException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class AuditRequestTest {
  private static Map<String, Object> base() {
    Map<String, Object> m = new HashMap<>();
    m.put("url", "jdbc:mariadb://127.0.0.1:13306/");
    m.put("user", "audit");
    m.put("apps", "api=10x2,batch=5");
    return m;
  }

  private static InvalidParameterException rejected(Map<String, Object> m) {
    try {
      AuditRequest.fromMap(m);
    } catch (InvalidParameterException e) {
      return e;
    }
    throw new AssertionError("accepted " + m);
  }

  private static void assertRejected(String parameter, String key, Object value) {
    Map<String, Object> m = base();
    m.put(key, value);
    InvalidParameterException e = rejected(m);
    assertEquals(e.getMessage(), parameter, e.parameter());
  }

  @Test
  public void defaultsFollowTheIssue() {
    AuditRequest r = AuditRequest.fromMap(base());
    assertEquals(Engine.MYSQL, r.url().engine());
    assertEquals("DB_PASSWORD", r.passwordEnv());
    assertEquals(0.10, r.headroom(), 1e-9);
    assertEquals(0.85, r.maxUtilization(), 1e-9);
    assertEquals(Duration.ofSeconds(60), r.sleepingAfter());
    assertEquals(Duration.ofHours(1), r.maxWaitTimeout());
    assertEquals(AuditRequest.FailOn.BUDGET, r.failOn());
    assertEquals("db-connection-audit", r.reportDir());
    assertNull(r.deploying());
    assertEquals(List.of("api", "batch"), List.copyOf(r.apps().keySet()));
    assertEquals(20, r.apps().get("api").connections());
    assertEquals(1, r.apps().get("batch").instances());
  }

  @Test
  public void appsFromAGroovyMapWithNumbersAndStrings() {
    Map<String, Object> apps = new LinkedHashMap<>();
    apps.put("api", "10x2");
    apps.put("batch", 5);
    apps.put("worker", "3 X 4");
    Map<String, Object> m = base();
    m.put("apps", apps);
    m.put("deploying", "api");
    m.put("headroom", "15%");
    m.put("maxUtilization", 0.9);
    m.put("sleepingAfter", "2m");
    m.put("failOn", "Warning");
    AuditRequest r = AuditRequest.fromMap(m);
    assertEquals(12, r.apps().get("worker").connections());
    assertEquals(5, r.apps().get("batch").connections());
    assertEquals("api", r.deploying());
    assertEquals(0.15, r.headroom(), 1e-9);
    assertEquals(Duration.ofMinutes(2), r.sleepingAfter());
    assertEquals(AuditRequest.FailOn.WARNING, r.failOn());
  }

  @Test
  public void postgresAndMysqlSchemes() {
    Map<String, Object> m = base();
    m.put("url", "jdbc:postgresql://db.internal/app?sslmode=require");
    AuditRequest r = AuditRequest.fromMap(m);
    assertEquals(Engine.POSTGRESQL, r.url().engine());
    assertEquals(5432, r.url().port());
    assertEquals("app", r.url().database());
    m.put("url", "jdbc:mysql://aurora.cluster-x.eu-west-1.rds.amazonaws.com:3306/app");
    DatabaseUrl mysql = AuditRequest.fromMap(m).url();
    assertEquals(Engine.MYSQL, mysql.engine());
    assertEquals("jdbc:mysql://aurora.cluster-x.eu-west-1.rds.amazonaws.com:3306/app?permitMysqlScheme",
        mysql.driverUrl());
  }

  @Test
  public void badUrlsNameTheUrl() {
    assertRejected("url", "url", "mysql://127.0.0.1:3306/");
    assertRejected("url", "url", "jdbc:oracle:thin:@db:1521:xe");
    assertRejected("url", "url", "jdbc:sqlserver://db:1433");
    assertRejected("url", "url", "jdbc:mariadb://");
    assertRejected("url", "url", "jdbc:mariadb://a,b:3306/");
    assertRejected("url", "url", "jdbc:postgresql://db:99999/x");
    assertRejected("url", "url", "jdbc:mariadb://db:3306/?user=a&password=secret");
    InvalidParameterException e = rejected(withValue("url", "jdbc:oracle:thin:@db:1521:xe"));
    assertTrue(e.getMessage(), e.getMessage().contains("engine 'oracle' is not supported"));
  }

  @Test
  public void poolSizesMustBePositiveWholeNumbers() {
    for (String bad : List.of("api=0", "api=-3", "api=1.5", "api=ten", "api=10x0", "api=10x-2", "api=",
        "api=99999999999", "=10", "api")) {
      Map<String, Object> m = base();
      m.put("apps", bad);
      InvalidParameterException e = rejected(m);
      assertTrue(bad + ": " + e.getMessage(), e.parameter().startsWith("apps"));
    }
    Map<String, Object> m = base();
    m.put("apps", Map.of("api", 0));
    assertEquals("apps.api", rejected(m).parameter());
  }

  @Test
  public void thresholdsOutOfRangeNameTheirParameter() {
    assertRejected("headroom", "headroom", 1.5);
    assertRejected("headroom", "headroom", "-5%");
    assertRejected("headroom", "headroom", "lots");
    assertRejected("maxUtilization", "maxUtilization", 0);
    assertRejected("maxUtilization", "maxUtilization", "120%");
    assertRejected("maxSleepingShare", "maxSleepingShare", 2);
    assertRejected("sleepingAfter", "sleepingAfter", "0s");
    assertRejected("sleepingAfter", "sleepingAfter", "soon");
    assertRejected("maxWaitTimeout", "maxWaitTimeout", -1);
    assertRejected("connectTimeout", "connectTimeout", "10m");
    assertRejected("failOn", "failOn", "sometimes");
    assertRejected("deploying", "deploying", "web");
    assertRejected("user", "user", "a b");
    assertRejected("passwordEnv", "passwordEnv", "not-a-name");
    assertRejected("colour", "colour", "blue");
  }

  @Test
  public void aPasswordIsNeverAParameter() {
    InvalidParameterException e = rejected(withValue("password", "s3cret-value"));
    assertEquals("password", e.parameter());
    assertTrue(e.getMessage(), e.getMessage().contains("passwordEnv"));
    assertTrue(e.getMessage(), !e.getMessage().contains("s3cret-value"));
  }

  @Test
  public void requiredParameters() {
    for (String key : List.of("url", "user", "apps")) {
      Map<String, Object> m = base();
      m.remove(key);
      assertEquals(key, rejected(m).parameter());
    }
  }

  private static Map<String, Object> withValue(String key, Object value) {
    Map<String, Object> m = base();
    m.put(key, value);
    return m;
  }

  @Test
  public void appPoolsParseAndDescribeThemselves() {
    AppPool p = AppPool.parse("apps", "api", "10x2");
    assertEquals("api=10x2", p.toString());
    try {
      AppPool.parse("apps", "bad name", "10");
      fail();
    } catch (InvalidParameterException e) {
      assertEquals("apps", e.parameter());
    }
  }
}
