package dev.spoor.cli;

import dev.spoor.query.Db;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Points in time as users write them: a {@code t} ({@code 42}), or an instant: {@code
 * 2026-11-22T10:00:00Z}, with an offset ({@code 2026-11-22T11:00:00+01:00}), or a date
 * ({@code 2026-11-22}, its start in UTC). An instant names the last transaction at or before
 * it ({@code 0} when it is before every transaction), as {@link Db#tAt} does.
 */
final class Times {
  static final String HELP = "a t or an instant such as 2026-11-22T10:00:00Z";

  private Times() {}

  /** The {@code t} that {@code text} names in {@code db}. */
  static long resolve(Db db, String text) {
    String s = text.trim();
    if (s.matches("\\d+")) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw badTime(text);
      }
    }
    return db.tAt(instant(text));
  }

  /**
   * The first {@code t} of a range that starts at {@code text}: a {@code t} as written, or the
   * first transaction at or after an instant.
   */
  static long resolveFrom(Db db, String text) {
    String s = text.trim();
    if (s.matches("\\d+")) {
      return resolve(db, s);
    }
    return db.tAt(instant(text).minusMillis(1)) + 1;
  }

  /** The {@code t} that {@code text} names in {@code db}, which must be one of its transactions (0 to its basis). */
  static long resolveExisting(Db db, String text) {
    long t = resolve(db, text);
    if (t > db.basisT()) {
      throw new CliException("no-such-t", "t " + t + " is after this space's last transaction (t " + db.basisT() + ")");
    }
    return t;
  }

  /** {@code text} as an instant, in any of the forms the class comment lists. */
  static Instant instant(String text) {
    String s = text.trim();
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      // try the other forms
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      // try the other forms
    }
    try {
      return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw badTime(text);
    }
  }

  private static CliException badTime(String text) {
    return new CliException("bad-time", "\"" + text
        + "\" is neither a t (a whole number) nor an instant such as 2026-11-22T10:00:00Z");
  }
}
