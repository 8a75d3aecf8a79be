package dev.spoor.space;

import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.log.Datom;
import dev.spoor.log.ValueType;
import dev.spoor.query.Attribute;
import dev.spoor.datalog.Form;
import dev.spoor.datalog.Query;
import dev.spoor.datalog.QueryParser;
import dev.spoor.query.Datalog;
import dev.spoor.query.Db;
import dev.spoor.query.QueryResult;
import dev.spoor.query.DbException;
import dev.spoor.query.Index;
import dev.spoor.query.SystemSchema;
import dev.spoor.query.Uniqueness;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns transaction data, as Datomic users write it, into the resolved datoms of one log
 * entry, checked against the basis database. One resolver per transaction attempt; it
 * changes nothing outside itself, so a rejected transaction leaves no trace.
 *
 * <p>The stages, in order: expand each item (entity maps, nested maps, list forms) into
 * operations; resolve every entity reference (ids, idents, lookup refs, tempids with
 * upserts); coerce and type-check values; turn operations into datoms against the basis
 * (cardinality-one replacement, retractEntity, cas, redundant datoms dropped); check
 * uniqueness and schema rules; add the transaction's own metadata.
 */
final class TxResolver {
  static final String TX_TEMPID = "datomic.tx";

  private static final Keyword DB_ID = Keyword.of("db/id");
  private static final Keyword ADD = Keyword.of("db/add");
  private static final Keyword RETRACT = Keyword.of("db/retract");
  private static final Keyword RETRACT_ENTITY = Keyword.of("db/retractEntity");
  private static final Keyword FN_RETRACT_ENTITY = Keyword.of("db.fn/retractEntity");
  private static final Keyword CAS = Keyword.of("db/cas");
  static final Keyword ENSURE = Keyword.of("spoor/ensure");
  static final Keyword ENSURE_NONE = Keyword.of("spoor/ensure-none");
  private static final Keyword FN_CAS = Keyword.of("db.fn/cas");

  /** Entity id counters: the next free id in partition 0 (attributes) and 4 (everything else). */
  record Ids(long nextAttribute, long nextUser) {}

  /**
   * The outcome: the datoms to log, for each datom the position of the transaction data item
   * that produced it (-1 for the transaction's own metadata), and what each tempid became.
   */
  record Resolved(List<Datom> datoms, List<Integer> items, Map<String, Long> tempids, Ids ids, Instant instant) {}

  private enum Kind { ADD, RETRACT, RETRACT_ALL, RETRACT_ENTITY, CAS }

  /** A tempid the user did not name: a map without {@code :db/id}. */
  private record AutoTemp(int n) {}

  private static final class Op {
    final Kind kind;
    final int item;
    Object e;
    final Attribute attr;
    Object v;
    Object old;

    Op(Kind kind, int item, Object e, Attribute attr, Object v, Object old) {
      this.kind = kind;
      this.item = item;
      this.e = e;
      this.attr = attr;
      this.v = v;
      this.old = old;
    }
  }

  private record Key(long e, long a, Object v) {}

  private final Db db;
  private final Datalog datalog;
  private final long tx;
  private final String agent;
  private final List<Op> ops = new ArrayList<>();
  private final Map<Object, Long> tempids = new LinkedHashMap<>();
  private long nextAttribute;
  private long nextUser;
  private int autoTemps;

  TxResolver(Db db, Datalog datalog, Ids ids, String agent) {
    this.db = db;
    this.datalog = datalog;
    this.tx = Db.txEntity(db.basisT() + 1);
    this.agent = agent;
    this.nextAttribute = ids.nextAttribute();
    this.nextUser = ids.nextUser();
  }

  Resolved resolve(List<?> txData, Instant now) {
    for (int i = 0; i < txData.size(); i++) {
      expandItem(txData.get(i), i);
    }
    resolveTempids();
    for (Op op : ops) {
      op.e = resolveEntity(op.e, op.item, false);
      if (op.v != null) {
        op.v = coerce(op.attr, op.v, op.item);
      }
      if (op.old != null && !(op.old instanceof Optional<?>)) {
        op.old = coerce(op.attr, op.old, op.item);
      }
    }
    List<Datom> datoms = new ArrayList<>();
    List<Integer> items = new ArrayList<>();
    Instant instant = buildDatoms(datoms, items, now);
    Map<String, Long> named = new LinkedHashMap<>();
    tempids.forEach((k, id) -> {
      if (k instanceof String s) {
        named.put(s, id);
      }
    });
    return new Resolved(datoms, items, named, new Ids(nextAttribute, nextUser), instant);
  }

  // ---------------------------------------------------------------------------------------
  // Stage 1: expand items into operations

