package dev.spoor.log;

import dev.spoor.core.Bytes;
import dev.spoor.core.Keyword;
import dev.spoor.core.Symbol;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;


/**
 * The types a datom's value may have, named as in Datomic ({@code :db.type/long}, ...), with
 * the Java class that carries each. A {@code ref} is an entity id carried as a {@code Long};
 * a {@code tuple} is an immutable {@code List} of values of the other types.
 */
public enum ValueType {
  LONG("long", Long.class),
  DOUBLE("double", Double.class),
  BIGINT("bigint", BigInteger.class),
  BIGDEC("bigdec", BigDecimal.class),
  STRING("string", String.class),
  BOOLEAN("boolean", Boolean.class),
  KEYWORD("keyword", Keyword.class),
  SYMBOL("symbol", Symbol.class),
  REF("ref", Long.class),
  INSTANT("instant", Instant.class),
  UUID("uuid", java.util.UUID.class),
  BYTES("bytes", Bytes.class),
  TUPLE("tuple", List.class);

  private static final ValueType[] VALUES = values();

  private final Keyword ident;
  private final Class<?> javaClass;

  ValueType(String name, Class<?> javaClass) {
    this.ident = Keyword.of("db.type", name);
    this.javaClass = javaClass;
  }

  /** The schema ident, e.g. {@code :db.type/long}. */
  public Keyword ident() {
    return ident;
  }

  /** The Java class of values of this type. */
  public Class<?> javaClass() {
    return javaClass;
  }

  /** Whether {@code value} is a Java value of this type (tuples: a list, elements unchecked). */
  public boolean accepts(Object value) {
    return javaClass.isInstance(value);
  }

  /** The type whose ident is {@code ident}, if any. */
  public static java.util.Optional<ValueType> byIdent(Keyword ident) {
    for (ValueType t : VALUES) {
      if (t.ident.equals(ident)) {
        return java.util.Optional.of(t);
      }
    }
    return java.util.Optional.empty();
  }

  /** The natural type of a Java value, used when no schema says otherwise (refs read as longs). */
  public static java.util.Optional<ValueType> ofJavaValue(Object value) {
    if (value instanceof Long) {
      return java.util.Optional.of(LONG);
    }
    for (ValueType t : VALUES) {
      if (t != REF && t.javaClass.isInstance(value)) {
        return java.util.Optional.of(t);
      }
    }
    return java.util.Optional.empty();
  }

  /** A short description of a Java value's type for error messages: "a long", "a string". */
  public static String describe(Object value) {
    return ofJavaValue(value).map(t -> (t == UUID || t == INSTANT ? "an " : "a ") + t.ident.name())
        .orElse("a " + value.getClass().getSimpleName());
  }

}
