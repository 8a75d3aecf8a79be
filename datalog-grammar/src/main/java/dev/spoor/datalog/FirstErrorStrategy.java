package dev.spoor.datalog;

import dev.spoor.datalog.internal.EdnParser.DiscardFormContext;
import dev.spoor.datalog.internal.EdnParser.ListFormContext;
import dev.spoor.datalog.internal.EdnParser.MapFormContext;
import dev.spoor.datalog.internal.EdnParser.SetFormContext;
import dev.spoor.datalog.internal.EdnParser.TaggedFormContext;
import dev.spoor.datalog.internal.EdnParser.VectorFormContext;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;

/**
 * Stops at the first syntax error with a message that says what was expected there, instead
 * of ANTLR's recovery and its cascade of follow-on errors.
 *
 * <p>In this grammar the parser can only fail where a form is expected: inside a collection
 * (then the collection's closing delimiter would also do), after {@code #_}, or after a tag.
 * Every other token starts a form, and bad tokens never reach the parser (see
 * {@link TokenFilter}). So the offending token is a closing delimiter of the wrong kind, or
 * the end of input.
 */
final class FirstErrorStrategy extends DefaultErrorStrategy {
  private final SourceText source;

  FirstErrorStrategy(SourceText source) {
    this.source = source;
  }

  @Override
  public void reportError(Parser parser, RecognitionException e) {
    throw error(parser.getContext(), e.getOffendingToken());
  }

  @Override
  public void recover(Parser parser, RecognitionException e) {
    throw error(parser.getContext(), e.getOffendingToken());
  }

  @Override
  public Token recoverInline(Parser parser) {
    throw error(parser.getContext(), parser.getCurrentToken());
  }

  @Override
  public void sync(Parser parser) {
    // No resynchronisation: the error is reported where it happens.
  }

  private EdnParseException error(ParserRuleContext context, Token at) {
    boolean end = at.getType() == Token.EOF;
    for (ParserRuleContext c = context; c != null; c = c.getParent()) {
      String closer = closer(c);
      if (closer != null) {
        Token open = c.getStart();
        String opened = "'" + open.getText() + "' opened at line " + open.getLine() + ":" + open.getCharPositionInLine();
        return source.error(at, end
            ? "unexpected end of input: unclosed " + opened
            : "mismatched input " + Describe.token(at) + " expecting a form or '" + closer + "' to close the " + opened);
      } else if (c instanceof DiscardFormContext) {
        return source.error(at, end
            ? "unexpected end of input: #_ must be followed by a form to discard"
            : "mismatched input " + Describe.token(at) + " expecting a form to discard after #_");
      } else if (c instanceof TaggedFormContext t) {
        String tag = t.TAG().getText();
        return source.error(at, end
            ? "unexpected end of input: " + tag + " must be followed by a form"
            : "mismatched input " + Describe.token(at) + " expecting a form after " + tag);
      }
    }
    throw new IllegalStateException("syntax error outside any form at " + at + "; the grammar changed?");
  }

  private static String closer(ParserRuleContext c) {
    if (c instanceof ListFormContext) {
      return ")";
    } else if (c instanceof VectorFormContext) {
      return "]";
    } else if (c instanceof MapFormContext || c instanceof SetFormContext) {
      return "}";
    }
    return null;
  }
}