  private void expandItem(Object item, int i) {
    if (item instanceof Map<?, ?> m) {
      expandMap(m, i);
    } else if (item instanceof List<?> l) {
      expandList(l, i);
    } else {
      throw new TransactionException.Invalid(i, "expected an entity map or a list form like [:db/add e a v], got "
          + describe(item));
    }
  }

  /** Expands an entity map and returns the reference its entity goes by. */
  private Object expandMap(Map<?, ?> m, int i) {
    Object e = m.containsKey(DB_ID) ? m.get(DB_ID) : new AutoTemp(autoTemps++);
    if (m.size() == (m.containsKey(DB_ID) ? 1 : 0)) {
      throw new TransactionException.Invalid(i, "entity map " + Edn.print(m) + " asserts nothing");
    }
    for (Map.Entry<?, ?> entry : m.entrySet()) {
      Object key = entry.getKey();
      if (DB_ID.equals(key)) {
        continue;
      }
      Object value = entry.getValue();
      if (key instanceof Keyword k && k.name().startsWith("_") && k.hasNamespace()) {
        Attribute attr = attribute(Keyword.of(k.namespace(), k.name().substring(1)), i);
        if (!attr.isRef()) {
          throw new TransactionException.Invalid(i, "reverse attribute " + k + " needs " + attr.ident()
              + " to be a reference attribute");
        }
        for (Object source : value instanceof Collection<?> c && !isLookupRef(value) ? c : List.of(value)) {
          Object sourceRef = source instanceof Map<?, ?> nested ? expandNested(attr, nested, i) : source;
          ops.add(new Op(Kind.ADD, i, sourceRef, attr, e, null));
        }
        continue;
      }
      Attribute attr = attribute(key, i);
      Collection<?> values = attr.isMany() && value instanceof Collection<?> c && !(attr.isRef() && isLookupRef(value))
          ? c : List.of(value);
      for (Object v : values) {
        Object target = attr.isRef() && v instanceof Map<?, ?> nested ? expandNested(attr, nested, i) : v;
        ops.add(new Op(Kind.ADD, i, e, attr, target, null));
      }
    }
    return e;
  }

  private Object expandNested(Attribute attr, Map<?, ?> nested, int i) {
    if (!attr.isComponent() && !nested.containsKey(DB_ID) && !hasUniqueAttribute(nested)) {
      throw new TransactionException.Invalid(i, "nested entity map " + Edn.print(nested) + " under " + attr.ident()
          + " must have a :db/id or a unique attribute, or " + attr.ident() + " must be :db/isComponent");
    }
    return expandMap(nested, i);
  }

  private boolean hasUniqueAttribute(Map<?, ?> m) {
    for (Object key : m.keySet()) {
      if (key instanceof Keyword k) {
        Optional<Attribute> a = db.schema().attribute(k);
        if (a.isPresent() && a.get().unique() != Uniqueness.NONE) {
          return true;
        }
      }
    }
    return false;
  }

  private void expandList(List<?> l, int i) {
    if (l.isEmpty() || !(l.get(0) instanceof Keyword op)) {
      throw new TransactionException.Invalid(i, "a list form starts with an operation such as :db/add, got "
          + Edn.print(l));
    }
    if (op.equals(ADD) || op.equals(RETRACT)) {
      if (op.equals(RETRACT) && l.size() == 3) {
        ops.add(new Op(Kind.RETRACT_ALL, i, l.get(1), attribute(l.get(2), i), null, null));
        return;
      }
      arity(l, 4, i, op + " takes an entity, an attribute and a value: [" + op + " e a v]");
      Attribute attr = attribute(l.get(2), i);
      Object v = attr.isRef() && l.get(3) instanceof Map<?, ?> nested ? expandNested(attr, nested, i) : l.get(3);
      ops.add(new Op(op.equals(ADD) ? Kind.ADD : Kind.RETRACT, i, l.get(1), attr, v, null));
    } else if (op.equals(RETRACT_ENTITY) || op.equals(FN_RETRACT_ENTITY)) {
      arity(l, 2, i, op + " takes one entity: [" + op + " e]");
      ops.add(new Op(Kind.RETRACT_ENTITY, i, l.get(1), null, null, null));
    } else if (op.equals(CAS) || op.equals(FN_CAS)) {
      arity(l, 5, i, op + " takes an entity, an attribute, the expected value (or nil) and the new value: ["
          + op + " e a old new]");
      Attribute attr = attribute(l.get(2), i);
      if (attr.isMany()) {
        throw new TransactionException.Invalid(i, op + " needs a cardinality-one attribute; " + attr.ident()
            + " is cardinality many");
      }
      ops.add(new Op(Kind.CAS, i, l.get(1), attr, l.get(4), l.get(3)));
    } else if (op.equals(ENSURE) || op.equals(ENSURE_NONE)) {
      ensure(l, op.equals(ENSURE), i);
    } else {
      throw new TransactionException.Invalid(i, "unknown operation " + op
          + "; Spoor knows :db/add, :db/retract, :db/retractEntity, :db/cas, :spoor/ensure and :spoor/ensure-none");
    }
  }

