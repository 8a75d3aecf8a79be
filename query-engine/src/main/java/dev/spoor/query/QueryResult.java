package dev.spoor.query;

import dev.spoor.core.Edn;
import dev.spoor.datalog.Query;
import dev.spoor.query.internal.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A query's answer, in the shape its {@code :find} asks for, as in Datomic: a relation is a
 * set of tuples (a list when the query has {@code :with}, aggregates, pull or {@code :keys}, as
 * Datomic returns it), a collection a list of distinct
 * values, a tuple one tuple, a scalar one value; the last two may be absent. With
 * {@code :keys}/{@code :syms}/{@code :strs} each tuple is a map.
 *
 * <p>Rows come sorted (by value, column by column), so printed results are stable.
 */
public final class QueryResult {
  private final Query.Find find;
  private final List<String> columns;
  /** The rows as evaluation left them. */
  private final List<Object> unsorted;
  /** The rows sorted, made on first use: many answers are only counted or handed on. */
  private volatile List<Object> rows;
  private final boolean bag;
  private final List<String> plan;

  QueryResult(Query.Find find, List<String> columns, List<Object> rows, boolean bag, List<String> plan) {
    this.find = find;
    this.columns = List.copyOf(columns);
    this.unsorted = rows;
    this.bag = bag;
    this.plan = List.copyOf(plan);
  }

  private List<Object> sorted() {
    List<Object> r = rows;
    if (r == null) {
      synchronized (this) {
        r = rows;
        if (r == null) {
          List<Object> copy = new ArrayList<>(unsorted);
          copy.sort(QueryResult::compareRows);
          rows = r = Collections.unmodifiableList(copy);
        }
      }
    }
    return r;
  }

  @SuppressWarnings("unchecked")
  private static int compareRows(Object a, Object b) {
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      return compareRows(new ArrayList<>(ma.values()), new ArrayList<>(mb.values()));
    }
    if (a instanceof List<?> la && b instanceof List<?> lb) {
      for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
        int c = compareValues(la.get(i), lb.get(i));
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(la.size(), lb.size());
    }
    return compareValues(a, b);
  }

  private static int compareValues(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if (a instanceof Map || b instanceof Map || a instanceof Set || b instanceof Set || a instanceof Optional
        || b instanceof Optional) {
      return String.valueOf(a).compareTo(String.valueOf(b));
    }
    return Values.compare(a, b);
  }

  /** The find elements as written: {@code ?e}, {@code (count ?x)}, ... */
  public List<String> columns() {
    return columns;
  }

  /** The shape of the answer. */
  public Query.Find find() {
    return find;
  }

  /**
   * Every row: a {@code List} of values per tuple (a {@code Map} with keys), or the bare value
   * for collection and scalar finds.
   */
  public List<Object> rows() {
    return sorted();
  }

  public int size() {
    return unsorted.size();
  }

  /** A relation find's answer: the set of tuples (or maps). */
  public Set<Object> relation() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(sorted()));
  }

  /** A collection find's answer. */
  public List<Object> collection() {
    return sorted();
  }

  /** A tuple or scalar find's answer, if any row matched. */
  public Optional<Object> single() {
    return unsorted.isEmpty() ? Optional.empty() : Optional.of(sorted().get(0));
  }

  /**
   * The answer as Datomic returns it: a set of tuples, a list of tuples when {@code :with}
   * makes it a bag, a list for a collection, one tuple or one value (or
   * {@code Optional.empty()}) for tuple and scalar finds.
   */
  public Object value() {
    if (find instanceof Query.Find.Relation) {
      return bag ? sorted() : relation();
    }
    if (find instanceof Query.Find.Collection) {
      return sorted();
    }
    return single();
  }

  /** The answer as EDN, exactly as Datomic would print it ({@code nil} for no tuple or value). */
  public String toEdn() {
    Object v = value();
    if (v instanceof Optional<?> o) {
      return o.isEmpty() ? "nil" : print(o.get());
    }
    return print(v);
  }

  private static String print(Object v) {
    if (v instanceof Optional<?> o) {
      return o.isEmpty() ? "nil" : print(o.get());
    }
    if (v instanceof List<?> l) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < l.size(); i++) {
        sb.append(i == 0 ? "" : " ").append(print(l.get(i)));
      }
      return sb.append(']').toString();
    }
    if (v instanceof Set<?> s) {
      StringBuilder sb = new StringBuilder("#{");
      boolean first = true;
      List<Object> sorted = new ArrayList<>(s);
      sorted.sort(QueryResult::compareRows);
      for (Object x : sorted) {
        sb.append(first ? "" : " ").append(print(x));
        first = false;
      }
      return sb.append('}').toString();
    }
    if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("{");
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(first ? "" : ", ").append(print(e.getKey())).append(' ').append(print(e.getValue()));
        first = false;
      }
      return sb.append('}').toString();
    }
    return Edn.print(v);
  }

  /** The chosen plan, one line per clause with its row counts, when the query ran with explain. */
  public List<String> plan() {
    return plan;
  }

  @Override
  public String toString() {
    return toEdn();
  }
}
