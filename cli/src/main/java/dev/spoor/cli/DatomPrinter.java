package dev.spoor.cli;

import dev.spoor.log.Datom;
import dev.spoor.query.Attribute;
import dev.spoor.query.Db;
import java.util.List;

/** Prints datoms as EDN with attribute idents: {@code [e :attr/ident value tx added]}. */
final class DatomPrinter {
  private final Db names;

  /** {@code names} resolves attribute ids to idents; the latest Db knows every attribute. */
  DatomPrinter(Db names) {
    this.names = names;
  }

  String print(Datom d) {
    StringBuilder sb = new StringBuilder(64);
    LogFormat.datom(d, attribute(d), d.v(), sb);
    return sb.toString();
  }

  /** The datom's e, a (ident), v, tx and added, for a table, JSON or CSV. */
  List<Object> cells(Datom d) {
    return List.of(d.e(), attribute(d), d.v(), d.tx(), d.added());
  }

  /** {@code v} of attribute {@code a}, with a reference to an entity that has an ident as that ident. */
  static Object readableValue(Db db, long a, Object v) {
    if (v instanceof Long id && db.schema().attribute(a).map(Attribute::isRef).orElse(false)) {
      return db.ident(id).<Object>map(k -> k).orElse(id);
    }
    return v;
  }

  private Object attribute(Datom d) {
    return names.schema().attribute(d.a()).<Object>map(Attribute::ident).orElse(d.a());
  }
}
