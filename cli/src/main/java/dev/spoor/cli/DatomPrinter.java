package dev.spoor.cli;

import dev.spoor.core.Edn;
import dev.spoor.log.Datom;
import dev.spoor.query.Db;

/** Prints datoms as EDN with attribute idents: {@code [e :attr/ident value tx added]}. */
final class DatomPrinter {
  private final Db names;

  /** {@code names} resolves attribute ids to idents; the latest Db knows every attribute. */
  DatomPrinter(Db names) {
    this.names = names;
  }

  String print(Datom d) {
    StringBuilder sb = new StringBuilder(64).append('[').append(d.e()).append(' ');
    sb.append(names.schema().attribute(d.a()).map(a -> a.ident().toString()).orElse(Long.toString(d.a())));
    sb.append(' ');
    Edn.write(d.v(), sb);
    return sb.append(' ').append(d.tx()).append(' ').append(d.added()).append(']').toString();
  }
}
