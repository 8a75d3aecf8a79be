package dev.spoor.datalog;

import dev.spoor.core.Edn;
import org.antlr.v4.runtime.Token;

/** How error messages show the things they talk about. */
final class Describe {
  /** Longer token texts and printed values are cut to this many characters. */
  static final int MAX = 40;

  private Describe() {}

  /** A token in quotes, as in {@code mismatched input ']'}; long tokens are cut. */
  static String token(Token t) {
    return t.getType() == Token.EOF ? "end of input" : "'" + cut(t.getText()) + "'";
  }

  /** A value as EDN, cut when long: {@code :a}, {@code "text"}, {@code [1 2 3]}. */
  static String value(Object value) {
    return cut(Edn.print(value));
  }

  /** A string literal as EDN, cut when long: {@code "2026-13-01"}. */
  static String literal(String s) {
    return s.length() > MAX ? Edn.print(s.substring(0, MAX)) + "..." : Edn.print(s);
  }

  /** A character as {@code 'x'}, or as {@code U+00A0} when it would not show. */
  static String codePoint(int c) {
    boolean invisible = Character.isISOControl(c) || Character.isSpaceChar(c)
        || Character.getType(c) == Character.FORMAT;
    return invisible ? String.format("U+%04X", c) : "'" + new String(Character.toChars(c)) + "'";
  }

  /** Long texts are cut, and line breaks shown as escapes, so a message header stays one line. */
  private static String cut(String s) {
    String shown = s.length() > MAX ? s.substring(0, MAX) + "..." : s;
    return shown.replace("\n", "\\n").replace("\r", "\\r");
  }
}
