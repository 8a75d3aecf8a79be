package dev.spoor.cli;

import dev.spoor.query.Db;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Points in time as users write them: a {@code t}, or an instant such as {@code 2026-11-22T10:00:00Z}. */
final class Times {
  private Times() {}

  static long resolve(Db db, String text) {
    String s = text.trim();
    if (s.matches("\\d+")) {
      return Long.parseLong(s);
    }
    try {
      return db.tAt(Instant.parse(s));
    } catch (DateTimeParseException e) {
      throw new CliException("bad-time", "\"" + text
          + "\" is neither a t (a whole number) nor an instant such as 2026-11-22T10:00:00Z");
    }
  }
}
