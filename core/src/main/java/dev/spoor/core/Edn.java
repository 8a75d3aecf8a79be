package dev.spoor.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes Java values as EDN text, the inverse of the reader in {@code datalog-grammar}.
 *
 * <p>The mapping: {@code Long}/{@code Integer} as integers, {@code BigInteger} with an
 * {@code N} suffix, {@code Double} as a float ({@code ##Inf}, {@code ##-Inf}, {@code ##NaN}
 * for the special values), {@code BigDecimal} with an {@code M} suffix, strings quoted with
 * EDN escapes, {@link Keyword}, {@link Symbol}, {@code Boolean}, {@code Character} as
 * {@code \c}, {@link Instant} as {@code #inst "…Z"} (millisecond precision), {@link UUID} as
 * {@code #uuid "…"}, {@link Bytes} as {@code #spoor/bytes "base64"}, lists as vectors, sets as
 * {@code #{…}} and maps as {@code {…}}. Anything else is a programming error.
 */
public final class Edn {
  private static final DateTimeFormatter INST = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(java.time.ZoneOffset.UTC);

  private Edn() {}

  /** The EDN text of {@code value}. */
  public static String print(Object value) {
    StringBuilder sb = new StringBuilder();
    write(value, sb);
    return sb.toString();
  }

  /** Appends the EDN text of {@code value} to {@code out}. */
  public static void write(Object value, Appendable out) {
    try {
      writeValue(value, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeValue(Object value, Appendable out) throws IOException {
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      out.append(value.toString());
    } else if (value instanceof String s) {
      writeString(s, out);
    } else if (value instanceof Keyword || value instanceof Symbol) {
      out.append(value.toString());
    } else if (value instanceof Boolean) {
      out.append(value.toString());
    } else if (value instanceof Double || value instanceof Float) {
      writeDouble(((Number) value).doubleValue(), out);
    } else if (value instanceof BigInteger) {
      out.append(value.toString()).append('N');
    } else if (value instanceof BigDecimal d) {
      out.append(d.toString()).append('M');
    } else if (value instanceof Instant i) {
      out.append("#inst \"").append(INST.format(i)).append('"');
    } else if (value instanceof UUID u) {
      out.append("#uuid \"").append(u.toString()).append('"');
    } else if (value instanceof Bytes b) {
      out.append(b.toString());
    } else if (value instanceof Character c) {
      writeChar(c, out);
    } else if (value instanceof Map<?, ?> m) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        writeValue(e.getKey(), out);
        out.append(' ');
        writeValue(e.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof Set<?> s) {
      writeSeq("#{", s, "}", out);
    } else if (value instanceof List<?> l) {
      writeSeq("[", l, "]", out);
    } else if (value == null) {
      out.append("nil");
    } else {
      throw new IllegalArgumentException("no EDN form for " + value.getClass().getName() + ": " + value);
    }
  }

  private static void writeSeq(String open, Collection<?> items, String close, Appendable out) throws IOException {
    out.append(open);
    boolean first = true;
    for (Object item : items) {
      if (!first) {
        out.append(' ');
      }
      first = false;
      writeValue(item, out);
    }
    out.append(close);
  }

  private static void writeDouble(double d, Appendable out) throws IOException {
    if (Double.isNaN(d)) {
      out.append("##NaN");
    } else if (Double.isInfinite(d)) {
      out.append(d > 0 ? "##Inf" : "##-Inf");
    } else {
      out.append(Double.toString(d));
    }
  }

  private static void writeChar(char c, Appendable out) throws IOException {
    switch (c) {
      case '\n' -> out.append("\\newline");
      case ' ' -> out.append("\\space");
      case '\t' -> out.append("\\tab");
      case '\r' -> out.append("\\return");
      case '\b' -> out.append("\\backspace");
      case '\f' -> out.append("\\formfeed");
      default -> {
        if (c < 0x20 || c > 0x7e) {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append('\\').append(c);
        }
      }
    }
  }

  private static void writeString(String s, Appendable out) throws IOException {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
