package dev.spoor.query;

import static java.util.Objects.requireNonNull;

import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.log.Datom;
import dev.spoor.log.ValueType;
import dev.spoor.query.internal.DatomStore;
import dev.spoor.query.internal.IndexOrder;
import dev.spoor.query.internal.IntBTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An immutable database value: the space as of one basis {@code t}, or a view of it.
 *
 * <p>Views follow Datomic. {@link #asOf(long)} sees only transactions up to {@code t};
 * {@link #since(long)} sees only datoms asserted after {@code t}; {@link #history()} sees every
 * assertion and every retraction (as datoms with {@code added == false}). Views combine, and
 * all of them read the same indexes as the current value (DESIGN.md section 4): a row is
 * visible when its asserting {@code t} is in the view's range and it was not retracted by the
 * view's {@code t}. Taking a view costs nothing.
 */
public final class Db {
  final DatomStore store;
  final IndexOrder order;
  /** Per index (by ordinal): rows standing at the basis. */
  final IntBTree[] live;
  /** Per index: rows retracted at or before the basis. */
  final IntBTree[] dead;
  private final Schema schema;
  private final int basisT;
  private final int asOfT;
  private final int sinceT;
  private final boolean history;
  /** Per attribute id: rows standing at the basis, kept by the indexer (the planner's statistic). */
  private final int[] attributeCounts;

  Db(DatomStore store, IndexOrder order, IntBTree[] live, IntBTree[] dead, int[] attributeCounts, Schema schema,
      int basisT, int asOfT, int sinceT, boolean history) {
    this.store = store;
    this.attributeCounts = attributeCounts;
    this.order = order;
    this.live = live;
    this.dead = dead;
    this.schema = schema;
    this.basisT = basisT;
    this.asOfT = asOfT;
    this.sinceT = sinceT;
    this.history = history;
  }

  /** The {@code t} of the last transaction this value includes. */
  public long basisT() {
    return basisT;
  }

  /** The {@code t} this view is as of: {@link #basisT()} unless narrowed by {@link #asOf}. */
  public long asOfT() {
    return asOfT;
  }

  /** The exclusive lower bound of a {@link #since} view, if this is one. */
  public OptionalLong sinceT() {
    return sinceT < 0 ? OptionalLong.empty() : OptionalLong.of(sinceT);
  }

  public boolean isHistory() {
    return history;
  }

  /** The schema as of this value's basis (attributes installed later are not in it). */
  public Schema schema() {
    return schema;
  }

  /** This database as of transaction {@code t}: later transactions are invisible. */
  public Db asOf(long t) {
    int at = (int) Math.max(0, Math.min(t, asOfT));
    return new Db(store, order, live, dead, attributeCounts, schema, basisT, at, sinceT, history);
  }

  /** This database as of the last transaction at or before {@code instant}. */
  public Db asOf(Instant instant) {
    return asOf(tAt(instant));
  }

  /** Only datoms asserted after transaction {@code t} (exclusive). */
  public Db since(long t) {
    int since = (int) Math.max(sinceT, Math.min(Math.max(t, -1), Integer.MAX_VALUE));
    return new Db(store, order, live, dead, attributeCounts, schema, basisT, asOfT, since, history);
  }

  /** Only datoms asserted after the last transaction at or before {@code instant}. */
  public Db since(Instant instant) {
    return since(tAt(instant));
  }

  /** Every assertion and retraction, not just the facts that stand. */
  public Db history() {
    return new Db(store, order, live, dead, attributeCounts, schema, basisT, asOfT, sinceT, true);
  }

  /** The last {@code t} (of this value) whose instant is at or before {@code instant}; 0 if none. */
  public long tAt(Instant instant) {
    long millis = instant.toEpochMilli();
    int lo = 0;
    int hi = basisT;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (store.instantMillis(mid) <= millis) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** The wall-clock instant of transaction {@code t}. */
  public Instant instantOf(long t) {
    if (t < 0 || t > basisT) {
      throw new DbException("no-such-t", "no transaction " + t + " in this database (basis t " + basisT + ")");
    }
    return Instant.ofEpochMilli(store.instantMillis((int) t));
  }

  /** The entity id of the transaction at {@code t}. */
  public static long txEntity(long t) {
    return SystemSchema.TX_PARTITION + t;
  }

  /** The {@code t} of a transaction entity id. */
  public static long txT(long txEntity) {
    return txEntity - SystemSchema.TX_PARTITION;
  }

  // ---------------------------------------------------------------------------------------
  // Resolving names

  /**
   * The entity id named by {@code ref}: an id ({@code Long}), an ident ({@link Keyword}), or a
   * lookup ref ({@code List} of a unique attribute and a value). Empty when no entity has
   * that name in this value.
   */
  public OptionalLong entid(Object ref) {
    requireNonNull(ref, "ref");
    if (ref instanceof Long id) {
      return OptionalLong.of(id);
    }
    if (ref instanceof Integer id) {
      return OptionalLong.of(id);
    }
    if (ref instanceof Keyword k) {
      return schema.entid(k);
    }
    if (ref instanceof List<?> l && l.size() == 2) {
      Attribute attr = attribute(l.get(0));
      if (attr.unique() == Uniqueness.NONE) {
        throw new DbException("lookup-ref-attribute-not-unique", "lookup ref " + Edn.print(l) + " names "
            + attr.ident() + ", which is not :db/unique; a lookup ref needs a unique attribute");
      }
      Object value = coerceValue(attr, l.get(1));
      Iterator<Datom> it = datoms(Index.AVET, attr.id(), value).iterator();
      return it.hasNext() ? OptionalLong.of(it.next().e()) : OptionalLong.empty();
    }
    throw new DbException("not-an-entity-ref",
        Edn.print(ref) + " does not name an entity: use an id, an ident keyword or a lookup ref [attr value]");
  }

  /** The attribute named by an ident keyword or an id; an error when there is none. */
  public Attribute attribute(Object ref) {
    Optional<Attribute> attr = ref instanceof Keyword k ? schema.attribute(k)
        : ref instanceof Long id ? schema.attribute(id)
        : ref instanceof Integer id ? schema.attribute(id.longValue())
        : Optional.empty();
    return attr.orElseThrow(() -> new DbException("unknown-attribute",
        "unknown attribute " + Edn.print(ref) + ": no attribute with that ident or id is installed"
            + (basisT != asOfT ? " as of t " + asOfT : "")));
  }

  /** The ident of an entity, if it has one. */
  public Optional<Keyword> ident(long id) {
    return schema.ident(id);
  }

  /** {@code value} as the Java type of {@code attr}'s values; idents and lookup refs resolve for refs. */
  public Object coerceValue(Attribute attr, Object value) {
    requireNonNull(value, "value");
    if (attr.valueType() == ValueType.REF && !(value instanceof Long)) {
      if (value instanceof Integer i) {
        return i.longValue();
      }
      return entid(value).orElseThrow(() -> new DbException("unresolved-ref",
          Edn.print(value) + " names no entity (value for " + attr.ident() + ")"));
    }
    if (value instanceof Integer i && attr.valueType() == ValueType.LONG) {
      return i.longValue();
    }
    if (!attr.valueType().accepts(value)) {
      throw new DbException("wrong-value-type", "value " + Edn.print(value) + " for " + attr.ident()
          + " is " + ValueType.describe(value) + "; " + attr.ident() + " holds " + attr.valueType().ident()
          + " values");
    }
    return value;
  }

  // ---------------------------------------------------------------------------------------
  // Reading

  /**
   * The datoms of {@code index} whose leading components equal {@code components}, in index
   * order. Components are given in the index's own order (EAVT: entity, attribute, value, tx;
   * AVET: attribute, value, entity, tx; ...). Entities may be ids, idents or lookup refs;
   * attributes idents or ids; tx a transaction entity id or a {@code t}.
   */
  public Iterable<Datom> datoms(Index index, Object... components) {
    requireNonNull(index, "index");
    if (components.length > 4) {
      throw new DbException("too-many-components", index + " takes at most 4 components, got " + components.length);
    }
    for (Object c : components) {
      requireNonNull(c, "component");
    }
    Seek seek = resolve(index, components);
    if (seek == null) {
      return List.of();
    }
    return () -> new DatomIterator(seek, true, true, null);
  }

  /**
   * For the evaluator, which builds sets: {@link #datoms} in no particular order. On as-of,
   * since and history views that spares merging the standing rows with the retracted ones
   * (standing rows come first, then retracted ones), so a view costs about what the current
   * database costs.
   */
  Iterable<Datom> scan(Index index, Object... components) {
    Seek seek = resolve(index, components);
    return seek == null ? List.of() : () -> new DatomIterator(seek, true, false, null);
  }

  /**
   * For the evaluator: the datoms of {@code index} whose leading components are at or after
   * {@code from} and at or before {@code to} (each a prefix, resolved like {@link #datoms}'s
   * components), in no particular order; see {@link #scan}.
   */
  Iterable<Datom> scanRange(Index index, Object[] from, Object[] to) {
    Seek start = resolve(index, from);
    Seek end = resolve(index, to);
    if (start == null || end == null) {
      return List.of();
    }
    return () -> new DatomIterator(start, false, false, end.probe());
  }

  /**
   * The datoms of {@code index} from the first whose leading components are at or after
   * {@code components}, to the end of the index, in index order (Datomic's {@code seek-datoms}).
   * The caller stops reading where it likes.
   */
  public Iterable<Datom> seekDatoms(Index index, Object... components) {
    requireNonNull(index, "index");
    for (Object c : components) {
      requireNonNull(c, "component");
    }
    Seek seek = resolve(index, components);
    if (seek == null) {
      return List.of();
    }
    return () -> new DatomIterator(seek, false, true, null);
  }

  /** Every datom of {@code index} visible in this value, as a list (convenient for small databases). */
  public List<Datom> datomList(Index index, Object... components) {
    List<Datom> out = new ArrayList<>();
    datoms(index, components).forEach(out::add);
    return out;
  }

  /** The entity with id, ident or lookup ref {@code ref}, as of this value. */
  public Entity entity(Object ref) {
    long id = entid(ref).orElseThrow(() -> new DbException("unresolved-entity",
        Edn.print(ref) + " names no entity in this database"));
    return new Entity(this, id);
  }

  /**
   * How many datoms of attribute {@code attrId} stand at this value's basis: the planner's
   * statistic, kept up to date by every transaction, so reading it costs nothing. Views share
   * it as an estimate (an as-of or history view may see somewhat more or fewer).
   */
  public long attributeCount(long attrId) {
    return attrId >= 0 && attrId < attributeCounts.length ? attributeCounts[(int) attrId] : 0;
  }

  int[] attributeCounts() {
    return attributeCounts;
  }

  /** Number of index rows (assertions, live or retracted) in this value's indexes. */
  public int rowCount() {
    return live[0].size() + dead[0].size();
  }

  /** Approximate heap bytes held by the columns and the four indexes. */
  public long retainedBytes() {
    long bytes = store.retainedBytes();
    for (int i = 0; i < live.length; i++) {
      bytes += live[i].retainedBytes() + dead[i].retainedBytes();
    }
    return bytes;
  }

  private record Seek(Index index, IntBTree.Probe probe, int count, long txFilter) {}

  private Seek resolve(Index index, Object[] c) {
    long txFilter = -1;
    if (c.length == 4) {
      long tx = toLong(c[3], "tx");
      txFilter = tx >= SystemSchema.TX_PARTITION ? tx : txEntity(tx);
    }
    int n = Math.min(c.length, 3);
    switch (index) {
      case EAVT, AEVT -> {
        int eAt = index == Index.EAVT ? 0 : 1;
        int aAt = 1 - eAt;
        long e = 0;
        Attribute attr = null;
        if (n > eAt) {
          OptionalLong id = entid(c[eAt]);
          if (id.isEmpty()) {
            return null;
          }
          e = id.getAsLong();
        }
        if (n > aAt) {
          attr = attribute(c[aAt]);
        }
        Object v = n > 2 ? coerceValue(attr, c[2]) : null;
        ValueType type = attr == null ? null : attr.valueType();
        long a = attr == null ? 0 : attr.id();
        long first = index == Index.EAVT ? e : a;
        long second = index == Index.EAVT ? a : e;
        return new Seek(index, order.probe(index, n, first, second, v, type), n, txFilter);
      }
      case AVET -> {
        Attribute attr = n > 0 ? attribute(c[0]) : null;
        Object v = n > 1 ? coerceValue(attr, c[1]) : null;
        long e = 0;
        if (n > 2) {
          OptionalLong id = entid(c[2]);
          if (id.isEmpty()) {
            return null;
          }
          e = id.getAsLong();
        }
        return new Seek(Index.AVET, order.probe(index, n, attr == null ? 0 : attr.id(), e, v,
            attr == null ? null : attr.valueType()), n, txFilter);
      }
      case VAET -> {
        long v = 0;
        if (n > 0) {
          OptionalLong id = entid(c[0]);
          if (id.isEmpty()) {
            return null;
          }
          v = id.getAsLong();
        }
        Attribute attr = n > 1 ? attribute(c[1]) : null;
        if (attr != null && !attr.isRef()) {
          return null;
        }
        Long e = null;
        if (n > 2) {
          OptionalLong id = entid(c[2]);
          if (id.isEmpty()) {
            return null;
          }
          e = id.getAsLong();
        }
        return new Seek(Index.VAET, order.probe(index, n, v, attr == null ? 0 : attr.id(), e, ValueType.REF), n,
            txFilter);
      }
      default -> throw new AssertionError(index);
    }
  }

  private static long toLong(Object o, String what) {
    if (o instanceof Long l) {
      return l;
    }
    if (o instanceof Integer i) {
      return i;
    }
    throw new DbException("not-a-" + what, what + " component must be a number, got " + Edn.print(o));
  }

  /** Row visibility and datom materialization for this view. */
  private final class DatomIterator implements Iterator<Datom> {
    private final IntBTree.Cursor liveCursor;
    private final IntBTree.Cursor deadCursor;
    private final IntBTree.Comparator cmp;
    private final IntBTree.Probe probe;
    private final boolean bounded;
    /** Whether rows come in index order (merging the two trees) or standing first, then retracted. */
    private final boolean ordered;
    /** Rows after this prefix end the scan (or, unordered, its current tree); null for none. */
    private final IntBTree.Probe upTo;
    /** Unordered: the standing rows are done; reading the retracted ones. */
    private boolean onDead;
    private final long txFilter;
    private final int hiId;
    private final int loId;
    private Datom next;
    private Datom pendingRetraction;
    private boolean exhausted;

    /** The next row of the merged live and retracted trees, in index order; -1 at the end. */
    private int nextRow() {
      if (exhausted) {
        return -1;
      }
      if (!ordered) {
        if (!onDead) {
          if (liveCursor.hasNext()) {
            return liveCursor.next();
          }
          onDead = true;
        }
        return deadCursor != null && deadCursor.hasNext() ? deadCursor.next() : -1;
      }
      boolean l = liveCursor.hasNext();
      boolean d = deadCursor != null && deadCursor.hasNext();
      if (l && d) {
        return cmp.compare(liveCursor.peek(), deadCursor.peek()) <= 0 ? liveCursor.next() : deadCursor.next();
      }
      return l ? liveCursor.next() : d ? deadCursor.next() : -1;
    }

    DatomIterator(Seek seek, boolean prefix, boolean ordered, IntBTree.Probe upTo) {
      this.ordered = ordered;
      this.upTo = upTo;
      int i = seek.index.ordinal();
      IntBTree.Probe from = seek.count == 0 ? null : seek.probe;
      this.liveCursor = live[i].cursor(from);
      this.deadCursor = history || asOfT < basisT ? dead[i].cursor(from) : null;
      this.cmp = order.comparator(seek.index);
      this.probe = seek.probe;
      this.bounded = prefix && seek.count > 0;
      this.txFilter = seek.txFilter;
      this.hiId = store.firstId(asOfT + 1);
      this.loId = sinceT < 0 ? 0 : store.firstId(sinceT + 1);
    }

    @Override
    public boolean hasNext() {
      while (next == null) {
        if (pendingRetraction != null) {
          next = pendingRetraction;
          pendingRetraction = null;
          break;
        }
        int row = nextRow();
        if (row < 0) {
          exhausted = true;
          return false;
        }
        if ((bounded && probe.compareTo(row) != 0) || (upTo != null && upTo.compareTo(row) < 0)) {
          if (!ordered && !onDead && deadCursor != null) {
            onDead = true; // past the end of the standing rows; the retracted ones may have more
            continue;
          }
          exhausted = true;
          return false;
        }
        consider(row);
      }
      return true;
    }

    private void consider(int row) {
      if (row >= hiId) {
        return;
      }
      int r = store.retractedT(row);
      boolean retractedInView = r != 0 && r <= asOfT;
      if (!history) {
        if (row >= loId && !retractedInView) {
          emit(row, assertedTx(row), true);
        }
        return;
      }
      if (row >= loId) {
        emit(row, assertedTx(row), true);
      }
      if (retractedInView && r > sinceT) {
        Datom retraction = make(row, txEntity(r), false);
        if (txFilter < 0 || retraction.tx() == txFilter) {
          if (next == null) {
            next = retraction;
          } else {
            pendingRetraction = retraction;
          }
        }
      }
    }

    private long assertedTx(int row) {
      return txEntity(store.assertedT(row, asOfT));
    }

    private void emit(int row, long tx, boolean added) {
      if (txFilter < 0 || tx == txFilter) {
        next = make(row, tx, added);
      }
    }

    private Datom make(int row, long tx, boolean added) {
      return new Datom(store.e(row), store.a(row), store.value(row), tx, added);
    }

    @Override
    public Datom next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Datom d = next;
      next = null;
      return d;
    }
  }

  @Override
  public String toString() {
    return "Db[basis t " + basisT + (asOfT != basisT ? ", as of t " + asOfT : "")
        + (sinceT >= 0 ? ", since t " + sinceT : "") + (history ? ", history" : "") + "]";
  }
}