  /** {@code form} as EDN text. */
  private static String print(Form form) {
    if (form instanceof Form.Nil) {
      return "nil";
    } else if (form instanceof Form.Scalar sc) {
      return Edn.print(sc.value());
    } else if (form instanceof Form.VectorForm v) {
      return printAll("[", v.items(), "]");
    } else if (form instanceof Form.ListForm l) {
      return printAll("(", l.items(), ")");
    } else if (form instanceof Form.SetForm st) {
      return printAll("#{", st.items(), "}");
    }
    Form.MapForm m = (Form.MapForm) form;
    List<Form> flat = new ArrayList<>();
    for (Form.MapForm.Entry e : m.entries()) {
      flat.add(e.key());
      flat.add(e.value());
    }
    return printAll("{", flat, "}");
  }

  private static String printAll(String open, List<Form> items, String close) {
    StringBuilder b = new StringBuilder(open);
    for (int k = 0; k < items.size(); k++) {
      b.append(k == 0 ? "" : " ").append(print(items.get(k)));
    }
    return b.append(close).toString();
  }

  /** Whether {@code items} (of an EDN vector) are an ensure form, whose query stays a form. */
  static boolean isEnsure(List<Form> items) {
    return items.size() >= 2 && items.get(0) instanceof Form.Scalar s
        && (ENSURE.equals(s.value()) || ENSURE_NONE.equals(s.value()));
  }

  /**
   * {@code [:spoor/ensure QUERY ARG...]} (some result) or {@code [:spoor/ensure-none QUERY ARG...]}
   * (no result): runs QUERY on the database this transaction follows, {@code $} being that
   * database and the ARGs its other inputs, and rejects the transaction unless the answer is as
   * required. The space resolves a transaction at the log's tip under its append lock, so the
   * check holds at the very position the transaction takes in every process's view.
   */
  private void ensure(List<?> l, boolean some, int i) {
    Keyword op = some ? ENSURE : ENSURE_NONE;
    if (l.size() < 2) {
      throw new TransactionException.Invalid(i, op + " takes a query and its inputs besides $: [" + op
          + " [:find ... :where ...] arg ...]");
    }
    Object q = l.get(1);
    Query query;
    String text;
    if (q instanceof Form form) {
      query = QueryParser.parseQuery(form, datalog.functions().names());
      text = print(form);
    } else if (q instanceof String s) {
      query = datalog.parse(s);
      text = s;
    } else if (q instanceof List<?> || q instanceof Map<?, ?>) {
      text = Edn.print(q);
      query = datalog.parse(text);
    } else {
      throw new TransactionException.Invalid(i, op + " needs a query (EDN or its text), got " + describe(q));
    }
    Object[] inputs = new Object[l.size() - 1];
    inputs[0] = db;
    for (int k = 2; k < l.size(); k++) {
      inputs[k - 1] = l.get(k) instanceof Optional<?> o && o.isEmpty() ? null : l.get(k);
    }
    QueryResult result = datalog.q(query, inputs);
    boolean any = !result.rows().isEmpty() && !(result.rows().size() == 1 && result.rows().get(0) == null);
    if (any != some) {
      String found = some ? "it has no result" : "it has " + result.size() + " result" + (result.size() == 1 ? "" : "s")
          + ", the first " + Edn.print(result.rows().get(0));
      throw new TransactionException.EnsureFailed(i, text, db.basisT(), op + " failed at t " + db.basisT() + ": "
          + found + "; the query: " + text);
    }
  }

  private static void arity(List<?> l, int n, int i, String usage) {
    if (l.size() != n) {
      throw new TransactionException.Invalid(i, Edn.print(l) + " has " + l.size() + " elements; " + usage);
    }
  }

  private Attribute attribute(Object ref, int i) {
    try {
      return db.attribute(ref);
    } catch (DbException e) {
      throw new TransactionException.UnknownAttribute(i, ref, "unknown attribute " + Edn.print(ref)
          + ": install it first with {:db/ident " + (ref instanceof Keyword ? ref : ":ns/name")
          + " :db/valueType ... :db/cardinality ...} in an earlier transaction");
    }
  }

  private boolean isLookupRef(Object v) {
    return v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Keyword k
        && db.schema().attribute(k).isPresent() && !(l.get(1) instanceof Map);
  }

