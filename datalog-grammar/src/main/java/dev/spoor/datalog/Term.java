package dev.spoor.datalog;

import static java.util.Objects.requireNonNull;

import dev.spoor.core.Symbol;

/**
 * One argument position of a clause: a variable ({@code ?e}), a blank ({@code _}), a source
 * variable ({@code $}, {@code $hist}) or a constant (any EDN value: numbers, strings,
 * keywords, lookup refs as {@code List}s, ...).
 */
public sealed interface Term permits Term.Variable, Term.Blank, Term.Constant, Term.SrcVar {
  Span span();

  /** {@code ?name}. Two variables are the same variable when their symbols are equal. */
  record Variable(Symbol symbol, Span span) implements Term {
    public Variable {
      requireNonNull(symbol, "symbol");
      requireNonNull(span, "span");
      if (!symbol.isVariable()) {
        throw new IllegalArgumentException("not a variable: " + symbol);
      }
    }

    /** Equality by symbol only: the same variable at two places is one variable. */
    @Override
    public boolean equals(Object o) {
      return o instanceof Variable v && v.symbol.equals(symbol);
    }

    @Override
    public int hashCode() {
      return symbol.hashCode();
    }

    @Override
    public String toString() {
      return symbol.toString();
    }
  }

  /** {@code _}: matches anything, binds nothing. */
  record Blank(Span span) implements Term {
    public Blank {
      requireNonNull(span, "span");
    }
  }

  /** A constant: the plain Java value of its EDN form (see {@link Form#toValue()}). */
  record Constant(Object value, Span span) implements Term {
    public Constant {
      requireNonNull(value, "value");
      requireNonNull(span, "span");
    }
  }

  /** {@code $} or {@code $name}: a data source. Equality by symbol only. */
  record SrcVar(Symbol symbol, Span span) implements Term {
    public SrcVar {
      requireNonNull(symbol, "symbol");
      requireNonNull(span, "span");
    }

    public boolean isDefault() {
      return symbol.name().equals("$");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SrcVar v && v.symbol.equals(symbol);
    }

    @Override
    public int hashCode() {
      return symbol.hashCode();
    }

    @Override
    public String toString() {
      return symbol.toString();
    }
  }
}
