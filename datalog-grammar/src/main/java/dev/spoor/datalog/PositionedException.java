package dev.spoor.datalog;

import static java.util.Objects.requireNonNull;

import dev.spoor.core.Keyword;
import dev.spoor.core.SpoorException;

/**
 * An error at a place in EDN or query text. The message is Trino-style:
 * {@code line L:C: problem}, then (when the text is known) the source line and a caret under
 * the column.
 */
public abstract class PositionedException extends SpoorException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final String problem;

  PositionedException(Keyword code, int line, int column, String problem, String excerpt) {
    super(code, message(line, column, problem, excerpt));
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  private static String message(int line, int column, String problem, String excerpt) {
    requireNonNull(problem, "problem");
    String head = "line " + line + ":" + column + ": " + problem;
    return excerpt == null ? head : head + "\n" + excerpt;
  }

  /** The line of the problem, counted from 1. */
  public int line() {
    return line;
  }

  /** The column of the problem, counted from 0 in code points. */
  public int column() {
    return column;
  }

  /** What was wrong, without the position and excerpt. */
  public String problem() {
    return problem;
  }
}