  // ---------------------------------------------------------------------------------------
  // Stage 2: tempids and upserts

  private static boolean isTempid(Object ref) {
    return (ref instanceof String s && !s.equals(TX_TEMPID)) || ref instanceof AutoTemp;
  }

  private void resolveTempids() {
    Map<Object, Object> parent = new HashMap<>();
    Map<Object, Long> upserted = new HashMap<>();
    Map<Key, Object> identityClaims = new HashMap<>();
    Set<Object> asserting = new LinkedHashSet<>();
    for (Op op : ops) {
      if (isTempid(op.e)) {
        asserting.add(op.e);
        parent.putIfAbsent(op.e, op.e);
      }
    }
    for (Op op : ops) {
      if (op.kind != Kind.ADD || !isTempid(op.e) || op.attr.unique() != Uniqueness.IDENTITY
          || (op.attr.isRef() && isTempid(op.v))) {
        continue;
      }
      Object v = coerce(op.attr, op.v, op.item);
      Iterator<Datom> holder = db.datoms(Index.AVET, op.attr.id(), v).iterator();
      Object root = find(parent, op.e);
      if (holder.hasNext()) {
        long existing = holder.next().e();
        Long prior = upserted.get(root);
        if (prior != null && prior != existing) {
          throw new TransactionException.UniqueConflict(op.item, op.attr.ident(), v, prior, existing,
              "tempid " + Edn.print(op.e) + " upserts to two entities: " + prior + " and " + existing + " (by "
                  + op.attr.ident() + " " + Edn.print(v) + ")");
        }
        upserted.put(root, existing);
      } else {
        Key claim = new Key(0, op.attr.id(), v);
        Object other = identityClaims.putIfAbsent(claim, root);
        if (other != null && find(parent, other) != root) {
          parent.put(find(parent, other), root);
        }
      }
    }
    Set<Object> attributeRoots = new HashSet<>();
    for (Op op : ops) {
      if (op.attr != null && op.attr.id() == SystemSchema.VALUE_TYPE_ID && isTempid(op.e)) {
        attributeRoots.add(find(parent, op.e));
      }
    }
    for (Object temp : asserting) {
      Object root = find(parent, temp);
      Long id = upserted.get(root);
      if (id == null) {
        id = tempids.get(root);
      }
      if (id == null) {
        id = attributeRoots.contains(root) ? nextAttribute++ : nextUser++;
      }
      tempids.put(root, id);
      tempids.put(temp, id);
    }
  }

  private static Object find(Map<Object, Object> parent, Object x) {
    Object p = parent.get(x);
    while (!p.equals(x)) {
      Object gp = parent.get(p);
      parent.put(x, gp);
      x = p;
      p = gp;
    }
    return x;
  }

  private long resolveEntity(Object ref, int item, boolean asValue) {
    if (ref instanceof String s) {
      if (s.equals(TX_TEMPID)) {
        return tx;
      }
      Long id = tempids.get(s);
      if (id == null) {
        throw new TransactionException.Unresolved(item, s, "tempid \"" + s
            + "\" is only used as a value; no assertion in this transaction creates its entity");
      }
      return id;
    }
    if (ref instanceof AutoTemp) {
      return tempids.get(ref);
    }
    if (ref instanceof Integer n) {
      return resolveEntity(n.longValue(), item, asValue);
    }
    if (ref instanceof Long id) {
      if (!exists(id)) {
        throw new TransactionException.Unresolved(item, id, "entity " + id
            + " does not exist in this space; to create an entity, use a tempid string such as \"new-task\"");
      }
      return id;
    }
    if (ref instanceof Keyword k) {
      return db.schema().entid(k).orElseThrow(() -> new TransactionException.Unresolved(item, k,
          "no entity has the ident " + k));
    }
    if (ref instanceof List<?> l && l.size() == 2) {
      Attribute attr = attribute(l.get(0), item);
      if (attr.unique() == Uniqueness.NONE) {
        throw new TransactionException.Invalid(item, "lookup ref " + Edn.print(l) + " needs a unique attribute; "
            + attr.ident() + " is not :db/unique");
      }
      Object v = coerce(attr, l.get(1), item);
      Iterator<Datom> it = db.datoms(Index.AVET, attr.id(), v).iterator();
      if (!it.hasNext()) {
        throw new TransactionException.Unresolved(item, l, "lookup ref " + Edn.print(l)
            + " names no entity: no entity has " + attr.ident() + " " + Edn.print(v));
      }
      return it.next().e();
    }
    throw new TransactionException.Invalid(item, describe(ref) + " does not name an entity"
        + "; use an entity id, a tempid string, an ident keyword or a lookup ref [:attr value]");
  }

