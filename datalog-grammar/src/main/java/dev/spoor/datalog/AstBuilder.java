package dev.spoor.datalog;

import dev.spoor.core.Keyword;
import dev.spoor.core.Symbol;
import dev.spoor.datalog.internal.EdnParser.CharFormContext;
import dev.spoor.datalog.internal.EdnParser.DiscardContext;
import dev.spoor.datalog.internal.EdnParser.DiscardFormContext;
import dev.spoor.datalog.internal.EdnParser.DiscardItemContext;
import dev.spoor.datalog.internal.EdnParser.FalseFormContext;
import dev.spoor.datalog.internal.EdnParser.FloatFormContext;
import dev.spoor.datalog.internal.EdnParser.FormContext;
import dev.spoor.datalog.internal.EdnParser.FormItemContext;
import dev.spoor.datalog.internal.EdnParser.IntegerFormContext;
import dev.spoor.datalog.internal.EdnParser.ItemContext;
import dev.spoor.datalog.internal.EdnParser.KeywordFormContext;
import dev.spoor.datalog.internal.EdnParser.ListFormContext;
import dev.spoor.datalog.internal.EdnParser.MapFormContext;
import dev.spoor.datalog.internal.EdnParser.NilFormContext;
import dev.spoor.datalog.internal.EdnParser.SetFormContext;
import dev.spoor.datalog.internal.EdnParser.StringFormContext;
import dev.spoor.datalog.internal.EdnParser.SymbolFormContext;
import dev.spoor.datalog.internal.EdnParser.SymbolicFormContext;
import dev.spoor.datalog.internal.EdnParser.TaggedFormContext;
import dev.spoor.datalog.internal.EdnParser.TrueFormContext;
import dev.spoor.datalog.internal.EdnParser.VectorFormContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Parse tree to {@link Form}: one {@code instanceof} chain over the labelled alternatives of
 * {@code Edn.g4}, which throws on any context it does not know, so a grammar change cannot
 * slip through unnoticed. It also does what the grammar leaves to it: decoding escapes and
 * characters, sizing numbers, resolving tags, pairing map entries and rejecting duplicates.
 *
 * <p>Discarded forms are built too, and then dropped: {@code #_} discards a form, which must
 * still be one Spoor can read (as Clojure's reader also insists).
 */
final class AstBuilder {
  private final SourceText source;

  AstBuilder(SourceText source) {
    this.source = source;
  }

  Form form(FormContext ctx) {
    Span span = span(ctx);
    if (ctx instanceof NilFormContext) {
      return new Form.Nil(span);
    } else if (ctx instanceof TrueFormContext) {
      return new Form.Scalar(Boolean.TRUE, span);
    } else if (ctx instanceof FalseFormContext) {
      return new Form.Scalar(Boolean.FALSE, span);
    } else if (ctx instanceof StringFormContext c) {
      return new Form.Scalar(string(c.STRING().getSymbol()), span);
    } else if (ctx instanceof CharFormContext c) {
      return new Form.Scalar(character(c.CHAR().getSymbol()), span);
    } else if (ctx instanceof IntegerFormContext c) {
      return new Form.Scalar(integer(c.INTEGER().getText()), span);
    } else if (ctx instanceof FloatFormContext c) {
      return new Form.Scalar(floating(c.FLOAT().getText()), span);
    } else if (ctx instanceof SymbolicFormContext c) {
      return new Form.Scalar(symbolic(c.SYMBOLIC().getText()), span);
    } else if (ctx instanceof SymbolFormContext c) {
      return new Form.Scalar(Symbol.of(c.SYMBOL().getText()), span);
    } else if (ctx instanceof KeywordFormContext c) {
      return new Form.Scalar(Keyword.of(c.KEYWORD().getText().substring(1)), span);
    } else if (ctx instanceof ListFormContext c) {
      return new Form.ListForm(items(c.item()), span);
    } else if (ctx instanceof VectorFormContext c) {
      return new Form.VectorForm(items(c.item()), span);
    } else if (ctx instanceof MapFormContext c) {
      return map(c, span);
    } else if (ctx instanceof SetFormContext c) {
      return set(c, span);
    } else if (ctx instanceof TaggedFormContext c) {
      return tagged(c, span);
    }
    throw unhandled(ctx);
  }

  /** Reads a discarded form, for its errors only. */
  void discard(DiscardContext ctx) {
    if (ctx instanceof DiscardFormContext d) {
      d.discard().forEach(this::discard);
      form(d.form());
      return;
    }
    throw unhandled(ctx);
  }

  /** The form of an item, or null for a discard. */
  Form item(ItemContext ctx) {
    if (ctx instanceof FormItemContext f) {
      return form(f.form());
    } else if (ctx instanceof DiscardItemContext d) {
      discard(d.discard());
      return null;
    }
    throw unhandled(ctx);
  }

  static IllegalStateException unhandled(ParserRuleContext ctx) {
    return new IllegalStateException("the EDN AST builder does not handle "
        + ctx.getClass().getSimpleName() + "; Edn.g4 changed without it");
  }

  private List<Form> items(List<ItemContext> items) {
    List<Form> forms = new ArrayList<>(items.size());
    for (ItemContext item : items) {
      Form form = item(item);
      if (form != null) {
        forms.add(form);
      }
    }
    return forms;
  }

  private Form map(MapFormContext ctx, Span span) {
    List<Form> forms = items(ctx.item());
    if (forms.size() % 2 != 0) {
      throw source.error(span, "map literal must have an even number of forms, found " + forms.size());
    }
    List<Form.MapForm.Entry> entries = new ArrayList<>(forms.size() / 2);
    Set<Object> keys = new HashSet<>();
    for (int i = 0; i < forms.size(); i += 2) {
      Form key = forms.get(i);
      Object k = Values.key(key);
      if (!keys.add(k)) {
        throw source.error(key.span(), Values.duplicateKey(k));
      }
      entries.add(new Form.MapForm.Entry(key, forms.get(i + 1)));
    }
    return new Form.MapForm(entries, span);
  }

  private Form set(SetFormContext ctx, Span span) {
    List<Form> forms = items(ctx.item());
    Set<Object> elements = new HashSet<>();
    for (Form element : forms) {
      Object e = Values.key(element);
      if (!elements.add(e)) {
        throw source.error(element.span(), Values.duplicateElement(e));
      }
    }
    return new Form.SetForm(forms, span);
  }

  private Form tagged(TaggedFormContext ctx, Span span) {
    Token tagToken = ctx.TAG().getSymbol();
    String tag = tagToken.getText().substring(1);
    if (!Tags.known(tag)) {
      throw source.error(tagToken, "unknown tag #" + tag + " (" + Tags.KNOWN + ")");
    }
    ctx.discard().forEach(this::discard);
    Form inner = form(ctx.form());
    if (!(inner instanceof Form.Scalar s && s.value() instanceof String text)) {
      throw source.error(inner.span(), "expected a string after #" + tag + ", found " + kind(inner));
    }
    try {
      return new Form.Scalar(Tags.read(tag, text), span);
    } catch (IllegalArgumentException e) {
      throw source.error(inner.span(), "invalid #" + tag + " " + Describe.literal(text) + ": " + e.getMessage());
    }
  }

  private static String kind(Form form) {
    if (form instanceof Form.Nil) {
      return "nil";
    } else if (form instanceof Form.ListForm) {
      return "a list";
    } else if (form instanceof Form.VectorForm) {
      return "a vector";
    } else if (form instanceof Form.MapForm) {
      return "a map";
    } else if (form instanceof Form.SetForm) {
      return "a set";
    } else if (form instanceof Form.Scalar s) {
      Object v = s.value();
      if (v instanceof Long || v instanceof BigInteger) {
        return "an integer";
      } else if (v instanceof Double || v instanceof BigDecimal) {
        return "a float";
      } else if (v instanceof Boolean) {
        return "a boolean";
      } else if (v instanceof Character) {
        return "a character";
      } else if (v instanceof Keyword) {
        return "a keyword";
      } else if (v instanceof Symbol) {
        return "a symbol";
      } else if (v instanceof java.time.Instant) {
        return "an #inst";
      } else if (v instanceof java.util.UUID) {
        return "a #uuid";
      } else if (v instanceof dev.spoor.core.Bytes) {
        return "#spoor/bytes";
      }
      return "a string";
    }
    throw new IllegalStateException("no kind for " + form.getClass().getName());
  }

  private static Span span(ParserRuleContext ctx) {
    Token first = ctx.getStart();
    Token last = ctx.getStop();
    return new Span(first.getLine(), first.getCharPositionInLine(), first.getStartIndex(), last.getStopIndex() + 1);
  }

  // ---- Tokens to values

  private String string(Token token) {
    String text = token.getText();
    int end = text.length() - 1; // the closing quote
    if (text.indexOf('\\') < 0) {
      return text.substring(1, end);
    }
    StringBuilder sb = new StringBuilder(end);
    for (int i = 1; i < end; i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = text.charAt(i + 1); // the lexer pairs every backslash with a character
      switch (e) {
        case '"' -> sb.append('"');
        case '\\' -> sb.append('\\');
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'u' -> {
          int code = i + 6 <= end ? hex4(text, i + 2) : -1;
          if (code < 0) {
            throw errorInside(token, i, "invalid unicode escape in string: \\u must be followed by 4 hexadecimal digits");
          }
          sb.append((char) code);
          i += 4;
        }
        default -> throw errorInside(token, i, "invalid escape \\" + new String(Character.toChars(text.codePointAt(i + 1)))
            + " in string (EDN has \\\" \\\\ \\n \\t \\r \\b \\f and \\uXXXX)");
      }
      i++;
    }
    return sb.toString();
  }

  private Character character(Token token) {
    String body = token.getText().substring(1);
    if (body.codePointCount(0, body.length()) == 1) {
      if (body.length() == 2) {
        throw source.error(token, "character " + token.getText()
            + " does not fit in a Java char (it is outside the Basic Multilingual Plane); use a string");
      }
      return body.charAt(0);
    }
    switch (body) {
      case "newline":
        return '\n';
      case "space":
        return ' ';
      case "tab":
        return '\t';
      case "return":
        return '\r';
      case "backspace":
        return '\b';
      case "formfeed":
        return '\f';
      default:
        int code = body.length() == 5 && body.charAt(0) == 'u' ? hex4(body, 1) : -1;
        if (code < 0) {
          throw source.error(token, "unsupported character " + token.getText()
              + " (EDN has \\c, \\newline, \\space, \\tab, \\return, \\backspace, \\formfeed and \\uXXXX)");
        }
        return (char) code;
    }
  }

  /** The value of the 4 hex digits at {@code from}, or -1 if they are not 4 hex digits. */
  private static int hex4(String s, int from) {
    int value = 0;
    for (int i = from; i < from + 4; i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0) {
        return -1;
      }
      value = value * 16 + d;
    }
    return value;
  }

  private static Object integer(String text) {
    if (text.endsWith("N")) {
      return new BigInteger(text.substring(0, text.length() - 1));
    }
    if (text.length() <= 18) { // at most 18 digits (or a sign and 17) always fit in a long
      return Long.parseLong(text);
    }
    BigInteger big = new BigInteger(text);
    return big.bitLength() < 64 ? (Object) big.longValue() : big;
  }

  private static Object floating(String text) {
    if (text.endsWith("M")) {
      return new BigDecimal(text.substring(0, text.length() - 1));
    }
    return Double.parseDouble(text);
  }

  private static Double symbolic(String text) {
    switch (text) {
      case "##Inf":
        return Double.POSITIVE_INFINITY;
      case "##-Inf":
        return Double.NEGATIVE_INFINITY;
      case "##NaN":
        return Double.NaN;
      default:
        throw new IllegalStateException("the lexer let through the symbolic value " + text);
    }
  }

  /** An error at the character {@code index} of the token's text (which may span lines). */
  private EdnParseException errorInside(Token token, int index, String problem) {
    int line = token.getLine();
    int column = token.getCharPositionInLine();
    int offset = token.getStartIndex();
    String text = token.getText();
    for (int i = 0; i < index; i += Character.charCount(text.codePointAt(i))) {
      offset++;
      if (text.charAt(i) == '\n') {
        line++;
        column = 0;
      } else {
        column++;
      }
    }
    return source.error(EdnParseException.SYNTAX, line, column, offset, problem);
  }
}
