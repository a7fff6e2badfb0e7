package io.deploysteps.dbaudit;

/**
 * One client session as the server lists it. {@code state} is {@code idle}, {@code active},
 * {@code idle in transaction} or {@code hidden} (the audit user may not see it); {@code idleSeconds}
 * is -1 when unknown.
 */
public record Session(String user, String host, String database, String application, String state,
    long idleSeconds, boolean self) {

  public boolean idle() {
    return "idle".equals(state);
  }

  /** Idle for longer than {@code seconds} (what MySQL shows as Sleep). */
  public boolean sleepingLongerThan(long seconds) {
    return idle() && idleSeconds > seconds;
  }
}
