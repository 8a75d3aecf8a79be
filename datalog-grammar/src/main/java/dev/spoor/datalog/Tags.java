package dev.spoor.datalog;

import dev.spoor.core.Bytes;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tags Spoor reads and what they make of their string: {@code #inst} an {@link Instant},
 * {@code #uuid} a {@link UUID}, {@code #spoor/bytes} {@link Bytes}. Each reader throws
 * {@link IllegalArgumentException} with a message saying what is wrong with the string.
 */
final class Tags {
  static final String KNOWN = "Spoor reads #inst, #uuid and #spoor/bytes";

  /**
   * RFC 3339 as Clojure's {@code #inst} reader takes it: everything after the year is
   * optional, from the end (month, day, hour, minute, second, fraction), and a missing
   * offset means UTC.
   */
  private static final Pattern INST = Pattern.compile(
      "(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2})(?::(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?)?)?)?)?"
      + "(?:Z|([-+])(\\d{2}):(\\d{2}))?");

  private static final Pattern UUID_TEXT = Pattern.compile(
      "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

  private Tags() {}

  /** Whether {@code tag} (without the {@code #}) is one Spoor reads. */
  static boolean known(String tag) {
    return tag.equals("inst") || tag.equals("uuid") || tag.equals("spoor/bytes");
  }

  /** The value of the known {@code tag} applied to {@code text}. */
  static Object read(String tag, String text) {
    switch (tag) {
      case "inst":
        return instant(text);
      case "uuid":
        return uuid(text);
      case "spoor/bytes":
        return bytes(text);
      default:
        throw new IllegalStateException("not a tag Spoor reads: #" + tag);
    }
  }

  static Instant instant(String text) {
    Matcher m = INST.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected an RFC 3339 timestamp such as \"2026-11-22T10:00:00Z\" or \"2026-11-22\"");
    }
    int year = Integer.parseInt(m.group(1));
    int month = field(m.group(2), 1, 1, 12, "month");
    int days = YearMonth.of(year, month).lengthOfMonth();
    int day = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
    if (day < 1 || day > days) {
      throw new IllegalArgumentException(String.format(
          "day must be between 1 and %d in %04d-%02d, got %d", days, year, month, day));
    }
    int hour = field(m.group(4), 0, 0, 23, "hour");
    int minute = field(m.group(5), 0, 0, 59, "minute");
    int second = field(m.group(6), 0, 0, 59, "second");
    int nanos = 0;
    if (m.group(7) != null) {
      String digits = (m.group(7) + "000000000").substring(0, 9); // finer than a nanosecond is cut, as Clojure does
      nanos = Integer.parseInt(digits);
    }
    int offsetSeconds = 0;
    if (m.group(8) != null) {
      int hours = field(m.group(9), 0, 0, 23, "offset hour");
      int minutes = field(m.group(10), 0, 0, 59, "offset minute");
      offsetSeconds = (m.group(8).equals("-") ? -1 : 1) * (hours * 3600 + minutes * 60);
    }
    long epochSecond = LocalDateTime.of(year, month, day, hour, minute, second)
        .toEpochSecond(ZoneOffset.UTC) - offsetSeconds;
    return Instant.ofEpochSecond(epochSecond, nanos);
  }

  private static int field(String digits, int absent, int min, int max, String name) {
    if (digits == null) {
      return absent;
    }
    int value = Integer.parseInt(digits);
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  static UUID uuid(String text) {
    if (!UUID_TEXT.matcher(text).matches()) {
      throw new IllegalArgumentException("expected 32 hexadecimal digits in groups of 8-4-4-4-12");
    }
    return UUID.fromString(text);
  }

  static Bytes bytes(String text) {
    try {
      return Bytes.fromBase64(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected Base64 (RFC 4648: A-Z a-z 0-9 + / and = padding)", e);
    }
  }
}
