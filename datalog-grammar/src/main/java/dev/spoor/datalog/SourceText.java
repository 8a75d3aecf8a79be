package dev.spoor.datalog;

import dev.spoor.core.Keyword;
import org.antlr.v4.runtime.Token;

/**
 * The text being read, as far as error messages need it: the code points around a position,
 * to print the source line and a caret. Offsets count code points, as ANTLR does.
 */
abstract class SourceText {
  /** How many code points an excerpt shows on each side of the caret on a long line. */
  static final int CONTEXT = 60;

  /** No text at hand: errors carry their position but no excerpt. */
  static final SourceText NONE = new SourceText() {
    @Override
    int firstAvailable() {
      return Integer.MAX_VALUE;
    }

    @Override
    int codePointAt(int offset) {
      return -1;
    }
  };

  static SourceText of(String text) {
    return new SourceText() {
      private int[] codePoints;

      @Override
      int firstAvailable() {
        return 0;
      }

      @Override
      int codePointAt(int offset) {
        if (codePoints == null) {
          codePoints = text.codePoints().toArray();
        }
        return offset < codePoints.length ? codePoints[offset] : -1;
      }
    };
  }

  /** The first offset {@link #codePointAt} can answer for. */
  abstract int firstAvailable();

  /** The code point at {@code offset >= firstAvailable()}, or -1 past the end of the text. */
  abstract int codePointAt(int offset);

  EdnParseException error(Token at, String problem) {
    return error(EdnParseException.SYNTAX, at.getLine(), at.getCharPositionInLine(), at.getStartIndex(), problem);
  }

  EdnParseException error(Span at, String problem) {
    return error(EdnParseException.SYNTAX, at.line(), at.column(), at.start(), problem);
  }

  EdnParseException error(Keyword code, int line, int column, int offset, String problem) {
    return new EdnParseException(code, line, column, problem, excerpt(offset, column));
  }

  /**
   * The source line holding {@code offset} and a caret line under it, or null when the text
   * there is no longer (or never was) at hand. Tabs before the caret are kept in the caret
   * line so the caret lines up in a terminal.
   */
  final String excerpt(int offset, int column) {
    int available = firstAvailable();
    if (offset < available) {
      return null;
    }
    int lineStart = offset - column;
    int from = Math.max(Math.max(lineStart, offset - CONTEXT), available);
    StringBuilder line = new StringBuilder();
    StringBuilder caret = new StringBuilder();
    if (from > lineStart) {
      line.append("...");
      caret.append("   ");
    }
    for (int i = from; i < offset; i++) {
      int c = codePointAt(i);
      line.appendCodePoint(c);
      caret.append(c == '\t' ? '\t' : ' ');
    }
    caret.append('^');
    int to = offset;
    int c = codePointAt(to);
    while (c >= 0 && c != '\n' && to < offset + CONTEXT) {
      line.appendCodePoint(c);
      c = codePointAt(++to);
    }
    boolean cutRight = c >= 0 && c != '\n' && !(c == '\r' && codePointAt(to + 1) == '\n');
    if (line.length() > 0 && line.charAt(line.length() - 1) == '\r' && to > offset) {
      line.setLength(line.length() - 1);
    }
    if (cutRight) {
      line.append("...");
    }
    return line + "\n" + caret;
  }
}