  private boolean exists(long id) {
    if (id >= SystemSchema.USER_PARTITION) {
      return id < nextUser && id >= SystemSchema.USER_PARTITION + 1;
    }
    if (id >= SystemSchema.TX_PARTITION) {
      return id <= Db.txEntity(db.basisT());
    }
    return id >= 0 && (id < SystemSchema.FIRST_USER_ATTRIBUTE_ID ? db.ident(id).isPresent() : id < nextAttribute);
  }

  // ---------------------------------------------------------------------------------------
  // Stage 3: values

  private Object coerce(Attribute attr, Object value, int item) {
    if (value instanceof Optional<?>) {
      throw new TransactionException.Invalid(item, "nil is not a value of " + attr.ident()
          + "; to remove a value, retract it with [:db/retract e " + attr.ident() + " value]");
    }
    if (attr.isRef()) {
      if (isTempid(value) || value instanceof String || value instanceof Long || value instanceof Integer
          || value instanceof Keyword || value instanceof List) {
        return resolveEntity(value, item, true);
      }
      throw wrongType(attr, value, item);
    }
    Object v = value;
    if (v instanceof Integer n) {
      v = n.longValue();
    } else if (v instanceof Float f) {
      v = f.doubleValue();
    } else if (v instanceof Date d) {
      v = d.toInstant();
    } else if (v instanceof Set<?> s && attr.valueType() == ValueType.TUPLE) {
      throw wrongType(attr, value, item);
    }
    if (!attr.valueType().accepts(v)) {
      throw wrongType(attr, value, item);
    }
    if (attr.valueType() == ValueType.TUPLE) {
      List<?> items = (List<?>) v;
      for (Object element : items) {
        if (element == null || element instanceof List || ValueType.ofJavaValue(element).isEmpty()) {
          throw new TransactionException.WrongValueType(item, attr.ident(), attr.valueType().ident(), value,
              "tuple " + Edn.print(value) + " for " + attr.ident() + " holds " + describe(element)
                  + "; tuple elements are scalar values");
        }
      }
      v = List.copyOf(items);
      checkTupleDeclaration(attr, (List<?>) v, value, item);
    }
    return v;
  }

  /**
   * A tuple value against its attribute's declaration, as Datomic checks it: every element of
   * the {@code :db/tupleType}, or element i of the i-th of {@code :db/tupleTypes} with as many
   * elements as types. A composite ({@code :db/tupleAttrs}) is never asserted directly.
   */
  private void checkTupleDeclaration(Attribute attr, List<?> tuple, Object value, int item) {
    Iterator<Datom> composite = db.datoms(Index.EAVT, attr.id(), SystemSchema.TUPLE_ATTRS_ID).iterator();
    if (composite.hasNext()) {
      throw new TransactionException.Invalid(item, attr.ident() + " is a composite tuple of "
          + Edn.print(composite.next().v()) + "; it cannot be asserted directly");
    }
    Iterator<Datom> homogeneous = db.datoms(Index.EAVT, attr.id(), SystemSchema.TUPLE_TYPE_ID).iterator();
    Iterator<Datom> heterogeneous = db.datoms(Index.EAVT, attr.id(), SystemSchema.TUPLE_TYPES_ID).iterator();
    List<?> types = homogeneous.hasNext() ? java.util.Collections.nCopies(tuple.size(), homogeneous.next().v())
        : heterogeneous.hasNext() ? (List<?>) heterogeneous.next().v() : null;
    if (types == null) {
      return; // a tuple attribute installed before Spoor knew tuple types: any scalars
    }
    if (types.size() != tuple.size()) {
      throw new TransactionException.WrongValueType(item, attr.ident(), attr.valueType().ident(), value,
          "tuple " + Edn.print(value) + " for " + attr.ident() + " has " + tuple.size() + " elements; "
              + attr.ident() + " holds tuples of " + Edn.print(types));
    }
    for (int k = 0; k < tuple.size(); k++) {
      Object element = tuple.get(k);
      Optional<ValueType> type = ValueType.byIdent((Keyword) types.get(k));
      if (type.isPresent() && !type.get().accepts(element)) {
        throw new TransactionException.WrongValueType(item, attr.ident(), attr.valueType().ident(), value,
            "tuple " + Edn.print(value) + " for " + attr.ident() + " has " + describe(element) + " at position "
                + k + "; " + attr.ident() + " holds tuples of " + Edn.print(types));
      }
    }
  }

  private TransactionException wrongType(Attribute attr, Object value, int item) {
    return new TransactionException.WrongValueType(item, attr.ident(), attr.valueType().ident(), value,
        "value " + Edn.print(value) + " for " + attr.ident() + " is " + describe(value) + "; " + attr.ident()
            + " holds " + attr.valueType().ident() + " values");
  }

