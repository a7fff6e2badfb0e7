package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.deploysteps.engine.InvalidParameterException;
import java.util.HashMap;
import java.util.Map;
import org.junit.Test;

/** The pull's registry login keys (issue 17 item 5): which login, and what is refused before anything changes. */
public class PullLoginTest {
  private static Map<String, Object> deploy(String image, Object... kv) {
    Map<String, Object> m = new HashMap<>();
    m.put("name", "shop-api");
    m.put("image", image);
    m.put("proxy", "/etc/nginx/conf.d/service-url.inc");
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static String refused(String parameter, Map<String, Object> m) {
    try {
      BlueGreenRequest.fromMap(m);
      fail("expected " + m + " to be refused");
      return null;
    } catch (InvalidParameterException e) {
      assertEquals(e.getMessage(), parameter, e.parameter());
      return e.getMessage();
    }
  }

  @Test
  public void noKeyNoLogin() {
    assertTrue(BlueGreenRequest.fromMap(deploy("127.0.0.1:5001/shop/api:1")).pullLogin.none());
  }

  @Test
  public void registryUserOrRegionPicksTheLogin() {
    PullLogin plain = BlueGreenRequest.fromMap(deploy("127.0.0.1:5001/shop/api:1", "registryUser", "ci")).pullLogin;
    assertEquals("ci", plain.registryUser);
    assertNull(plain.region);
    PullLogin ecr = BlueGreenRequest.fromMap(deploy("123456789012.dkr.ecr.eu-west-3.amazonaws.com/shop/api:1",
        "region", "eu-west-3", "credentials", "env")).pullLogin;
    assertEquals("eu-west-3", ecr.region);
    assertEquals("env", ecr.credentials.toString());
    assertNull(ecr.registryUser);
  }

  @Test
  public void badCombinationsAreExitTwoNamingTheKey() {
    refused("region", deploy("127.0.0.1:5001/a:1", "registryUser", "ci", "region", "eu-west-3"));
    refused("credentials", deploy("127.0.0.1:5001/a:1", "credentials", "env"));
    refused("region", deploy("127.0.0.1:5001/a:1", "region", "Paris"));
    assertTrue(refused("region", deploy("123456789012.dkr.ecr.eu-west-3.amazonaws.com/a:1", "region", "us-east-1"))
        .contains("(eu-west-3)"));
    assertTrue(refused("registryUser", deploy("shop/api:1", "registryUser", "ci")).contains("names no registry host"));
    refused("credentials", deploy("127.0.0.1:5001/a:1", "region", "eu-west-3", "credentials", "vault"));
    refused("role", deploy("127.0.0.1:5001/a:1", "role", "puller"));
  }

  @Test
  public void aRollbackPullsNothingSoItsLoginKeysAreHarmless() {
    Map<String, Object> m = deploy("x:1", "rollback", true, "registryUser", "ci");
    m.remove("image");
    assertEquals("ci", BlueGreenRequest.fromMap(m).pullLogin.registryUser);
  }
}
