package dev.spoor.query;

import dev.spoor.core.Keyword;

/** Whether an attribute's value identifies its entity. */
public enum Uniqueness {
  /** Values may repeat across entities. */
  NONE(Keyword.of("spoor.unique/none")),
  /** A value names one entity; asserting it with a tempid upserts into that entity. */
  IDENTITY(Keyword.of("db.unique/identity")),
  /** A value belongs to one entity; asserting it on another is a conflict. */
  VALUE(Keyword.of("db.unique/value"));

  private final Keyword ident;

  Uniqueness(Keyword ident) {
    this.ident = ident;
  }

  public Keyword ident() {
    return ident;
  }
}
