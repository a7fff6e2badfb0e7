package io.deploysteps.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Bad input never opens a connection: a listening socket standing in for the database sees nothing. */
public class DbConnectionAuditCommandTest {
  private ServerSocket fakeDb;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedErr;

  @Before
  public void listen() throws Exception {
    fakeDb = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    savedErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @After
  public void close() throws Exception {
    System.setErr(savedErr);
    fakeDb.close();
  }

  private String url() {
    return "jdbc:mariadb://127.0.0.1:" + fakeDb.getLocalPort() + "/";
  }

  private void assertUsageErrorWithoutConnection(String parameter, String... args) throws Exception {
    int code = DeployStepsCli.execute(args);
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(text, 2, code);
    assertTrue(text, text.contains("'" + parameter + "'"));
    fakeDb.setSoTimeout(50);
    try {
      fakeDb.accept().close();
      throw new AssertionError("a connection was opened for bad input " + String.join(" ", args));
    } catch (SocketTimeoutException expected) {
      // nothing connected
    }
    err.reset();
  }

  @Test
  public void badPoolsAndThresholdsExitTwoWithoutConnecting() throws Exception {
    assertUsageErrorWithoutConnection("apps.api", "db-connection-audit", "--url", url(), "--user", "audit",
        "--apps", "api=0x2");
    assertUsageErrorWithoutConnection("apps.batch", "db-connection-audit", "--url", url(), "--user", "audit",
        "--apps", "api=10,batch=two");
    assertUsageErrorWithoutConnection("maxUtilization", "db-connection-audit", "--url", url(), "--user", "audit",
        "--apps", "api=10", "--max-utilization", "1.5");
    assertUsageErrorWithoutConnection("headroom", "db-connection-audit", "--url", url(), "--user", "audit",
        "--apps", "api=10", "--headroom", "95%");
    assertUsageErrorWithoutConnection("deploying", "db-connection-audit", "--url", url(), "--user", "audit",
        "--apps", "api=10", "--deploying", "web");
    assertUsageErrorWithoutConnection("failOn", "db-connection-audit", "--url", url(), "--user", "audit",
        "--apps", "api=10", "--fail-on", "maybe");
  }

  @Test
  public void badUrlsExitTwo() throws Exception {
    assertUsageErrorWithoutConnection("url", "db-connection-audit", "--url", "jdbc:oracle:thin:@127.0.0.1:"
        + fakeDb.getLocalPort() + ":xe", "--user", "audit", "--apps", "api=10");
    assertUsageErrorWithoutConnection("url", "db-connection-audit", "--url", "jdbc:mariadb:/127.0.0.1:"
        + fakeDb.getLocalPort(), "--user", "audit", "--apps", "api=10");
  }

  @Test
  public void aPasswordOnTheCommandLineIsRefusedAndNotEchoed() throws Exception {
    int code = DeployStepsCli.execute("db-connection-audit", "--url", url(), "--user", "audit", "--apps", "api=10",
        "--password", "Hunter2-secret");
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code);
    assertTrue(text, text.contains("'password'") && text.contains("--password-env"));
    assertFalse(text, text.contains("Hunter2-secret"));
  }
}
