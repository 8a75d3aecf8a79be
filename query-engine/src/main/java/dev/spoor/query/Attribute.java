package dev.spoor.query;

import static java.util.Objects.requireNonNull;

import dev.spoor.core.Keyword;
import dev.spoor.log.ValueType;

/**
 * An installed attribute: the schema facts of one attribute entity.
 *
 * @param id the attribute's entity id
 * @param ident its name, e.g. {@code :task/status}
 * @param valueType {@code :db/valueType}
 * @param cardinality {@code :db/cardinality}
 * @param unique {@code :db/unique}, {@link Uniqueness#NONE} when absent
 * @param isComponent {@code :db/isComponent}: the referenced entity is part of this one
 * @param indexed {@code :db/index} as declared (Spoor's AVET holds every attribute regardless)
 * @param doc {@code :db/doc}, empty when absent
 */
public record Attribute(long id, Keyword ident, ValueType valueType, Cardinality cardinality,
    Uniqueness unique, boolean isComponent, boolean indexed, String doc) {
  public Attribute {
    requireNonNull(ident, "ident");
    requireNonNull(valueType, "valueType");
    requireNonNull(cardinality, "cardinality");
    requireNonNull(unique, "unique");
    requireNonNull(doc, "doc");
  }

  public boolean isRef() {
    return valueType == ValueType.REF;
  }

  public boolean isMany() {
    return cardinality == Cardinality.MANY;
  }
}
