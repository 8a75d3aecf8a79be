package dev.spoor.core;

import static java.util.Objects.requireNonNull;

/**
 * An EDN symbol such as {@code ?e}, {@code _}, {@code my.ns/fn} or {@code ...}. Symbols
 * are values (they may be stored under {@code :db.type/symbol}) and are also the variables
 * and function names of queries. Ordering is by namespace, then name.
 */
public final class Symbol implements Comparable<Symbol> {
  private final String namespace;
  private final String name;

  private Symbol(String namespace, String name) {
    this.namespace = namespace;
    this.name = name;
  }

  /** A symbol from its written form: {@code "?e"}, {@code "clojure.string/blank?"}. */
  public static Symbol of(String text) {
    requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("a symbol needs a name");
    }
    int slash = text.indexOf('/');
    if (slash <= 0 || text.equals("/") || slash == text.length() - 1) {
      return new Symbol("", text);
    }
    return new Symbol(text.substring(0, slash), text.substring(slash + 1));
  }

  /** The namespace, or the empty string when the symbol has none. */
  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }

  /** Whether this is a query variable: a symbol whose name starts with {@code ?}. */
  public boolean isVariable() {
    return namespace.isEmpty() && name.startsWith("?");
  }

  @Override
  public int compareTo(Symbol o) {
    int c = namespace.compareTo(o.namespace);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof Symbol s && name.equals(s.name) && namespace.equals(s.namespace));
  }

  @Override
  public int hashCode() {
    return 31 * namespace.hashCode() + name.hashCode();
  }

  @Override
  public String toString() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }
}
