package dev.spoor.datalog;

import static java.util.Objects.requireNonNull;

import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * Reads EDN text (https://github.com/edn-format/edn) into {@link Form}s: the inverse of
 * {@link dev.spoor.core.Edn#print(Object)}.
 *
 * <p>All of EDN is read: {@code nil}, booleans, strings, characters, integers (a
 * {@code Long}, or a {@code BigInteger} with the {@code N} suffix or when too large),
 * floats (a {@code Double}, or a {@code BigDecimal} with the {@code M} suffix),
 * {@code ##Inf}, {@code ##-Inf}, {@code ##NaN}, symbols, keywords, lists, vectors, maps,
 * sets, comments, discards ({@code #_}) and commas as whitespace. Of the tagged elements,
 * Spoor reads {@code #inst} (RFC 3339, as Clojure does, into an {@code Instant}),
 * {@code #uuid} and {@code #spoor/bytes} (Base64); any other tag is an error. So are
 * duplicate map keys and set elements, compared as Java values (so {@code 1}, {@code 1N}
 * and {@code 1.0} are three different keys).
 *
 * <p>Every error is an {@link EdnParseException} with the position of the first problem in
 * the text. The methods are thread-safe: each call reads on its own.
 */
public final class EdnReader {
  private EdnReader() {}

  /** Every form in {@code text}, in order; an empty list for text with none. */
  public static List<Form> readAll(String text) {
    FormParser forms = FormParser.of(requireNonNull(text, "text"));
    List<Form> all = new ArrayList<>();
    for (Form form = forms.nextForm(); form != null; form = forms.nextForm()) {
      all.add(form);
    }
    forms.expectEnd("the last form");
    return List.copyOf(all);
  }

  /**
   * The one form in {@code text}.
   *
   * @throws EdnParseException if the text has no form, or has a second one (reported at
   *     the second form)
   */
  public static Form readOne(String text) {
    return one(FormParser.of(requireNonNull(text, "text")));
  }

  /**
   * The value of the one form in {@code text}: {@code readOne(text).toValue()}, with the
   * source line in the message if the form holds a {@code nil}.
   */
  public static Object readValue(String text) {
    FormParser forms = FormParser.of(requireNonNull(text, "text"));
    return Values.toValue(one(forms), forms.source);
  }

  /**
   * The elements of the one vector that makes up {@code in}, read lazily one at a time. The
   * stream owns {@code in} and closes it when closed.
   */
  public static FormStream streamVector(Reader in) {
    return new FormStream(requireNonNull(in, "in"));
  }

  private static Form one(FormParser forms) {
    Form form = forms.nextForm();
    if (form == null) {
      forms.expectEnd("nothing"); // a stray closing delimiter is reported as such
      throw forms.source.error(forms.peek(), "input is empty: expected one form");
    }
    Token next = forms.skipDiscards();
    if (next.getType() != Token.EOF && !FormParser.isCloser(next)) {
      throw forms.source.error(next, "expected exactly one form, found another");
    }
    forms.expectEnd("the form");
    return form;
  }
}