  private static String describe(Object value) {
    if (value == null) {
      return "nil";
    }
    if (value instanceof Map) {
      return "a map";
    }
    if (value instanceof List) {
      return "a list " + Edn.print(value);
    }
    if (value instanceof BigInteger || value instanceof BigDecimal || ValueType.ofJavaValue(value).isPresent()) {
      return ValueType.describe(value);
    }
    return "a " + value.getClass().getSimpleName();
  }

  // ---------------------------------------------------------------------------------------
  // Stage 4: datoms

  private Instant buildDatoms(List<Datom> out, List<Integer> items, Instant now) {
    Map<Key, Integer> adds = new LinkedHashMap<>();
    Map<Key, Integer> retracts = new LinkedHashMap<>();
    Map<Key, Object> oneValues = new HashMap<>();
    Instant explicitInstant = null;
    for (Op op : ops) {
      long e = (Long) op.e;
      switch (op.kind) {
        case ADD -> {
          if (e == tx && op.attr.id() == SystemSchema.TX_INSTANT_ID) {
            explicitInstant = (Instant) op.v;
            continue;
          }
          add(e, op.attr, op.v, op.item, adds, retracts, oneValues);
        }
        case CAS -> {
          Optional<Object> actual = liveValue(e, op.attr);
          Optional<Object> expected = op.old instanceof Optional<?> o ? o.map(x -> (Object) x) : Optional.of(op.old);
          if (!actual.equals(expected)) {
            throw new TransactionException.CasMismatch(op.item, e, op.attr.ident(), expected, actual,
                "cas failed for " + op.attr.ident() + " of entity " + e + ": expected "
                    + expected.map(Edn::print).orElse("no value") + ", found "
                    + actual.map(Edn::print).orElse("no value"));
          }
          add(e, op.attr, op.v, op.item, adds, retracts, oneValues);
        }
        case RETRACT -> {
          if (isLive(e, op.attr, op.v)) {
            retracts.putIfAbsent(new Key(e, op.attr.id(), op.v), op.item);
          }
        }
        case RETRACT_ALL -> {
          for (Datom d : db.datoms(Index.EAVT, e, op.attr.id())) {
            retracts.putIfAbsent(new Key(e, d.a(), d.v()), op.item);
          }
        }
        case RETRACT_ENTITY -> retractEntity(e, op.item, retracts, new LinkedHashSet<>());
        default -> throw new AssertionError(op.kind);
      }
    }
    for (Map.Entry<Key, Integer> r : retracts.entrySet()) {
      if (adds.containsKey(r.getKey())) {
        Key k = r.getKey();
        throw new TransactionException.Invalid(adds.get(k), "the transaction both asserts and retracts ["
            + k.e() + " " + db.attribute(k.a()).ident() + " " + Edn.print(k.v()) + "]");
      }
    }
    checkUnique(adds, retracts);
    checkSchema(adds);
    Instant previous = db.instantOf(db.basisT());
    Instant instant;
    if (explicitInstant != null) {
      if (explicitInstant.isBefore(previous)) {
        throw new TransactionException.InstantBackwards(-1, explicitInstant, previous, ":db/txInstant "
            + Edn.print(explicitInstant) + " is before the previous transaction's " + Edn.print(previous)
            + "; transaction instants may not go backwards");
      }
      instant = explicitInstant;
    } else {
      instant = now.isBefore(previous) ? previous : now;
    }
    instant = Instant.ofEpochMilli(instant.toEpochMilli());
    out.add(new Datom(tx, SystemSchema.TX_INSTANT_ID, instant, tx, true));
    items.add(-1);
    if (!agent.isEmpty()) {
      out.add(new Datom(tx, SystemSchema.TX_AGENT_ID, agent, tx, true));
      items.add(-1);
    }
    for (Map.Entry<Key, Integer> r : retracts.entrySet()) {
      Key k = r.getKey();
      out.add(new Datom(k.e(), k.a(), k.v(), tx, false));
      items.add(r.getValue());
    }
    for (Map.Entry<Key, Integer> a : adds.entrySet()) {
      Key k = a.getKey();
      out.add(new Datom(k.e(), k.a(), k.v(), tx, true));
      items.add(a.getValue());
    }
    return instant;
  }

