package dev.spoor.cli;

import dev.spoor.cli.Formats.Format;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a stream of records of one shape in one {@link Format}:
 *
 * <ul>
 *   <li>EDN: one form per line, the text the command gives for each record;
 *   <li>table: the records' cells aligned under the column names (buffered until {@link #close});
 *   <li>JSON: one array, one object per line, keyed by the column names;
 *   <li>CSV: a header line of the column names, then one line per record.
 * </ul>
 *
 * Everything but the table streams, so a long log or replay prints as it goes.
 */
final class RecordPrinter implements AutoCloseable {
  private final Format format;
  private final List<String> columns;
  private final PrintWriter out;
  private final List<List<Object>> table = new ArrayList<>();
  private long count;

  RecordPrinter(Format format, List<String> columns, PrintWriter out) {
    this.format = format;
    this.columns = List.copyOf(columns);
    this.out = out;
    if (format == Format.CSV) {
      Formats.csvLine(this.columns, out);
    }
  }

  Format format() {
    return format;
  }

  /**
   * Prints one record: {@code edn} in EDN, {@code cells} (one per column, in order) otherwise;
   * in EDN the cells are not looked at.
   */
  void print(String edn, List<?> cells) {
    if (format != Format.EDN && cells.size() != columns.size()) {
      throw new IllegalArgumentException(cells.size() + " cells for " + columns.size() + " columns " + columns);
    }
    switch (format) {
      case EDN -> out.println(edn);
      case TABLE -> table.add(new ArrayList<>(cells));
      case CSV -> Formats.csvLine(cells, out);
      case JSON -> {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
          object.put(columns.get(i), cells.get(i));
        }
        out.print(count == 0 ? "[" : ",\n");
        out.print(Formats.jsonValue(object));
        out.flush();
      }
      default -> throw new IllegalStateException(format.toString());
    }
    count++;
  }

  /** Finishes the output: the table, or the end of the JSON array. */
  @Override
  public void close() {
    if (format == Format.TABLE) {
      Formats.table(columns, table, out);
    } else if (format == Format.JSON) {
      out.println(count == 0 ? "[]" : "]");
    }
    out.flush();
  }
}
