package dev.spoor.query;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import dev.spoor.core.Keyword;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The attributes and idents of a database value. Immutable; a transaction that changes the
 * schema produces a new one.
 */
public final class Schema {
  private final ImmutableMap<Long, Attribute> byId;
  private final ImmutableMap<Keyword, Attribute> byIdent;
  private final ImmutableMap<Keyword, Long> entids;
  private final ImmutableMap<Long, Keyword> idents;

  Schema(Map<Long, Attribute> byId, Map<Keyword, Long> entids) {
    this.byId = ImmutableMap.copyOf(byId);
    ImmutableMap.Builder<Keyword, Attribute> b = ImmutableMap.builder();
    for (Attribute a : byId.values()) {
      b.put(a.ident(), a);
    }
    this.byIdent = b.buildOrThrow();
    this.entids = ImmutableMap.copyOf(entids);
    ImmutableMap.Builder<Long, Keyword> i = ImmutableMap.builder();
    entids.forEach((k, id) -> i.put(id, k));
    this.idents = i.buildOrThrow();
  }

  public Optional<Attribute> attribute(Keyword ident) {
    return Optional.ofNullable(byIdent.get(requireNonNull(ident, "ident")));
  }

  public Optional<Attribute> attribute(long id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Every installed attribute, system attributes included. */
  public Collection<Attribute> attributes() {
    return byId.values();
  }

  /** The entity named by {@code ident} ({@code :db/ident}). */
  public OptionalLong entid(Keyword ident) {
    Long id = entids.get(requireNonNull(ident, "ident"));
    return id == null ? OptionalLong.empty() : OptionalLong.of(id);
  }

  /** The ident of entity {@code id}, if it has one. */
  public Optional<Keyword> ident(long id) {
    return Optional.ofNullable(idents.get(id));
  }

  Map<Long, Attribute> byId() {
    return byId;
  }

  Map<Keyword, Long> entids() {
    return entids;
  }
}