  private void add(long e, Attribute attr, Object v, int item, Map<Key, Integer> adds, Map<Key, Integer> retracts,
      Map<Key, Object> oneValues) {
    Key key = new Key(e, attr.id(), v);
    if (!attr.isMany()) {
      Key slot = new Key(e, attr.id(), null);
      Object prior = oneValues.putIfAbsent(slot, v);
      if (prior != null && !prior.equals(v)) {
        throw new TransactionException.Invalid(item, "two values for cardinality-one " + attr.ident()
            + " of entity " + e + " in one transaction: " + Edn.print(prior) + " and " + Edn.print(v));
      }
      if (prior == null) {
        for (Datom d : db.datoms(Index.EAVT, e, attr.id())) {
          if (!d.v().equals(v)) {
            retracts.putIfAbsent(new Key(e, attr.id(), d.v()), item);
          }
        }
      }
    }
    if (!adds.containsKey(key) && !isLive(e, attr, v)) {
      adds.put(key, item);
    }
  }

  private void retractEntity(long e, int item, Map<Key, Integer> retracts, Set<Long> seen) {
    if (!seen.add(e)) {
      return;
    }
    for (Datom d : db.datoms(Index.EAVT, e)) {
      retracts.putIfAbsent(new Key(e, d.a(), d.v()), item);
      Attribute attr = db.attribute(d.a());
      if (attr.isComponent()) {
        retractEntity((Long) d.v(), item, retracts, seen);
      }
    }
    for (Datom d : db.datoms(Index.VAET, e)) {
      retracts.putIfAbsent(new Key(d.e(), d.a(), d.v()), item);
    }
  }

  private boolean isLive(long e, Attribute attr, Object v) {
    return db.datoms(Index.EAVT, e, attr.id(), v).iterator().hasNext();
  }

  private Optional<Object> liveValue(long e, Attribute attr) {
    Iterator<Datom> it = db.datoms(Index.EAVT, e, attr.id()).iterator();
    return it.hasNext() ? Optional.of(it.next().v()) : Optional.empty();
  }

  private void checkUnique(Map<Key, Integer> adds, Map<Key, Integer> retracts) {
    Map<Key, Long> claimed = new HashMap<>();
    for (Map.Entry<Key, Integer> add : adds.entrySet()) {
      Key k = add.getKey();
      Attribute attr = db.attribute(k.a());
      if (attr.unique() == Uniqueness.NONE) {
        continue;
      }
      int item = add.getValue();
      Long other = claimed.putIfAbsent(new Key(0, k.a(), k.v()), k.e());
      if (other != null && other != k.e()) {
        throw uniqueConflict(item, attr, k.v(), other, k.e());
      }
      for (Datom holder : db.datoms(Index.AVET, k.a(), k.v())) {
        if (holder.e() != k.e() && !retracts.containsKey(new Key(holder.e(), k.a(), k.v()))) {
          throw uniqueConflict(item, attr, k.v(), holder.e(), k.e());
        }
      }
    }
  }

  private static TransactionException uniqueConflict(int item, Attribute attr, Object v, long holder, long e) {
    return new TransactionException.UniqueConflict(item, attr.ident(), v, holder, e, attr.ident() + " "
        + Edn.print(v) + " is unique and already held by entity " + holder + "; entity " + e + " cannot assert it"
        + (attr.unique() == Uniqueness.IDENTITY ? " (use a tempid to upsert into entity " + holder + ")" : ""));
  }

  /**
   * A new attribute's tuple declaration: a tuple attribute declares exactly one of
   * {@code :db/tupleType} (a scalar type) or {@code :db/tupleTypes} (2 to 8 scalar types);
   * other attributes declare neither. Composites ({@code :db/tupleAttrs}) are refused: Spoor
   * does not maintain them yet.
   */
  private void checkTupleSchema(Map<Key, Integer> adds, long e, String name, Keyword type, int item) {
    Object one = null;
    Object many = null;
    for (Key k : adds.keySet()) {
      if (k.e() != e) {
        continue;
      }
      if (k.a() == SystemSchema.TUPLE_ATTRS_ID) {
        throw new TransactionException.Invalid(adds.get(k), name + ": composite tuples (:db/tupleAttrs) are not"
            + " supported yet; assert the tuple yourself with :db/tupleTypes");
      }
      if (k.a() == SystemSchema.TUPLE_TYPE_ID) {
        one = k.v();
      } else if (k.a() == SystemSchema.TUPLE_TYPES_ID) {
        many = k.v();
      }
    }
    boolean tuple = type.equals(ValueType.TUPLE.ident());
    if (!tuple && (one != null || many != null)) {
      throw new TransactionException.Invalid(item, name + " declares :db/tupleType or :db/tupleTypes but its"
          + " :db/valueType is " + type + ", not :db.type/tuple");
    }
    if (!tuple) {
      return;
    }
    if ((one == null) == (many == null)) {
      throw new TransactionException.Invalid(item, "tuple attribute " + name + " needs exactly one of"
          + " :db/tupleType (one scalar type for every element) or :db/tupleTypes (a type per element)");
    }
    List<?> types = one != null ? List.of(one) : (List<?>) many;
    if (many != null && (types.size() < 2 || types.size() > 8)) {
      throw new TransactionException.Invalid(item, ":db/tupleTypes of " + name + " lists " + types.size()
          + " types; a tuple has 2 to 8 elements");
    }
    for (Object t : types) {
      Optional<ValueType> vt = t instanceof Keyword k ? ValueType.byIdent(k) : Optional.empty();
      if (vt.isEmpty() || vt.get() == ValueType.TUPLE) {
        throw new TransactionException.Invalid(item, "tuple element type " + Edn.print(t) + " of " + name
            + " is not a scalar value type such as :db.type/long or :db.type/string");
      }
    }
  }

