package dev.spoor.query.internal;

import dev.spoor.datalog.Term;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A set (or bag, while being built) of tuples over named variables: the intermediate result of
 * query evaluation. Rows are {@code Object[]} in the order of {@link #vars()}.
 */
public final class Relation {
  private final List<Term.Variable> vars;
  private final Map<Term.Variable, Integer> positions;
  private final List<Object[]> rows;

  public Relation(List<Term.Variable> vars, List<Object[]> rows) {
    this.vars = List.copyOf(vars);
    this.positions = new HashMap<>();
    for (int i = 0; i < this.vars.size(); i++) {
      positions.put(this.vars.get(i), i);
    }
    this.rows = rows;
  }

  /** The relation with no variables and one empty tuple: the identity of joins. */
  public static Relation unit() {
    List<Object[]> rows = new ArrayList<>(1);
    rows.add(new Object[0]);
    return new Relation(List.of(), rows);
  }

  public static Relation empty(List<Term.Variable> vars) {
    return new Relation(vars, new ArrayList<>());
  }

  public List<Term.Variable> vars() {
    return vars;
  }

  public List<Object[]> rows() {
    return rows;
  }

  public int size() {
    return rows.size();
  }

  public boolean has(Term.Variable v) {
    return positions.containsKey(v);
  }

  /** The column of {@code v}, or -1. */
  public int position(Term.Variable v) {
    Integer p = positions.get(v);
    return p == null ? -1 : p;
  }

  /** This relation restricted to {@code keep} (which must all be present), without duplicates. */
  public Relation project(List<Term.Variable> keep) {
    int[] cols = new int[keep.size()];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = position(keep.get(i));
      if (cols[i] < 0) {
        throw new IllegalArgumentException("no variable " + keep.get(i) + " in " + vars);
      }
    }
    Set<Key> seen = new HashSet<>();
    List<Object[]> out = new ArrayList<>();
    for (Object[] row : rows) {
      Object[] p = new Object[cols.length];
      for (int i = 0; i < cols.length; i++) {
        p[i] = row[cols[i]];
      }
      if (seen.add(new Key(p))) {
        out.add(p);
      }
    }
    return new Relation(keep, out);
  }

  /**
   * The natural join of {@code a} and {@code b} on the variables they share, building the hash
   * table on the smaller side; their cross product when they share none.
   */
  public static Relation join(Relation a, Relation b) {
    return join(a, b, n -> {});
  }

  /**
   * Told of the rows a join produces as it goes, a batch at a time, so that a caller can stop a
   * join that grows past a budget or was cancelled (by throwing) before it exhausts memory.
   */
  @FunctionalInterface
  public interface Budget {
    void produced(long rows);
  }

  /** Rows a join produces between two calls of its {@link Budget}. */
  private static final int BUDGET_BATCH = 4096;

  /** {@link #join(Relation, Relation)}, telling {@code budget} of its output as it grows. */
  public static Relation join(Relation a, Relation b, Budget budget) {
    if (a.vars.isEmpty() && a.size() == 1) {
      return b;
    }
    if (b.vars.isEmpty() && b.size() == 1) {
      return a;
    }
    List<Term.Variable> shared = new ArrayList<>();
    for (Term.Variable v : a.vars) {
      if (b.has(v)) {
        shared.add(v);
      }
    }
    Relation build = shared.isEmpty() || a.size() <= b.size() ? a : b;
    Relation probe = build == a ? b : a;
    int[] buildCols = columns(build, shared);
    int[] probeCols = columns(probe, shared);
    Map<Key, List<Object[]>> table = new HashMap<>();
    for (Object[] row : build.rows) {
      table.computeIfAbsent(key(row, buildCols), k -> new ArrayList<>(1)).add(row);
    }
    List<Term.Variable> extra = new ArrayList<>();
    List<Integer> extraCols = new ArrayList<>();
    for (int i = 0; i < build.vars.size(); i++) {
      if (!probe.has(build.vars.get(i))) {
        extra.add(build.vars.get(i));
        extraCols.add(i);
      }
    }
    List<Term.Variable> vars = new ArrayList<>(probe.vars);
    vars.addAll(extra);
    List<Object[]> out = new ArrayList<>();
    for (Object[] row : probe.rows) {
      List<Object[]> matches = table.get(key(row, probeCols));
      if (matches == null) {
        continue;
      }
      for (Object[] m : matches) {
        Object[] r = java.util.Arrays.copyOf(row, row.length + extra.size());
        for (int i = 0; i < extra.size(); i++) {
          r[row.length + i] = m[extraCols.get(i)];
        }
        out.add(r);
        if (out.size() % BUDGET_BATCH == 0) {
          budget.produced(BUDGET_BATCH);
        }
      }
    }
    budget.produced(out.size() % BUDGET_BATCH);
    return new Relation(vars, out);
  }

  /** The column of each of {@code vars} in {@code r}. */
  public static int[] columns(Relation r, List<Term.Variable> vars) {
    int[] c = new int[vars.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = r.position(vars.get(i));
    }
    return c;
  }

  /** A row's values at {@code cols}, as a hashable key. */
  public static Key key(Object[] row, int[] cols) {
    Object[] k = new Object[cols.length];
    for (int i = 0; i < cols.length; i++) {
      k[i] = row[cols[i]];
    }
    return new Key(k);
  }

  /** Value-equality wrapper for a tuple. */
  public record Key(Object[] values) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && java.util.Arrays.equals(values, k.values);
    }

    /**
     * Mixes each element's hash (murmur3's finalizer) before combining: entity ids differ in low
     * bits only, and the plain {@code 31 * h + x} makes pairs of nearby ids collide in droves.
     */
    @Override
    public int hashCode() {
      int h = 0x9747b28c;
      for (Object v : values) {
        int k = v == null ? 0 : v.hashCode();
        k *= 0xcc9e2d51;
        k = Integer.rotateLeft(k, 15);
        k *= 0x1b873593;
        h ^= k;
        h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
      }
      h ^= values.length;
      h ^= h >>> 16;
      h *= 0x85ebca6b;
      h ^= h >>> 13;
      h *= 0xc2b2ae35;
      return h ^ (h >>> 16);
    }
  }

  @Override
  public String toString() {
    return "Relation" + vars + " (" + rows.size() + " rows)";
  }
}
