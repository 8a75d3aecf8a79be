package dev.spoor.datalog;

/**
 * Where a form, or an error, sits in the text it was read from.
 *
 * <p>Positions count Unicode code points, as ANTLR does: for text made only of characters of
 * the Basic Multilingual Plane (no emoji and the like) they equal {@code String} indexes.
 *
 * @param line the line of the first character, counted from 1
 * @param column the column of the first character, counted from 0 (code points since the
 *     last {@code '\n'})
 * @param start the offset of the first character, counted from 0 at the start of the text
 * @param end the offset just past the last character, so the form is {@code [start, end)}
 */
public record Span(int line, int column, int start, int end) {
  public Span {
    if (line < 1 || column < 0 || start < 0 || end < start) {
      throw new IllegalArgumentException(
          "not a span: line " + line + ", column " + column + ", [" + start + ", " + end + ")");
    }
  }

  /** The position as {@code line:column}, as error messages write it. */
  @Override
  public String toString() {
    return line + ":" + column + " [" + start + ", " + end + ")";
  }
}
