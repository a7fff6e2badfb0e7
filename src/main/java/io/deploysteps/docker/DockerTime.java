package io.deploysteps.docker;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Docker's timestamps: RFC 3339 in inspect, {@code 2026-11-23 00:17:35 +0000 UTC} in ls/ps. */
final class DockerTime {
  private static final DateTimeFormatter LS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

  private DockerTime() {}

  static Instant parse(String text) {
    if (text == null || text.isBlank() || text.startsWith("0001-01-01")) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      // ls/ps form: drop the trailing zone name
      String t = text.replaceFirst(" [A-Z]+$", "");
      return OffsetDateTime.parse(t, LS).toInstant();
    }
  }
}
