package dev.spoor.cli;

import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.core.Symbol;
import dev.spoor.datalog.Query;
import dev.spoor.query.QueryResult;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The output formats every data-printing command offers: EDN (the default when stdout is not a
 * terminal), an aligned table (the default on a terminal), JSON and CSV. Query results print
 * here; other commands print records through {@link RecordPrinter}, which uses the cell, table,
 * CSV and JSON rules below so that every command writes a value the same way.
 *
 * <p>In JSON, numbers are numbers (bigint and bigdec too), booleans booleans, strings strings;
 * keywords and symbols are strings with their EDN text ({@code ":task/status"}), instants ISO
 * strings, uuids their string, bytes their Base64, collections arrays and maps objects. In a CSV
 * cell, strings, instants (ISO 8601), uuids and bytes (Base64) are plain text as in JSON, and
 * anything else is its EDN text; in a table, anything but a string is its EDN text.
 */
final class Formats {
  enum Format { EDN, TABLE, JSON, CSV }

  private static final int MAX_CELL = 60;

  private Formats() {}

  /** The format asked for with {@code --format}, or the default for where stdout goes when none was. */
  static Format choose(String requested) {
    if (requested == null) {
      return System.console() != null ? Format.TABLE : Format.EDN;
    }
    try {
      return Format.valueOf(requested.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CliException("bad-format", "unknown format \"" + requested + "\"; use edn, table, json or csv");
    }
  }

  static void print(QueryResult r, Format f, PrintWriter out) {
    switch (f) {
      case EDN -> out.println(r.toEdn());
      case TABLE -> table(r, out);
      case JSON -> out.println(json(r));
      case CSV -> csv(r, out);
      default -> throw new IllegalStateException(f.toString());
    }
  }

  /**
   * The answer's rows as cells, one per find element, whatever the find's shape: each tuple of
   * a relation, the one tuple or value of a tuple or scalar find, each value of a collection.
   */
  private static List<List<Object>> cells(QueryResult r) {
    boolean single = r.find() instanceof Query.Find.Tuple || r.find() instanceof Query.Find.Scalar;
    boolean tuples = r.find() instanceof Query.Find.Relation || r.find() instanceof Query.Find.Tuple;
    List<List<Object>> rows = new ArrayList<>();
    for (Object row : single ? r.single().stream().toList() : r.rows()) {
      if (row instanceof Map<?, ?> m) {
        rows.add(new ArrayList<>(m.values()));
      } else if (tuples && row instanceof List<?> l) {
        rows.add(new ArrayList<>(l));
      } else {
        rows.add(List.of(row));
      }
    }
    return rows;
  }

  /** The column names: the find elements, or the names {@code :keys}, {@code :syms} or {@code :strs} give. */
  private static List<String> headers(QueryResult r) {
    if (!r.rows().isEmpty() && r.rows().get(0) instanceof Map<?, ?> m) {
      List<String> h = new ArrayList<>();
      m.keySet().forEach(k -> h.add(k instanceof Keyword kw ? kw.toString().substring(1) : k.toString()));
      return h;
    }
    return r.columns();
  }

  /** A value as a CSV cell: see the class comment. */
  static String csvText(Object v) {
    if (v instanceof Instant || v instanceof java.util.UUID) {
      return v.toString();
    }
    if (v instanceof dev.spoor.core.Bytes b) {
      return b.toBase64();
    }
    return text(v);
  }

  /** A value as a table cell: strings as their text, anything else as EDN. */
  static String text(Object v) {
    if (v instanceof Optional<?> o) {
      return o.isEmpty() ? "nil" : text(o.get());
    }
    if (v instanceof String s) {
      return s;
    }
    try {
      return Edn.print(v);
    } catch (IllegalArgumentException e) {
      return String.valueOf(v);
    }
  }

  private static void table(QueryResult r, PrintWriter out) {
    table(headers(r), cells(r), out);
  }

  /** {@code r} as a table at most {@code maxWidth} characters wide (0: as wide as it takes). */
  static void table(QueryResult r, PrintWriter out, int maxWidth) {
    table(headers(r), cells(r), out, maxWidth);
  }

  /** An aligned table of {@code rows} under {@code headers}, with a row count under it. */
  static void table(List<String> headers, List<? extends List<?>> cellRows, PrintWriter out) {
    table(headers, cellRows, out, 0);
  }

  /** The narrowest a column is cut to when a table is fitted to a width. */
  private static final int MIN_FITTED = 6;

  /**
   * An aligned table, fitted to {@code maxWidth} characters when that is positive: the widest
   * columns give way first, down to {@link #MIN_FITTED} characters, and cut cells end in "…".
   */
  static void table(List<String> headers, List<? extends List<?>> cellRows, PrintWriter out, int maxWidth) {
    List<List<String>> rows = new ArrayList<>();
    for (List<?> row : cellRows) {
      List<String> cells = new ArrayList<>();
      for (Object v : row) {
        String t = text(v).replace('\n', ' ');
        cells.add(t.length() > MAX_CELL ? t.substring(0, MAX_CELL - 1) + "…" : t);
      }
      rows.add(cells);
    }
    int[] width = new int[headers.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = headers.get(i).length();
      for (List<String> row : rows) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    if (maxWidth > 0) {
      fit(width, maxWidth);
      List<String> cutHeaders = cut(headers, width);
      rows.replaceAll(row -> cut(row, width));
      headers = cutHeaders;
    }
    out.println(line(headers, width));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
    }
    out.println(rule);
    for (List<String> row : rows) {
      out.println(line(row, width));
    }
    out.println("(" + rows.size() + " row" + (rows.size() == 1 ? "" : "s") + ")");
  }

  /** Narrows the widest columns, one character at a time, until the table fits {@code maxWidth}. */
  private static void fit(int[] width, int maxWidth) {
    int total = 3 * Math.max(0, width.length - 1);
    for (int w : width) {
      total += w;
    }
    while (total > maxWidth) {
      int widest = 0;
      for (int i = 1; i < width.length; i++) {
        if (width[i] > width[widest]) {
          widest = i;
        }
      }
      if (width[widest] <= MIN_FITTED) {
        return; // as narrow as it goes; the terminal wraps the rest
      }
      width[widest]--;
      total--;
    }
  }

  private static List<String> cut(List<String> cells, int[] width) {
    List<String> out = new ArrayList<>(cells.size());
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      out.add(c.length() > width[i] ? c.substring(0, width[i] - 1) + "…" : c);
    }
    return out;
  }

