package io.deploysteps.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import org.junit.Test;

public class GoDurationTest {
  @Test
  public void parsesGoStyleDurations() {
    assertEquals(Duration.ofHours(72), GoDuration.parse("until", "72h"));
    assertEquals(Duration.ofMinutes(90), GoDuration.parse("until", "1h30m"));
    assertEquals(Duration.ofSeconds(90), GoDuration.parse("until", "90s"));
    assertEquals(Duration.ofMillis(250), GoDuration.parse("until", "250ms"));
    assertEquals(Duration.ofMillis(1500), GoDuration.parse("until", "1.5s"));
    assertEquals(Duration.ofSeconds(45), GoDuration.parse("until", "45"));
  }

  @Test
  public void rejectsGarbageNamingTheParameter() {
    for (String bad : new String[] {"", "abc", "10d", "-5s", "5 s", "h"}) {
      try {
        GoDuration.parse("healthTimeout", bad);
        fail("accepted " + bad);
      } catch (InvalidParameterException e) {
        assertEquals("healthTimeout", e.parameter());
        assertTrue(e.getMessage().startsWith("invalid parameter 'healthTimeout'"));
      }
    }
  }

  @Test
  public void formatsLikeGo() {
    assertEquals("250ms", GoDuration.format(Duration.ofMillis(250)));
    assertEquals("1h30m0s", GoDuration.format(Duration.ofMinutes(90)));
    assertEquals("2.5s", GoDuration.format(Duration.ofMillis(2500)));
  }
}
