package io.deploysteps.dbaudit;

import java.util.LinkedHashMap;
import java.util.Map;

/** One result of the audit: how bad, which check, the numbers behind it, and the one-line fix. */
public record AuditFinding(Severity severity, String code, String message, String fix, Map<String, Object> numbers) {

  /**
   * OK passes; NOTICE passes too but says what to change (a risk that cannot bite today);
   * WARNING marks the build unstable; FAILURE fails it under failOn budget.
   */
  public enum Severity { OK, NOTICE, WARNING, FAILURE }

  public AuditFinding {
    numbers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
    fix = fix == null ? "" : fix;
  }

  public static AuditFinding ok(String code, String message, Map<String, Object> numbers) {
    return new AuditFinding(Severity.OK, code, message, "", numbers);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("severity", severity.name());
    m.put("code", code);
    m.put("message", message);
    m.put("fix", fix);
    m.put("numbers", numbers);
    return m;
  }

  /** {@code FAILURE budget: ... -> fix: ...}, the line a person greps. */
  public String line() {
    return severity + " " + code + ": " + message + (fix.isEmpty() ? "" : " -> fix: " + fix);
  }
}
