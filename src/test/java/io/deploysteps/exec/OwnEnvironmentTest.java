package io.deploysteps.exec;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class OwnEnvironmentTest {
  private static final String SECRET = "h12-own-environment-secret-value";

  /** Runs in a JVM of its own, started with the secret in its environment. */
  public static final class Child {
    public static void main(String[] args) throws IOException {
      int blanked = OwnEnvironment.blank(n -> n.equals("DEPLOY_STEPS_TEST_SECRET"));
      String environ = new String(Files.readAllBytes(Paths.get("/proc/self/environ")), StandardCharsets.UTF_8);
      System.out.print("blanked=" + blanked + " environ-holds-secret=" + environ.contains(SECRET)
          + " environ-keeps-name=" + environ.contains("DEPLOY_STEPS_TEST_SECRET=")
          + " other-kept=" + environ.contains("DEPLOY_STEPS_TEST_OTHER=visible")
          + " getenv=" + System.getenv("DEPLOY_STEPS_TEST_SECRET"));
    }
  }

  @Test
  public void theKernelsCopyLosesTheValueWhileTheJvmKeepsIt() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Child.class.getName());
    pb.environment().put("DEPLOY_STEPS_TEST_SECRET", SECRET);
    pb.environment().put("DEPLOY_STEPS_TEST_OTHER", "visible");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    assertEquals("blanked=1 environ-holds-secret=false environ-keeps-name=true other-kept=true getenv=" + SECRET, out);
  }
}
