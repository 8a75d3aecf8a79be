package dev.spoor.query;

/**
 * The four covering indexes, named by their sort order, as in Datomic. Every datom is in
 * EAVT, AEVT and AVET (Spoor indexes every attribute's values); VAET holds reference datoms
 * only, so "who points at this entity" is a range scan.
 */
public enum Index {
  /** Entity, attribute, value, transaction: everything about an entity. */
  EAVT,
  /** Attribute, entity, value, transaction: every entity that has an attribute. */
  AEVT,
  /** Attribute, value, entity, transaction: lookups and ranges by value. */
  AVET,
  /** Value, attribute, entity, transaction: reverse references. */
  VAET
}
