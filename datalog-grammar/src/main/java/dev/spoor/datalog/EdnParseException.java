package dev.spoor.datalog;

import dev.spoor.core.Keyword;

/**
 * EDN text Spoor cannot read, with the position of the first problem.
 *
 * <p>The message has the form
 *
 * <pre>
 * line 1:8: mismatched input ']' expecting a form or ')' to close the '(' opened at line 1:4
 * [:a (:b ]]
 *         ^
 * </pre>
 *
 * that is {@code line L:C: problem}, then the source line and a caret under the column
 * (lines are counted from 1, columns from 0, both as in {@link Span}). Very long lines are
 * cut around the column and marked with {@code ...}; the two excerpt lines are left out when
 * the source is not at hand (for {@link Form#toValue()}, or when a streamed element lies too
 * far behind the reader).
 *
 * <p>{@link #code()} is {@code :edn/syntax} for text that is not EDN Spoor reads (bad
 * tokens, unbalanced delimiters, unknown tags, invalid tagged values, odd maps, duplicate
 * keys or set elements), and {@code :edn/nil} when a {@code nil} is turned into a Java
 * value.
 */
public class EdnParseException extends PositionedException {
  private static final long serialVersionUID = 1L;

  static final Keyword SYNTAX = Keyword.of("edn/syntax");
  static final Keyword NIL = Keyword.of("edn/nil");

  EdnParseException(Keyword code, int line, int column, String problem, String excerpt) {
    super(code, line, column, problem, excerpt);
  }
}
