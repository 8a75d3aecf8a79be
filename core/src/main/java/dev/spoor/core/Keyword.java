package dev.spoor.core;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ConcurrentHashMap;

/**
 * An EDN keyword such as {@code :task/status} or {@code :db/id}. Keywords are interned, so
 * two equal keywords are the same object; compare them with {@code equals} all the same.
 * Ordering is by namespace (keywords without one first), then name, as in Clojure.
 */
public final class Keyword implements Comparable<Keyword> {
  private static final ConcurrentHashMap<String, Keyword> INTERNED = new ConcurrentHashMap<>();

  private final String namespace;
  private final String name;
  private final String text;

  private Keyword(String namespace, String name) {
    this.namespace = namespace;
    this.name = name;
    this.text = namespace.isEmpty() ? ":" + name : ":" + namespace + "/" + name;
  }

  /** A keyword from its written form without the colon: {@code "task/status"} or {@code "x"}. */
  public static Keyword of(String qualifiedName) {
    requireNonNull(qualifiedName, "qualifiedName");
    Keyword k = INTERNED.get(qualifiedName);
    if (k != null) {
      return k;
    }
    String body = qualifiedName.startsWith(":") ? qualifiedName.substring(1) : qualifiedName;
    int slash = body.indexOf('/');
    Keyword made;
    if (body.isEmpty() || (slash >= 0 && !body.equals("/") && (slash == 0 || slash == body.length() - 1))) {
      throw new IllegalArgumentException("not a keyword name: \"" + qualifiedName + "\"");
    } else if (slash < 0 || body.equals("/")) {
      made = new Keyword("", body);
    } else {
      made = new Keyword(body.substring(0, slash), body.substring(slash + 1));
    }
    Keyword prior = INTERNED.putIfAbsent(qualifiedName, made);
    return prior != null ? prior : made;
  }

  /** A keyword from its two parts; an empty namespace means none. */
  public static Keyword of(String namespace, String name) {
    requireNonNull(namespace, "namespace");
    requireNonNull(name, "name");
    return of(namespace.isEmpty() ? name : namespace + "/" + name);
  }

  /** The namespace, or the empty string when the keyword has none. */
  public String namespace() {
    return namespace;
  }

  public boolean hasNamespace() {
    return !namespace.isEmpty();
  }

  public String name() {
    return name;
  }

  @Override
  public int compareTo(Keyword o) {
    if (this == o) {
      return 0;
    }
    int c = namespace.compareTo(o.namespace);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof Keyword k && text.equals(k.text));
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** The EDN form, colon included: {@code :task/status}. */
  @Override
  public String toString() {
    return text;
  }
}
