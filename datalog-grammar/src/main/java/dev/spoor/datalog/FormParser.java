package dev.spoor.datalog;

import dev.spoor.datalog.internal.EdnLexer;
import dev.spoor.datalog.internal.EdnParser;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenFactory;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.UnbufferedTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.Pair;

/**
 * Reads top-level forms one at a time: lexer, {@link TokenFilter}, an unbuffered token
 * stream, the parser entered at rule {@code item} once per form, and the
 * {@link AstBuilder}. Nothing is kept between forms, so over a {@link StreamCharStream}
 * memory is bounded by the largest form, whatever the length of the text. Both {@link EdnReader} and {@link FormStream} read
 * this way.
 */
final class FormParser {
  final SourceText source;
  private final TokenStream tokens;
  private final EdnParser parser;
  private final AstBuilder builder;

  /**
   * Tokens keep their text, since an unbuffered char stream forgets it; hidden tokens
   * (whitespace, comments), which nobody reads, are spared the copy.
   */
  private static final CommonTokenFactory TEXT_COPYING = new CommonTokenFactory(true) {
    @Override
    public CommonToken create(Pair<TokenSource, CharStream> source, int type, String text, int channel,
        int start, int stop, int line, int charPositionInLine) {
      if (channel == Token.DEFAULT_CHANNEL) {
        return super.create(source, type, text, channel, start, stop, line, charPositionInLine);
      }
      CommonToken hidden = new CommonToken(source, type, channel, start, stop);
      hidden.setLine(line);
      hidden.setCharPositionInLine(charPositionInLine);
      return hidden;
    }
  };

  private FormParser(CharStream chars, SourceText source) {
    this.source = source;
    EdnLexer lexer = new EdnLexer(chars);
    lexer.removeErrorListeners(); // never print to stderr
    lexer.addErrorListener(new BaseErrorListener() {
      @Override
      public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int column,
          String message, RecognitionException e) {
        // Unreachable while the grammar ends in the catch-all UNRECOGNIZED token.
        throw source.error(EdnParseException.SYNTAX, line, column, chars.index(), "unreadable input: " + message);
      }
    });
    lexer.setTokenFactory(TEXT_COPYING);
    this.tokens = new UnbufferedTokenStream<Token>(new TokenFilter(lexer, source));
    this.parser = new EdnParser(tokens);
    parser.removeErrorListeners();
    parser.setErrorHandler(new FirstErrorStrategy(source));
    parser.getInterpreter().setPredictionMode(PredictionMode.SLL); // the grammar is LL(1)
    this.builder = new AstBuilder(source);
  }

  static FormParser of(String text) {
    return new FormParser(CharStreams.fromString(text), SourceText.of(text));
  }

  static FormParser of(StreamCharStream chars) {
    return new FormParser(chars, chars.source);
  }

  /** The next token, not consumed. */
  Token peek() {
    return tokens.LT(1);
  }

  void consume() {
    tokens.consume();
  }

  /** Reads and drops any discards ({@code #_ x}); then {@link #peek()} is no {@code #_}. */
  Token skipDiscards() {
    while (peek().getType() == EdnLexer.DISCARD) {
      builder.item(parser.item());
    }
    return peek();
  }

  /**
   * The next form, discards skipped; or null at the end of input or at a closing delimiter,
   * both left for the caller to judge with {@link #peek()}.
   */
  Form nextForm() {
    Token next = skipDiscards();
    if (next.getType() == Token.EOF || isCloser(next)) {
      return null;
    }
    Form form = builder.item(parser.item());
    if (form == null) {
      throw new IllegalStateException("a form was expected at " + next);
    }
    return form;
  }

  /** Fails unless the input ends at the next token. */
  void expectEnd(String whatCameBefore) {
    Token next = skipDiscards();
    if (next.getType() == Token.EOF) {
      return;
    }
    throw isCloser(next)
        ? source.error(next, "unmatched delimiter " + Describe.token(next))
        : source.error(next, "extraneous input " + Describe.token(next) + " after " + whatCameBefore);
  }

  static boolean isCloser(Token t) {
    int type = t.getType();
    return type == EdnLexer.RPAREN || type == EdnLexer.RBRACK || type == EdnLexer.RBRACE;
  }
}
