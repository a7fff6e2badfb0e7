package io.deploysteps.bluegreen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import io.deploysteps.exec.CommandResult;
import java.time.Duration;
import java.util.List;
import org.junit.Test;

public class CurlHttpProbeTest {
  @Test
  public void runsCurlWithoutAShellAndReadsStatusAndBody() {
    RecordingRunner runner = new RecordingRunner();
    new CurlHttpProbe(runner, "curl").get("http://127.0.0.1:4000/health", Duration.ofSeconds(2));
    assertEquals(List.of("curl", "--silent", "--show-error", "--max-time", "2.0", "--output", "-",
        "--write-out", "@@status=%{http_code}", "http://127.0.0.1:4000/health"), runner.argvs.get(0));
    HttpProbe.Answer a = CurlHttpProbe.parse(new CommandResult(0, "ok\n\n@@status=200", "", Duration.ZERO));
    assertEquals(200, a.status());
    assertEquals("ok\n\n", a.body());
  }

  @Test
  public void noAnswerIsAFailedProbeWithCurlsError() {
    HttpProbe.Answer a = CurlHttpProbe.parse(new CommandResult(7, "@@status=000",
        "curl: (7) Failed to connect to 127.0.0.1 port 4000: Connection refused", Duration.ZERO));
    assertFalse(a.answered());
    assertEquals("curl: (7) Failed to connect to 127.0.0.1 port 4000: Connection refused", a.body());
  }
}
