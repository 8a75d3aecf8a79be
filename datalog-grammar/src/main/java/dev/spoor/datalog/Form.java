package dev.spoor.datalog;

import static java.util.Objects.requireNonNull;

import dev.spoor.core.Bytes;
import dev.spoor.core.Keyword;
import dev.spoor.core.Symbol;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One EDN form as read from text: an immutable tree whose every node knows its {@link Span}.
 *
 * <p>The reader resolves the tags Spoor knows ({@code #inst}, {@code #uuid},
 * {@code #spoor/bytes}) into {@link Scalar}s, so a tree holds no tags. Discarded forms
 * ({@code #_ x}) and comments do not appear. Forms compare equal only with the same
 * position; compare {@link #toValue()} results to compare content.
 *
 * <p>A pass over forms is one {@code switch} (or {@code instanceof} chain) over the six
 * record types below.
 */
public sealed interface Form
    permits Form.Nil, Form.Scalar, Form.ListForm, Form.VectorForm, Form.MapForm, Form.SetForm {

  /** Where the form was read, from its first character to its last (tag included). */
  Span span();

  /**
   * The form as plain immutable Java values: a vector or list is a {@code List<Object>}, a
   * set a {@code Set<Object>} and a map a {@code Map<Object, Object>}, both in source
   * order; a scalar is its {@link Scalar#value()}.
   *
   * @throws EdnParseException with code {@code :edn/nil} at the position of a {@code nil}
   *     anywhere in the form, since Spoor's Java values have no null; and with code
   *     {@code :edn/syntax} for a duplicate map key or set element in a form built by hand
   *     (the reader rejects those already)
   */
  default Object toValue() {
    return Values.toValue(this, SourceText.NONE);
  }

  /** {@code nil}. It has no Java value: {@link #toValue()} rejects it. */
  record Nil(Span span) implements Form {
    public Nil {
      requireNonNull(span, "span");
    }
  }

  /**
   * An atom. {@code value} is one of: {@link Long} (an integer that fits),
   * {@link BigInteger} (an integer with the {@code N} suffix, or too large for a long),
   * {@link Double} (a float, {@code ##Inf}, {@code ##-Inf}, {@code ##NaN}),
   * {@link BigDecimal} (a float or integer with the {@code M} suffix), {@link String},
   * {@link Character}, {@link Boolean}, {@link Keyword}, {@link Symbol}, {@link Instant}
   * ({@code #inst}), {@link UUID} ({@code #uuid}) or {@link Bytes} ({@code #spoor/bytes}).
   */
  record Scalar(Object value, Span span) implements Form {
    public Scalar {
      requireNonNull(value, "value");
      requireNonNull(span, "span");
      if (!(value instanceof Keyword || value instanceof String || value instanceof Long
          || value instanceof Symbol || value instanceof Double || value instanceof Boolean
          || value instanceof Instant || value instanceof UUID || value instanceof BigInteger
          || value instanceof BigDecimal || value instanceof Character || value instanceof Bytes)) {
        throw new IllegalArgumentException("not an EDN scalar: " + value.getClass().getName());
      }
    }
  }

  /** {@code (a b c)}. */
  record ListForm(List<Form> items, Span span) implements Form {
    public ListForm {
      items = List.copyOf(items);
      requireNonNull(span, "span");
    }
  }

  /** {@code [a b c]}. */
  record VectorForm(List<Form> items, Span span) implements Form {
    public VectorForm {
      items = List.copyOf(items);
      requireNonNull(span, "span");
    }
  }

  /** <code>{k1 v1, k2 v2}</code>, its entries in source order. */
  record MapForm(List<Entry> entries, Span span) implements Form {
    public MapForm {
      entries = List.copyOf(entries);
      requireNonNull(span, "span");
    }

    /** One key and its value. */
    public record Entry(Form key, Form value) {
      public Entry {
        requireNonNull(key, "key");
        requireNonNull(value, "value");
      }
    }
  }

  /** <code>#{a b c}</code>, its elements in source order. */
  record SetForm(List<Form> items, Span span) implements Form {
    public SetForm {
      items = List.copyOf(items);
      requireNonNull(span, "span");
    }
  }
}