  private void checkSchema(Map<Key, Integer> adds) {
    Map<Long, Map<Long, Object>> installing = new LinkedHashMap<>();
    for (Key k : adds.keySet()) {
      if (k.a() == SystemSchema.VALUE_TYPE_ID || k.a() == SystemSchema.CARDINALITY_ID
          || k.a() == SystemSchema.UNIQUE_ID || k.a() == SystemSchema.IS_COMPONENT_ID) {
        installing.computeIfAbsent(k.e(), x -> new HashMap<>());
      }
    }
    for (Key k : adds.keySet()) {
      Map<Long, Object> facts = installing.get(k.e());
      if (facts != null) {
        facts.put(k.a(), k.v());
      }
    }
    for (Map.Entry<Long, Map<Long, Object>> entry : installing.entrySet()) {
      long e = entry.getKey();
      Map<Long, Object> facts = entry.getValue();
      int item = adds.getOrDefault(new Key(e, SystemSchema.VALUE_TYPE_ID, facts.get(SystemSchema.VALUE_TYPE_ID)), -1);
      Optional<Attribute> existing = db.schema().attribute(e);
      Object ident = facts.containsKey(SystemSchema.IDENT_ID) ? facts.get(SystemSchema.IDENT_ID)
          : existing.map(Attribute::ident).orElse(null);
      String name = ident == null ? "entity " + e : ident.toString();
      if (existing.isPresent() && facts.containsKey(SystemSchema.VALUE_TYPE_ID)) {
        throw new TransactionException.Invalid(item, "cannot change :db/valueType of " + name + " from "
            + existing.get().valueType().ident() + "; an attribute's type is fixed once installed");
      }
      if (existing.isEmpty()) {
        Object type = facts.get(SystemSchema.VALUE_TYPE_ID);
        if (ident == null || type == null || !facts.containsKey(SystemSchema.CARDINALITY_ID)) {
          throw new TransactionException.Invalid(item, "installing attribute " + name
              + " needs :db/ident, :db/valueType and :db/cardinality together");
        }
        if (e >= SystemSchema.TX_PARTITION) {
          throw new TransactionException.Invalid(item, "entity " + e + " cannot become attribute " + name
              + "; install attributes with a tempid or an entity map without :db/id");
        }
        Optional<Keyword> typeIdent = db.ident((Long) type);
        if (typeIdent.flatMap(ValueType::byIdent).isEmpty()) {
          throw new TransactionException.Invalid(item, ":db/valueType of " + name + " must be one of "
              + java.util.Arrays.stream(ValueType.values()).map(t -> t.ident().toString())
                  .collect(java.util.stream.Collectors.joining(", "))
              + "; got " + typeIdent.map(Object::toString).orElse(type.toString()));
        }
        checkTupleSchema(adds, e, name, typeIdent.orElseThrow(), item);
        Object card = facts.get(SystemSchema.CARDINALITY_ID);
        if (!Objects.equals(db.ident((Long) card).orElse(null), Keyword.of("db.cardinality/one"))
            && !Objects.equals(db.ident((Long) card).orElse(null), Keyword.of("db.cardinality/many"))) {
          throw new TransactionException.Invalid(item, ":db/cardinality of " + name
              + " must be :db.cardinality/one or :db.cardinality/many");
        }
        Object unique = facts.get(SystemSchema.UNIQUE_ID);
        if (unique != null && !Objects.equals(db.ident((Long) unique).orElse(null), Uniqueness.IDENTITY.ident())
            && !Objects.equals(db.ident((Long) unique).orElse(null), Uniqueness.VALUE.ident())) {
          throw new TransactionException.Invalid(item, ":db/unique of " + name
              + " must be :db.unique/identity or :db.unique/value");
        }
        if (Boolean.TRUE.equals(facts.get(SystemSchema.IS_COMPONENT_ID))
            && !typeIdent.get().equals(ValueType.REF.ident())) {
          throw new TransactionException.Invalid(item, name + " is :db/isComponent but not :db.type/ref");
        }
      }
    }
  }
}
