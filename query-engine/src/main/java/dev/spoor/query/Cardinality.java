package dev.spoor.query;

import dev.spoor.core.Keyword;

/** How many values an entity may hold for an attribute at once. */
public enum Cardinality {
  ONE(Keyword.of("db.cardinality/one")),
  MANY(Keyword.of("db.cardinality/many"));

  private final Keyword ident;

  Cardinality(Keyword ident) {
    this.ident = ident;
  }

  public Keyword ident() {
    return ident;
  }
}
