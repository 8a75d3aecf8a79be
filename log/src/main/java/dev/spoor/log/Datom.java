package dev.spoor.log;

import static java.util.Objects.requireNonNull;

import dev.spoor.core.Edn;

/**
 * One fact: entity {@code e} has value {@code v} for attribute {@code a}, asserted
 * ({@code added}) or retracted by transaction {@code tx}. The attribute is the attribute's
 * entity id; values are the Java values listed in {@link ValueType}.
 */
public record Datom(long e, long a, Object v, long tx, boolean added) {
  public Datom {
    requireNonNull(v, "v");
  }

  /** {@code [e a v tx added]} with the attribute as its id. */
  @Override
  public String toString() {
    return "[" + e + " " + a + " " + Edn.print(v) + " " + tx + " " + added + "]";
  }
}
