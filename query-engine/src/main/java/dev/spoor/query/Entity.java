package dev.spoor.query;

import dev.spoor.log.Datom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An entity's attributes as of one database value, read eagerly from EAVT. Cardinality-one
 * attributes map to their value, cardinality-many attributes to a {@code Set} of values;
 * references are entity ids. An entity with no attributes is empty, not an error, as in
 * Datomic.
 */
public final class Entity {
  private final long id;
  private final Map<dev.spoor.core.Keyword, Object> attributes;

  Entity(Db db, long id) {
    if (db.isHistory()) {
      throw new DbException("entity-of-history", "entity() reads facts that stand; it is not defined on a history view");
    }
    this.id = id;
    Map<dev.spoor.core.Keyword, Object> map = new LinkedHashMap<>();
    for (Datom d : db.datoms(Index.EAVT, id)) {
      Attribute attr = db.attribute(d.a());
      if (attr.isMany()) {
        @SuppressWarnings("unchecked")
        Set<Object> values = (Set<Object>) map.computeIfAbsent(attr.ident(), k -> new LinkedHashSet<>());
        values.add(d.v());
      } else {
        map.put(attr.ident(), d.v());
      }
    }
    map.replaceAll((k, v) -> v instanceof Set<?> s ? Collections.unmodifiableSet(s) : v);
    this.attributes = Collections.unmodifiableMap(map);
  }

  public long id() {
    return id;
  }

  /** The value (cardinality one) or set of values (cardinality many) of {@code attribute}. */
  public Optional<Object> get(dev.spoor.core.Keyword attribute) {
    return Optional.ofNullable(attributes.get(attribute));
  }

  /** Attribute idents to values, in attribute id order. */
  public Map<dev.spoor.core.Keyword, Object> toMap() {
    return attributes;
  }

  public boolean isEmpty() {
    return attributes.isEmpty();
  }

  @Override
  public String toString() {
    return "#:db{:id " + id + "} " + attributes;
  }
}
