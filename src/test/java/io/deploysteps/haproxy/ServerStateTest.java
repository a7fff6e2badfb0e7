package io.deploysteps.haproxy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.deploysteps.engine.StepFailedException;
import org.junit.Test;

public class ServerStateTest {
  /** HAProxy 2.6.12's answer to {@code show servers state app}, as it printed it here. */
  static String answer(String server, String addr, int port, int admin) {
    return "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight"
        + " srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state"
        + " bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr"
        + " srv_agent_port\n3 app 1 " + server + " " + addr + " 2 " + admin + " 1 1 0 1 0 2 0 0 0 0 - " + port + " - 0 0 - - 0\n\n";
  }

  @Test
  public void readsAddressPortAndAdminState() {
    ServerState s = ServerState.parse(answer("live", "127.0.0.1", 31301, 0), "app", "live");
    assertEquals("127.0.0.1", s.address());
    assertEquals(31301, s.port());
    assertTrue(s.ready());
    assertFalse(s.inMaintenance());
  }

  @Test
  public void maintenanceFromTheConfigAndDrainAreNotReady() {
    ServerState disabled = ServerState.parse(answer("live", "127.0.0.1", 3000, 5), "app", "live");
    assertTrue(disabled.inMaintenance());
    assertFalse(disabled.ready());
    // After 'state ready' HAProxy 2.6 keeps the config's bit (0x04) while the server serves.
    assertTrue(ServerState.parse(answer("live", "127.0.0.1", 3000, 4), "app", "live").ready());
    ServerState draining = ServerState.parse(answer("live", "127.0.0.1", 3000, 0x08), "app", "live");
    assertFalse(draining.inMaintenance());
    assertFalse(draining.ready());
  }

  @Test
  public void aMissingServerIsNamedWithTheOnesThatExist() {
    StepFailedException e = assertThrows(StepFailedException.class,
        () -> ServerState.parse(answer("blue", "127.0.0.1", 1, 0), "app", "live"));
    assertEquals("HAProxy has no server 'live' in backend 'app' (show servers state app lists ['blue'])", e.getMessage());
  }

  @Test
  public void anAnswerInAnotherFormatIsRefusedWithWhatItSaid() {
    StepFailedException e = assertThrows(StepFailedException.class, () -> ServerState.parse("Unknown command.\n", "app", "live"));
    assertTrue(e.getMessage(), e.getMessage().endsWith("is not its format 1: Unknown command."));
  }
}
