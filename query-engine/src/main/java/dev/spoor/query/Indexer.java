package dev.spoor.query;

import static java.util.Objects.requireNonNull;

import dev.spoor.core.Keyword;
import dev.spoor.log.Datom;
import dev.spoor.log.LogEntry;
import dev.spoor.log.ValueType;
import dev.spoor.query.internal.DatomStore;
import dev.spoor.query.internal.IndexOrder;
import dev.spoor.query.internal.IntBTree;
import dev.spoor.query.internal.IntSort;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies log entries, in log order, to the indexes and publishes a new {@link Db} after each.
 * There is one indexer per open space; it is the only writer of the indexes. {@link #db()}
 * may be called from any thread at any time.
 */
public final class Indexer {
  private static final Set<Long> SCHEMA_ATTRIBUTES = Set.of(SystemSchema.IDENT_ID, SystemSchema.VALUE_TYPE_ID,
      SystemSchema.CARDINALITY_ID, SystemSchema.UNIQUE_ID, SystemSchema.IS_COMPONENT_ID, SystemSchema.INDEX_ID,
      SystemSchema.DOC_ID);

  private final DatomStore store = new DatomStore();
  private final IndexOrder order = new IndexOrder(store);
  private volatile Db current;

  public Indexer() {
    current = bootstrap();
  }

  /** The latest database value. */
  public Db db() {
    return current;
  }

  private Db bootstrap() {
    Map<Long, Attribute> attrs = new HashMap<>();
    Map<Keyword, Long> entids = new HashMap<>();
    for (SystemSchema.Installed a : SystemSchema.ATTRIBUTES) {
      store.declareType((int) a.id(), a.type());
      attrs.put(a.id(), new Attribute(a.id(), a.ident(), a.type(), a.cardinality(), a.unique(), false,
          a.unique() != Uniqueness.NONE, a.doc()));
      entids.put(a.ident(), a.id());
    }
    for (int i = 0; i < SystemSchema.ENUM_IDENTS.size(); i++) {
      entids.put(SystemSchema.ENUM_IDENTS.get(i), SystemSchema.enumId(i));
    }
    Schema schema = new Schema(attrs, entids);
    long tx = Db.txEntity(0);
    List<Datom> datoms = new java.util.ArrayList<>();
    for (SystemSchema.Installed a : SystemSchema.ATTRIBUTES) {
      datoms.add(new Datom(a.id(), SystemSchema.IDENT_ID, a.ident(), tx, true));
      datoms.add(new Datom(a.id(), SystemSchema.VALUE_TYPE_ID, entids.get(a.type().ident()), tx, true));
      datoms.add(new Datom(a.id(), SystemSchema.CARDINALITY_ID, entids.get(a.cardinality().ident()), tx, true));
      if (a.unique() != Uniqueness.NONE) {
        datoms.add(new Datom(a.id(), SystemSchema.UNIQUE_ID, entids.get(a.unique().ident()), tx, true));
      }
      datoms.add(new Datom(a.id(), SystemSchema.DOC_ID, a.doc(), tx, true));
    }
    for (int i = 0; i < SystemSchema.ENUM_IDENTS.size(); i++) {
      datoms.add(new Datom(SystemSchema.enumId(i), SystemSchema.IDENT_ID, SystemSchema.ENUM_IDENTS.get(i), tx, true));
    }
    datoms.add(new Datom(tx, SystemSchema.TX_INSTANT_ID, Instant.EPOCH, tx, true));
    IntBTree[] none = {IntBTree.EMPTY, IntBTree.EMPTY, IntBTree.EMPTY, IntBTree.EMPTY};
    Db empty = new Db(store, order, none, none, new int[0], schema, -1, -1, -1, false);
    return index(empty, 0, Instant.EPOCH, datoms, schema, new Object());
  }

  /**
   * Applies {@code entry}, whose {@code t} must follow the current basis, and returns the new
   * database value. The entry's datoms are trusted to be resolved and consistent (the writer
   * checked them against its basis); retractions end the matching standing assertion.
   */
  public synchronized Db apply(LogEntry entry) {
    requireNonNull(entry, "entry");
    Db before = current;
    if (entry.t() != before.basisT() + 1) {
      throw new IllegalStateException("entry t " + entry.t() + " does not follow basis t " + before.basisT());
    }
    if (entry.t() >= Integer.MAX_VALUE - 1) {
      throw new IllegalStateException("t " + entry.t() + " exceeds the supported range");
    }
    Schema schema = before.schema();
    Db after = index(before, (int) entry.t(), entry.instant(), entry.datoms(), schema, new Object());
    current = after;
    return after;
  }

  /**
   * Applies a run of entries, as on reopening a space: like {@link #apply} for each, but the
   * index nodes are updated in place across the whole run (nobody can hold the intermediate
   * values), and only the last value is published.
   */
  public synchronized Db applyAll(Iterable<LogEntry> entries) {
    Object edit = new Object();
    Db db = current;
    for (LogEntry entry : entries) {
      if (entry.t() != db.basisT() + 1) {
        throw new IllegalStateException("entry t " + entry.t() + " does not follow basis t " + db.basisT());
      }
      db = index(db, (int) entry.t(), entry.instant(), entry.datoms(), db.schema(), edit);
    }
    current = db;
    return db;
  }

  private Db index(Db before, int t, Instant instant, List<Datom> datoms, Schema schema, Object edit) {
    store.beginTx(t, instant.toEpochMilli());
    int[] added = new int[datoms.size()];
    int addedCount = 0;
    int[] retracted = new int[datoms.size()];
    int retractedCount = 0;
    Set<Long> schemaEntities = new LinkedHashSet<>();
    IntBTree liveEavt = before.live[Index.EAVT.ordinal()];
    for (Datom d : datoms) {
      if (SCHEMA_ATTRIBUTES.contains(d.a())) {
        schemaEntities.add(d.e());
      }
      if (d.added()) {
        added[addedCount++] = store.add(d.e(), (int) d.a(), d.v());
      } else {
        retracted[retractedCount++] = retract(liveEavt, d, t);
      }
    }
    store.endTx(t);
    IntBTree[] live = before.live.clone();
    IntBTree[] dead = before.dead.clone();
    for (Index index : Index.values()) {
      int i = index.ordinal();
      IntBTree.Comparator cmp = order.comparator(index);
      int[] adds = added;
      int addN = addedCount;
      int[] rets = retracted;
      int retN = retractedCount;
      if (index == Index.VAET) {
        adds = refsOnly(added, addedCount);
        addN = adds.length;
        rets = refsOnly(retracted, retractedCount);
        retN = rets.length;
      }
      live[i] = removeAll(insertAll(live[i], adds, addN, cmp, edit), rets, retN, cmp, edit);
      dead[i] = insertAll(dead[i], rets, retN, cmp, edit);
    }
    int[] counts = countAttributes(before.attributeCounts(), added, addedCount, retracted, retractedCount);
    Db provisional = new Db(store, order, live, dead, counts, schema, t, t, -1, false);
    if (!schemaEntities.isEmpty()) {
      schema = updateSchema(provisional, schema, schemaEntities);
      provisional = new Db(store, order, live, dead, counts, schema, t, t, -1, false);
    }
    return provisional;
  }

  /** The standing-row count per attribute after a transaction: a copy, so older values keep theirs. */
  private int[] countAttributes(int[] before, int[] added, int addedCount, int[] retracted, int retractedCount) {
    int max = before.length - 1;
    for (int i = 0; i < addedCount; i++) {
      max = Math.max(max, store.a(added[i]));
    }
    int[] counts = java.util.Arrays.copyOf(before, max + 1);
    for (int i = 0; i < addedCount; i++) {
      counts[store.a(added[i])]++;
    }
    for (int i = 0; i < retractedCount; i++) {
      counts[store.a(retracted[i])]--;
    }
    return counts;
  }

  private int[] refsOnly(int[] rows, int n) {
    int k = 0;
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      if (store.type(store.a(rows[i])) == ValueType.REF) {
        out[k++] = rows[i];
      }
    }
    return java.util.Arrays.copyOf(out, k);
  }

  /** Ends the standing row that {@code d} retracts and returns its id. */
  private int retract(IntBTree liveEavt, Datom d, int t) {
    ValueType type = store.type((int) d.a());
    IntBTree.Probe probe = order.probe(Index.EAVT, 3, d.e(), d.a(), d.v(), type);
    IntBTree.Cursor c = liveEavt.cursor(probe);
    while (c.hasNext()) {
      int row = c.next();
      if (probe.compareTo(row) != 0) {
        break;
      }
      if (store.retractedT(row) == 0) {
        store.retract(row, t);
        return row;
      }
    }
    throw new IllegalStateException("log entry t " + t + " retracts " + d + ", which does not stand");
  }

  private static IntBTree removeAll(IntBTree tree, int[] rows, int n, IntBTree.Comparator cmp, Object edit) {
    if (n == 0) {
      return tree;
    }
    if (n > 64 && n * 8L > tree.size()) {
      java.util.Set<Integer> gone = new java.util.HashSet<>();
      for (int i = 0; i < n; i++) {
        gone.add(rows[i]);
      }
      int[] all = tree.toArray();
      int[] kept = new int[all.length];
      int k = 0;
      for (int row : all) {
        if (!gone.contains(row)) {
          kept[k++] = row;
        }
      }
      return IntBTree.build(kept, k);
    }
    IntBTree out = tree;
    for (int i = 0; i < n; i++) {
      out = out.remove(rows[i], cmp, edit);
    }
    return out;
  }

  private static IntBTree insertAll(IntBTree tree, int[] rows, int n, IntBTree.Comparator cmp, Object edit) {
    if (n == 0) {
      return tree;
    }
    if (n > 64 && n * 8L > tree.size()) {
      int[] batch = java.util.Arrays.copyOf(rows, n);
      IntSort.sort(batch, n, cmp);
      int[] existing = tree.toArray();
      int[] merged = IntSort.merge(existing, existing.length, batch, n, cmp);
      return IntBTree.build(merged, merged.length);
    }
    IntBTree out = tree;
    for (int i = 0; i < n; i++) {
      out = out.insert(rows[i], cmp, edit);
    }
    return out;
  }

  private Schema updateSchema(Db db, Schema schema, Set<Long> entities) {
    Map<Long, Attribute> attrs = new HashMap<>(schema.byId());
    Map<Keyword, Long> entids = new HashMap<>(schema.entids());
    for (long e : entities) {
      entids.values().removeIf(id -> id == e);
      attrs.remove(e);
      Map<Long, Object> facts = new HashMap<>();
      for (Iterator<Datom> it = db.datoms(Index.EAVT, e).iterator(); it.hasNext(); ) {
        Datom d = it.next();
        facts.put(d.a(), d.v());
      }
      Object ident = facts.get(SystemSchema.IDENT_ID);
      if (ident instanceof Keyword k) {
        entids.put(k, e);
      }
      Object typeRef = facts.get(SystemSchema.VALUE_TYPE_ID);
      if (typeRef != null && ident instanceof Keyword k) {
        // Types, cardinalities and uniqueness are named by idents installed before this transaction.
        ValueType type = schema.ident((Long) typeRef).flatMap(ValueType::byIdent).orElseThrow();
        Cardinality card = schema.ident((Long) facts.getOrDefault(SystemSchema.CARDINALITY_ID, -1L))
            .filter(Cardinality.MANY.ident()::equals).isPresent() ? Cardinality.MANY : Cardinality.ONE;
        Uniqueness unique = schema.ident((Long) facts.getOrDefault(SystemSchema.UNIQUE_ID, -1L))
            .map(u -> u.equals(Uniqueness.IDENTITY.ident()) ? Uniqueness.IDENTITY
                : u.equals(Uniqueness.VALUE.ident()) ? Uniqueness.VALUE : Uniqueness.NONE)
            .orElse(Uniqueness.NONE);
        boolean component = Boolean.TRUE.equals(facts.get(SystemSchema.IS_COMPONENT_ID));
        boolean indexed = Boolean.TRUE.equals(facts.get(SystemSchema.INDEX_ID));
        String doc = (String) facts.getOrDefault(SystemSchema.DOC_ID, "");
        attrs.put(e, new Attribute(e, k, type, card, unique, component, indexed, doc));
        if (!store.hasType((int) e)) {
          store.declareType((int) e, type);
        }
      }
    }
    return new Schema(attrs, entids);
  }
}
