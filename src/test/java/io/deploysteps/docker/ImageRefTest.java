package io.deploysteps.docker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import io.deploysteps.engine.InvalidParameterException;
import org.junit.Test;

public class ImageRefTest {
  @Test
  public void splitsRegistryRepositoryTagAndDigest() {
    ImageRef r = ImageRef.parse("image", "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/team/api:1.2.3");
    assertEquals("123456789012.dkr.ecr.ap-northeast-2.amazonaws.com", r.registry());
    assertEquals("team/api", r.repository());
    assertEquals("1.2.3", r.tag());
    assertNull(r.digest());

    ImageRef local = ImageRef.parse("image", "127.0.0.1:5000/demo@sha256:" + "a".repeat(64));
    assertEquals("127.0.0.1:5000", local.registry());
    assertEquals("demo", local.repository());
    assertEquals("sha256:" + "a".repeat(64), local.digest());

    ImageRef hub = ImageRef.parse("image", "library/nginx:1.25");
    assertNull(hub.registry());
    assertEquals("library/nginx", hub.repository());
    assertEquals("library/nginx:1.25", hub.toString());
    assertEquals("localhost/x:y", ImageRef.parse("image", "localhost/x:y").toString());
  }

  @Test
  public void rejectsInvalidReferencesNamingTheParameter() {
    for (String bad : new String[] {"UPPER/case", "app:", "app:-bad", "a b", "app:" + "t".repeat(129), "", "app@sha256:xyz"}) {
      try {
        ImageRef.parse("image", bad);
        fail("accepted " + bad);
      } catch (InvalidParameterException e) {
        assertEquals("image", e.parameter());
      }
    }
  }

  @Test
  public void withTagReplacesTagAndDropsDigest() {
    assertEquals("127.0.0.1:5000/demo:v2", ImageRef.parse("image", "127.0.0.1:5000/demo:v1").withTag("v2").toString());
  }
}
