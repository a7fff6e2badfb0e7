package io.deploysteps.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.fail;

import io.deploysteps.bluegreen.BlueGreenRequest;
import io.deploysteps.dbaudit.AuditRequest;
import io.deploysteps.ecr.BuildAndPushRequest;
import io.deploysteps.prune.PruneRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.Test;

/**
 * Every step's request refuses, naming the parameter, the values that slipped through before
 * (issue 12 item 4, issue 11's numeric ranges): numbers and durations out of range (were a
 * NumberFormatException, exit 1, or an ArithmeticException after a container started), NUL
 * (shown without the value) and blanks (a cleared UNTIL meant "any age").
 */
public class HostileValuesTest {
  private static final Map<String, Object> BLUE_GREEN = Map.of("name", "shop", "image", "shop:1",
      "proxy", "/etc/nginx/service-url.inc");
  private static final Map<String, Object> AUDIT = Map.of("url", "jdbc:mariadb://127.0.0.1:3306/", "user", "audit",
      "apps", "api=10");
  private static final Map<String, Object> ECR = Map.of("repository", "team/app", "region", "eu-west-3");

  private static void refused(String parameter, Function<Map<String, Object>, ?> request, Map<String, Object> base,
      Object value) {
    Map<String, Object> m = new HashMap<>(base);
    m.put(parameter, value);
    try {
      request.apply(m);
      fail(parameter + "=" + value + " was accepted");
    } catch (InvalidParameterException e) {
      assertEquals(e.getMessage(), parameter, e.parameter());
      assertFalse("the value is never shown when it holds NUL", value.toString().contains("\0")
          && e.getMessage().contains(value.toString()));
    }
  }

  @Test
  public void everyStepRefusesOutOfRangeNulAndBlankValuesNamingTheParameter() {
    Function<Map<String, Object>, ?> bg = BlueGreenRequest::fromMap;
    Function<Map<String, Object>, ?> prune = PruneRequest::fromMap;
    Function<Map<String, Object>, ?> audit = AuditRequest::fromMap;
    Function<Map<String, Object>, ?> ecr = BuildAndPushRequest::fromMap;
    for (Object huge : List.of("99999999999999999999", "3000000h", new java.math.BigInteger("99999999999999999999"), 1e300)) {
      for (String p : List.of("drain", "healthTimeout", "lockTimeout", "minHealthy", "stopTimeout")) {
        refused(p, bg, BLUE_GREEN, huge);
      }
      refused("until", prune, Map.of(), huge);
      refused("ecrUntaggedOlderThan", prune, Map.of(), huge);
      refused("keepPerRepository", prune, Map.of(), huge);
      refused("sleepingAfter", audit, AUDIT, huge);
    }
    for (String p : List.of("name", "image", "drain")) {
      refused(p, bg, BLUE_GREEN, "x\0y-secret");
    }
    refused("env", bg, BLUE_GREEN, Map.of("DB_PASSWORD", "pw\0secret"));
    refused("buildArgs", ecr, ECR, Map.of("NPM_TOKEN", "t\0k"));
    refused("until", prune, Map.of(), "");
    refused("until", prune, Map.of(), "   ");
    refused("drain", bg, BLUE_GREEN, "");
    refused("tags", ecr, ECR, "");
    refused("headroom", audit, AUDIT, "");
  }
}
