package io.deploysteps.dbaudit;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The arithmetic of the audit: what the pools can open (the deploying app's instances twice, for the
 * blue-green switch window) against what max_connections leaves after reserved slots and headroom.
 */
public final class ConnectionBudget {
  private final Map<String, Integer> demandByApp;
  private final int deployingExtra;
  private final int demand;
  private final int maxConnections;
  private final int reserved;
  private final int headroom;

  private ConnectionBudget(Map<String, Integer> demandByApp, int deployingExtra, int maxConnections,
      int reserved, int headroom) {
    this.demandByApp = demandByApp;
    this.deployingExtra = deployingExtra;
    this.demand = demandByApp.values().stream().mapToInt(Integer::intValue).sum();
    this.maxConnections = maxConnections;
    this.reserved = reserved;
    this.headroom = headroom;
  }

  /**
   * @param deploying the app being deployed (its connections count twice), or null
   * @param headroomShare share of max_connections kept free for admins and migrations (0.1 = 10%)
   */
  public static ConnectionBudget of(Collection<AppPool> apps, String deploying, double headroomShare,
      int maxConnections, int reserved) {
    Map<String, Integer> byApp = new LinkedHashMap<>();
    int extra = 0;
    for (AppPool app : apps) {
      int n = app.connections();
      if (app.name().equals(deploying)) {
        extra = n;
        n *= 2;
      }
      byApp.put(app.name(), n);
    }
    int headroom = (int) Math.ceil(maxConnections * headroomShare - 1e-9);
    return new ConnectionBudget(Map.copyOf(byApp), extra, maxConnections, reserved, headroom);
  }

  /** Connections all pools can open at once, the switch window included. */
  public int demand() {
    return demand;
  }

  /** The app's demand (doubled when it is the one being deployed). */
  public int demand(String app) {
    return demandByApp.getOrDefault(app, 0);
  }

  /** Connections the deploying app adds during the switch (0 when none is deploying). */
  public int deployingExtra() {
    return deployingExtra;
  }

  public int maxConnections() {
    return maxConnections;
  }

  public int reserved() {
    return reserved;
  }

  /** Connections kept free for admins and migrations. */
  public int headroom() {
    return headroom;
  }

  /** What the pools may use: max_connections minus reserved slots and headroom (the budget line). */
  public int available() {
    return Math.max(0, maxConnections - reserved - headroom);
  }

  public boolean fits() {
    return demand <= available();
  }

  /** Connections left after every pool is full; negative when over budget. */
  public int spare() {
    return available() - demand;
  }

  /** True when the pools alone would hit the server's limit for ordinary users (not just eat headroom). */
  public boolean exceedsServer() {
    return demand > maxConnections - reserved;
  }

  /** The smallest max_connections that fits this demand with the same reserved slots and headroom share. */
  public int maxConnectionsNeeded(double headroomShare) {
    int n = demand + reserved;
    while (n - reserved - (int) Math.ceil(n * headroomShare - 1e-9) < demand) {
      n++;
    }
    return n;
  }
}