  private static String line(List<String> cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      sb.append(i == 0 ? "" : " | ").append(String.format("%-" + width[i] + "s", cells.get(i)));
    }
    return sb.toString().stripTrailing();
  }

  private static void csv(QueryResult r, PrintWriter out) {
    csvLine(headers(r), out);
    for (List<Object> row : cells(r)) {
      csvLine(row.stream().map(Formats::csvText).toList(), out);
    }
  }

  /** One CSV line (RFC 4180 quoting) of the cells' texts. */
  static void csvLine(List<?> cells, PrintWriter out) {
    out.println(String.join(",", cells.stream().map(c -> csvCell(csvText(c))).toList()));
  }

  private static String csvCell(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /** JSON: an array of rows (objects with :keys, arrays for tuples, bare values for collections). */
  static String json(QueryResult r) {
    StringBuilder sb = new StringBuilder();
    Object v = r.value();
    json(v instanceof java.util.Set<?> s ? new ArrayList<>(s) : v, sb);
    return sb.toString();
  }

  /** The JSON text of one value (see the class comment for the mapping). */
  static String jsonValue(Object v) {
    StringBuilder sb = new StringBuilder();
    json(v, sb);
    return sb.toString();
  }

  private static void json(Object v, StringBuilder sb) {
    if (v instanceof Optional<?> o) {
      if (o.isEmpty()) {
        sb.append("null");
      } else {
        json(o.get(), sb);
      }
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(first ? "" : ",");
        first = false;
        jsonString(e.getKey() instanceof String s ? s : e.getKey() instanceof Keyword k
            ? k.toString().substring(1) : text(e.getKey()), sb);
        sb.append(':');
        json(e.getValue(), sb);
      }
      sb.append('}');
    } else if (v instanceof java.util.Collection<?> c) {
      sb.append('[');
      boolean first = true;
      for (Object x : c) {
        sb.append(first ? "" : ",");
        first = false;
        json(x, sb);
      }
      sb.append(']');
    } else if (v instanceof Long || v instanceof Integer || v instanceof java.math.BigInteger
        || v instanceof java.math.BigDecimal) {
      sb.append(v);
    } else if (v instanceof Double d) {
      sb.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
    } else if (v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof String s) {
      jsonString(s, sb);
    } else if (v instanceof Instant i) {
      jsonString(i.toString(), sb);
    } else if (v instanceof Keyword || v instanceof Symbol) {
      jsonString(v.toString(), sb);
    } else if (v instanceof dev.spoor.core.Bytes b) {
      jsonString(b.toBase64(), sb);
    } else {
      jsonString(text(v), sb);
    }
  }

  private static void jsonString(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
