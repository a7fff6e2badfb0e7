package io.deploysteps.dbaudit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class ConnectionBudgetTest {
  private static final List<AppPool> INCIDENT_DEV = List.of(AppPool.of("a", 10, 2), AppPool.of("b", 10, 2),
      AppPool.of("c", 10, 1));

  @Test
  public void theSeedIncidentOnDevMicro() {
    // dev micro: max_connections 60, DB_CONN_LIMIT 10 per app container.
    ConnectionBudget b = ConnectionBudget.of(INCIDENT_DEV, null, 0.10, 60, 0);
    assertEquals(50, b.demand());
    assertEquals(6, b.headroom());
    assertEquals(54, b.available());
    assertTrue(b.fits());
    assertEquals(4, b.spare());
  }

  @Test
  public void deployingDoublesOneAppForTheSwitchWindow() {
    ConnectionBudget b = ConnectionBudget.of(INCIDENT_DEV, "a", 0.10, 60, 0);
    assertEquals(70, b.demand());
    assertEquals(20, b.deployingExtra());
    assertEquals(40, b.demand("a"));
    assertEquals(20, b.demand("b"));
    assertFalse(b.fits());
    assertEquals(-16, b.spare());
    assertTrue(b.exceedsServer());
    assertEquals(78, b.maxConnectionsNeeded(0.10));
  }

  @Test
  public void reservedSlotsAndHeadroomComeOffTheTop() {
    // PostgreSQL: 100 max, 3 superuser slots, 10% headroom -> 87 for pools.
    ConnectionBudget b = ConnectionBudget.of(List.of(AppPool.of("api", 87, 1)), null, 0.10, 100, 3);
    assertEquals(87, b.available());
    assertTrue(b.fits());
    assertEquals(0, b.spare());
    ConnectionBudget over = ConnectionBudget.of(List.of(AppPool.of("api", 88, 1)), null, 0.10, 100, 3);
    assertFalse(over.fits());
    assertFalse("eats headroom but stays under the server limit", over.exceedsServer());
    assertEquals(102, over.maxConnectionsNeeded(0.10));
  }

  @Test
  public void productionFromTheSeed() {
    // prd: max_connections 2540, app limit 32; three apps of 4 instances each, one deploying.
    List<AppPool> apps = List.of(AppPool.of("a", 32, 4), AppPool.of("b", 32, 4), AppPool.of("c", 32, 4));
    ConnectionBudget b = ConnectionBudget.of(apps, "b", 0.10, 2540, 0);
    assertEquals(512, b.demand());
    assertEquals(254, b.headroom());
    assertEquals(2286, b.available());
    assertEquals(1774, b.spare());
  }

  @Test
  public void headroomRoundsUpAndZeroIsAllowed() {
    assertEquals(21, ConnectionBudget.of(INCIDENT_DEV, null, 0.10, 201, 0).headroom());
    assertEquals(0, ConnectionBudget.of(INCIDENT_DEV, null, 0, 60, 0).headroom());
    assertEquals(60, ConnectionBudget.of(INCIDENT_DEV, null, 0, 60, 0).available());
  }
}
