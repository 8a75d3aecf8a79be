package dev.spoor.datalog;

import dev.spoor.datalog.internal.EdnLexer;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;

/**
 * The lexer as the parser sees it: hidden tokens (whitespace, commas, comments) left out,
 * and each error token turned into an {@link EdnParseException} at its position. Leaving out
 * hidden tokens here, rather than in a buffered token stream, is what lets the parser run
 * over an {@code UnbufferedTokenStream}.
 */
final class TokenFilter implements TokenSource {
  private final EdnLexer lexer;
  private final SourceText source;

  TokenFilter(EdnLexer lexer, SourceText source) {
    this.lexer = lexer;
    this.source = source;
  }

  @Override
  public Token nextToken() {
    while (true) {
      Token t = lexer.nextToken();
      if (t.getChannel() != Token.DEFAULT_CHANNEL) {
        continue;
      }
      switch (t.getType()) {
        case EdnLexer.UNTERMINATED_STRING:
          throw source.error(t, "unterminated string");
        case EdnLexer.BAD_DISPATCH:
          throw source.error(t, badDispatch(t.getText()));
        case EdnLexer.BAD_TOKEN:
          throw source.error(t, badToken(t.getText()));
        case EdnLexer.UNRECOGNIZED:
          throw source.error(t, unrecognized(t.getText()));
        default:
          return t;
      }
    }
  }

  static String badDispatch(String text) {
    String uses = "(EDN uses '#' only in #{...} sets, #_ discards, ##Inf, ##-Inf, ##NaN and tags such as #inst)";
    if (text.startsWith("##")) {
      return "unknown symbolic value " + text + " (EDN has ##Inf, ##-Inf and ##NaN)";
    } else if (text.length() > 1 && Character.isLetter(text.codePointAt(1))) {
      return "invalid tag " + text + " " + uses;
    } else if (text.length() > 1) {
      return "unsupported dispatch " + text + " " + uses;
    } else {
      return "unexpected character '#' " + uses;
    }
  }

  static String badToken(String text) {
    int c0 = text.codePointAt(0);
    boolean signed = c0 == '+' || c0 == '-' || c0 == '.';
    if (isDigit(c0) || (signed && text.length() > 1 && isDigit(text.charAt(1)))) {
      return "invalid number " + text;
    } else if (c0 == ':') {
      return "invalid keyword " + text;
    } else if (signed || Character.isLetter(c0) || "*!_?$%&=<>/".indexOf(c0) >= 0) {
      return "invalid symbol " + text;
    } else {
      return "unexpected character " + Describe.codePoint(c0);
    }
  }

  private static String unrecognized(String text) {
    if (text.equals("\\")) {
      return "incomplete character literal: '\\' must be followed by a character, as in \\a or \\space";
    }
    return "unexpected character " + Describe.codePoint(text.codePointAt(0));
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  @Override
  public int getLine() {
    return lexer.getLine();
  }

  @Override
  public int getCharPositionInLine() {
    return lexer.getCharPositionInLine();
  }

  @Override
  public CharStream getInputStream() {
    return lexer.getInputStream();
  }

  @Override
  public String getSourceName() {
    return lexer.getSourceName();
  }

  @Override
  public void setTokenFactory(TokenFactory<?> factory) {
    lexer.setTokenFactory(factory);
  }

  @Override
  public TokenFactory<?> getTokenFactory() {
    return lexer.getTokenFactory();
  }
}
