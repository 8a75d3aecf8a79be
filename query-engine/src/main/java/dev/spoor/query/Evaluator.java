package dev.spoor.query;

import dev.spoor.core.Edn;
import dev.spoor.core.Symbol;
import dev.spoor.datalog.Binding;
import dev.spoor.datalog.Clause;
import dev.spoor.datalog.Rule;
import dev.spoor.datalog.Term;
import dev.spoor.log.Datom;
import dev.spoor.log.ValueType;
import dev.spoor.query.internal.Relation;
import dev.spoor.query.internal.Values;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Evaluates {@code :where} clauses bottom-up over relations. Within each scope (the query,
 * a rule body, a {@code not} or {@code or} branch) a greedy planner picks the next clause:
 * filters as soon as their variables are bound, then the data pattern with the smallest
 * estimated result that joins with what is bound, then rules, {@code or}, and last {@code not}
 * once every variable it shares is bound. The plan therefore does not depend on the order
 * the user wrote the clauses in.
 *
 * <p>Patterns join by index lookups per tuple when the bound side is small, and by hash join
 * otherwise. A non-recursive rule runs its bodies for the call's bound arguments only; a component
 * of recursive rules is evaluated on demand by a {@link Fixpoint}, lower strata first, so
 * recursion terminates and negation over rules is stratified.
 */
final class Evaluator {
  private static final Symbol DEFAULT_SOURCE = Symbol.of("$");

  private final Map<Symbol, Db> sources;
  private final Map<Symbol, List<Rule>> rules;
  private final Functions functions;
  private final Limits limits;
  private final Map<List<Object>, Fixpoint> fixpoints = new HashMap<>();
  private final Map<Symbol, Set<Symbol>> components = new HashMap<>();
  private final List<String> trace;
  /** Explain output: how deep the clause being run is nested (lines are indented), and whether it is hidden. */
  private int traceDepth;
  private int traceMuted;
  private long rowsMade;
  /** The clauses still to run in the scope being evaluated: range predicates a pattern can use. */
  private List<Clause> pending = List.of();

  /** Resource limits for one run. */
  record Limits(long deadlineNanos, long maxRows) {}

  Evaluator(Map<Symbol, Db> sources, List<Rule> ruleList, Functions functions, Limits limits, List<String> trace) {
    this.sources = sources;
    this.functions = functions;
    this.limits = limits;
    this.trace = trace;
    Map<Symbol, List<Rule>> byName = new LinkedHashMap<>();
    for (Rule r : ruleList) {
      byName.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
    }
    this.rules = byName;
  }

  // ---------------------------------------------------------------------------------------
  // Scopes and planning

  /** Evaluates {@code clauses} joined with {@code input}; {@code source} is the scope's default source. */
  Relation evalClauses(List<Clause> clauses, Relation input, Symbol source, Within within) {
    List<Clause> remaining = new ArrayList<>(clauses);
    Relation rel = input;
    if (rel.vars().isEmpty()) {
      rel = intersectEntitySets(remaining, rel, source);
    }
    while (!remaining.isEmpty()) {
      Clause next = choose(remaining, rel, source);
      remaining.remove(next);
      int before = rel.size();
      String estimate = tracing() && next instanceof Clause.Pattern p
          ? "  estimated " + Math.round(estimate(p, Relation.empty(rel.vars()), source)) : "";
      pending = remaining;
      int mark = traceMark();
      traceDepth++;
      rel = apply(next, rel, source, within);
      traceDepth--;
      traceAt(mark, describe(next) + estimate + "  rows " + before + " -> " + rel.size());
      if (rel.size() == 0) {
        return new Relation(unionVars(rel.vars(), remaining), new ArrayList<>());
      }
    }
    return rel;
  }

  private static List<Term.Variable> unionVars(List<Term.Variable> vars, List<Clause> remaining) {
    LinkedHashSet<Term.Variable> all = new LinkedHashSet<>(vars);
    for (Clause c : remaining) {
      all.addAll(bindsVars(c));
    }
    return new ArrayList<>(all);
  }

  /**
   * Where several patterns constrain one unbound entity variable by attribute (and value) alone,
   * {@code [?e :a v] [?e :b] [?e :c w]}, their entity sets are read as RoaringBitmaps and
   * intersected, smallest first, instead of joining row by row. The patterns are consumed and
   * the intersection becomes the scope's first relation.
   */
  private Relation intersectEntitySets(List<Clause> remaining, Relation rel, Symbol source) {
    Map<Term.Variable, List<Clause.Pattern>> byEntity = new LinkedHashMap<>();
    for (Clause c : remaining) {
      if (c instanceof Clause.Pattern p && p.terms().size() <= 3 && p.terms().size() >= 2
          && p.terms().get(0) instanceof Term.Variable e && p.terms().get(1) instanceof Term.Constant a
          && a.value() instanceof dev.spoor.core.Keyword
          && (p.terms().size() == 2 || p.terms().get(2) instanceof Term.Constant
              || p.terms().get(2) instanceof Term.Blank)) {
        byEntity.computeIfAbsent(e, k -> new ArrayList<>()).add(p);
      }
    }
    for (Map.Entry<Term.Variable, List<Clause.Pattern>> group : byEntity.entrySet()) {
      List<Clause.Pattern> patterns = group.getValue();
      if (patterns.size() < 2) {
        continue;
      }
      patterns.sort(java.util.Comparator.comparingDouble(p -> estimate(p, Relation.unit(), source)));
      org.roaringbitmap.longlong.Roaring64Bitmap set = null;
      for (Clause.Pattern p : patterns) {
        org.roaringbitmap.longlong.Roaring64Bitmap ids = new org.roaringbitmap.longlong.Roaring64Bitmap();
        for (Object[] row : scan(p, db(p.source(), source), List.of(group.getKey()), Map.of()).rows()) {
          ids.addLong((Long) row[0]);
        }
        if (set == null) {
          set = ids;
        } else {
          set.and(ids);
        }
        if (set.isEmpty()) {
          break;
        }
      }
      remaining.removeAll(patterns);
      List<Object[]> rows = new ArrayList<>();
      set.forEach(id -> rows.add(new Object[] {id}));
      countRows(rows.size());
      Relation entities = new Relation(List.of(group.getKey()), rows);
      traceLine("Bitmap intersection of " + patterns.size() + " patterns on " + group.getKey() + "  rows "
          + rel.size() + " -> " + entities.size());
      rel = cross(rel, entities);
    }
    return rel;
  }

  private Clause choose(List<Clause> remaining, Relation rel, Symbol source) {
    // 1. Filters and function calls whose inputs are bound.
    for (Clause c : remaining) {
      if ((c instanceof Clause.Predicate || c instanceof Clause.FnCall) && allBound(inputVars(c), rel)) {
        return c;
      }
    }
    // 2. The cheapest data pattern, preferring those that join with what is bound.
    Clause best = null;
    double bestCost = Double.MAX_VALUE;
    for (Clause c : remaining) {
      double cost;
      if (c instanceof Clause.Pattern p) {
        cost = estimate(p, rel, source);
        boolean joins = rel.vars().isEmpty() || sharesVar(p, rel);
        if (!joins) {
          cost = cost * Math.max(1, rel.size()) + 1e12;
        }
      } else if (c instanceof Clause.RuleCall r) {
        cost = sharesAny(bindsVars(r), rel) ? 5e5 : 5e11;
      } else if (c instanceof Clause.Or o) {
        if (!allBound(o.required(), rel)) {
          continue;
        }
        cost = sharesAny(bindsVars(o), rel) ? 6e5 : 6e11;
      } else {
        continue;
      }
      if (cost < bestCost) {
        bestCost = cost;
        best = c;
      }
    }
    if (best != null) {
      // A not whose variables are all bound is a cheap filter: do it before widening further.
      for (Clause c : remaining) {
        if (c instanceof Clause.Not n && readyNot(n, rel, remaining) && !rel.vars().isEmpty()) {
          return c;
        }
      }
      return best;
    }
    for (Clause c : remaining) {
      if (c instanceof Clause.Not n && readyNot(n, rel, remaining)) {
        return c;
      }
    }
    return remaining.get(0);
  }

  /** A not is ready when no other remaining clause would still bind one of its variables. */
  private static boolean readyNot(Clause.Not n, Relation rel, List<Clause> remaining) {
    Set<Term.Variable> vars = new HashSet<>(n.explicitJoin() ? n.joinVars() : usedVars(n.body()));
    for (Clause c : remaining) {
      if (c != n && !(c instanceof Clause.Not)) {
        for (Term.Variable v : bindsVars(c)) {
          if (vars.contains(v) && !rel.has(v)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private double estimate(Clause.Pattern p, Relation rel, Symbol source) {
    Db db = db(p.source(), source);
    List<Term> t = p.terms();
    boolean e = boundTerm(t, 0, rel);
    boolean a = boundTerm(t, 1, rel);
    boolean v = boundTerm(t, 2, rel);
    if (e) {
      return a ? 1 : 10;
    }
    if (a && t.get(1) instanceof Term.Constant c) {
      long attrCount;
      try {
        attrCount = db.attributeCount(db.attribute(c.value()).id());
      } catch (DbException ex) {
        return 0;
      }
      if (v) {
        Attribute attr = db.attribute(c.value());
        return attr.unique() != Uniqueness.NONE ? 1 : Math.max(1, Math.sqrt(attrCount));
      }
      return attrCount;
    }
    if (v) {
      return 1e4;
    }
    return 1e9;
  }

  private static boolean boundTerm(List<Term> terms, int i, Relation rel) {
    if (i >= terms.size()) {
      return false;
    }
    Term t = terms.get(i);
    return t instanceof Term.Constant || (t instanceof Term.Variable v && rel.has(v));
  }

  private static boolean sharesVar(Clause.Pattern p, Relation rel) {
    for (Term t : p.terms()) {
      if (t instanceof Term.Variable v && rel.has(v)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sharesAny(Collection<Term.Variable> vars, Relation rel) {
    for (Term.Variable v : vars) {
      if (rel.has(v)) {
        return true;
      }
    }
    return false;
  }

  private static boolean allBound(Collection<Term.Variable> vars, Relation rel) {
    for (Term.Variable v : vars) {
      if (!rel.has(v)) {
        return false;
      }
    }
    return true;
  }

  /** Variables a clause reads that must be bound first (predicates and function inputs). */
  private static List<Term.Variable> inputVars(Clause c) {
    List<Term> args = c instanceof Clause.Predicate p ? p.args() : ((Clause.FnCall) c).args();
    List<Term.Variable> out = new ArrayList<>();
    for (Term t : args) {
      if (t instanceof Term.Variable v) {
        out.add(v);
      }
    }
    return out;
  }

  /** Variables a clause binds (or, for filters, mentions). */
  static Set<Term.Variable> bindsVars(Clause c) {
    Set<Term.Variable> out = new LinkedHashSet<>();
    if (c instanceof Clause.Pattern p) {
      for (Term t : p.terms()) {
        if (t instanceof Term.Variable v) {
          out.add(v);
        }
      }
    } else if (c instanceof Clause.FnCall f) {
      out.addAll(f.binding().variables());
    } else if (c instanceof Clause.RuleCall r) {
      for (Term t : r.args()) {
        if (t instanceof Term.Variable v) {
          out.add(v);
        }
      }
    } else if (c instanceof Clause.Or o) {
      if (o.explicitJoin()) {
        out.addAll(o.required());
        out.addAll(o.joinVars());
      } else if (!o.branches().isEmpty()) {
        out.addAll(bindsVars(o.branches().get(0)));
      }
    } else if (c instanceof Clause.And a) {
      for (Clause x : a.clauses()) {
        out.addAll(bindsVars(x));
      }
    }
    return out;
  }

  /** Every variable mentioned anywhere in the clauses. */
  static Set<Term.Variable> usedVars(List<Clause> clauses) {
    Set<Term.Variable> out = new LinkedHashSet<>();
    for (Clause c : clauses) {
      out.addAll(bindsVars(c));
      if (c instanceof Clause.Predicate p) {
        p.args().forEach(t -> {
          if (t instanceof Term.Variable v) {
            out.add(v);
          }
        });
      } else if (c instanceof Clause.FnCall f) {
        f.args().forEach(t -> {
          if (t instanceof Term.Variable v) {
            out.add(v);
          }
        });
      } else if (c instanceof Clause.Not n) {
        out.addAll(n.explicitJoin() ? n.joinVars() : usedVars(n.body()));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // Applying clauses

  private Relation apply(Clause c, Relation rel, Symbol source, Within within) {
    checkLimits();
    if (c instanceof Clause.Pattern p) {
      return joinPattern(p, rel, source);
    } else if (c instanceof Clause.Predicate p) {
      return filter(p, rel, source);
    } else if (c instanceof Clause.FnCall f) {
      return call(f, rel, source);
    } else if (c instanceof Clause.Not n) {
      return not(n, rel, source, within);
    } else if (c instanceof Clause.Or o) {
      return or(o, rel, source, within);
    } else if (c instanceof Clause.And a) {
      return evalClauses(a.clauses(), rel, source, within);
    } else if (c instanceof Clause.RuleCall r) {
      return ruleCall(r, rel, source, within);
    }
    throw new IllegalStateException("unhandled clause " + c);
  }

  private Db db(Term.SrcVar src, Symbol scopeDefault) {
    Symbol name = src.isDefault() ? scopeDefault : src.symbol();
    Db db = sources.get(name);
    if (db == null) {
      throw new QueryExecutionException("unknown-source", "the query uses source " + name + ", which is not among its :in"
          + " sources " + sources.keySet());
    }
    return db;
  }

  // --- patterns

  private Relation joinPattern(Clause.Pattern p, Relation rel, Symbol source) {
    Db db = db(p.source(), source);
    List<Term.Variable> patVars = new ArrayList<>();
    for (Term t : p.terms()) {
      if (t instanceof Term.Variable v && !patVars.contains(v)) {
        patVars.add(v);
      }
    }
    List<Term.Variable> shared = new ArrayList<>();
    for (Term.Variable v : patVars) {
      if (rel.has(v)) {
        shared.add(v);
      }
    }
    if (shared.isEmpty()) {
      Range range = rangeFor(p, db, rel);
      Relation scanned = range != null ? scanRange(p, db, patVars, range) : scan(p, db, patVars, Map.of());
      return cross(rel, scanned);
    }
    double estimate = estimate(p, Relation.empty(List.of()), source);
    if ((double) rel.size() * 16 < estimate || estimate >= 1e9) {
      return lookupJoin(p, db, rel, patVars);
    }
    return hashJoin(rel, scan(p, db, patVars, Map.of()));
  }

  /** For each tuple, looks the pattern up with its bound variables filled in. */
  private Relation lookupJoin(Clause.Pattern p, Db db, Relation rel, List<Term.Variable> patVars) {
    List<Term.Variable> newVars = new ArrayList<>();
    for (Term.Variable v : patVars) {
      if (!rel.has(v)) {
        newVars.add(v);
      }
    }
    List<Term.Variable> outVars = new ArrayList<>(rel.vars());
    outVars.addAll(newVars);
    List<Object[]> out = new ArrayList<>();
    int width = rel.vars().size();
    for (Object[] row : rel.rows()) {
      Map<Term.Variable, Object> bound = new HashMap<>();
      for (Term.Variable v : patVars) {
        int pos = rel.position(v);
        if (pos >= 0) {
          bound.put(v, row[pos]);
        }
      }
      Relation matches = scan(p, db, newVars, bound);
      for (Object[] m : matches.rows()) {
        Object[] joined = java.util.Arrays.copyOf(row, width + newVars.size());
        System.arraycopy(m, 0, joined, width, m.length);
        out.add(joined);
      }
      countRows(matches.size());
      checkLimits();
    }
    return new Relation(outVars, out);
  }

  /**
   * The datoms matching a pattern, as tuples of {@code outVars}. Variables in {@code bound}
   * are treated as constants. The index is chosen by which of e, a, v are known:
   *
   * <pre>
   * e a v  EAVT [e a v]        _ a v  AVET [a v]
   * e a _  EAVT [e a]          _ a _  AEVT [a]
   * e _ v  EAVT [e] + filter   _ _ v  VAET [v] (entity values), else EAVT scan + filter
   * e _ _  EAVT [e]            _ _ _  EAVT scan
   * </pre>
   */
  private Relation scan(Clause.Pattern p, Db db, List<Term.Variable> outVars, Map<Term.Variable, Object> bound) {
    List<Term> t = p.terms();
    Object[] known = new Object[5];
    for (int i = 0; i < t.size(); i++) {
      Term term = t.get(i);
      if (term instanceof Term.Constant c) {
        known[i] = c.value();
      } else if (term instanceof Term.Variable v && bound.containsKey(v)) {
        known[i] = bound.get(v);
      } else if (term instanceof Term.SrcVar) {
        throw new QueryExecutionException("bad-pattern", "a source variable can only start a pattern: " + p.span());
      }
    }
    List<Object[]> out = new ArrayList<>();
    // Resolve the constant parts; a name that resolves to nothing matches nothing.
    Long e = null;
    if (known[0] != null) {
      OptionalLong id = resolveEntity(db, known[0]);
      if (id.isEmpty()) {
        return new Relation(outVars, out);
      }
      e = id.getAsLong();
    }
    Attribute attr = null;
    if (known[1] != null) {
      Optional<Attribute> a = attributeOf(db, known[1]);
      if (a.isEmpty()) {
        return new Relation(outVars, out);
      }
      attr = a.get();
    }
    Object v = null;
    if (known[2] != null) {
      if (attr != null) {
        Optional<Object> coerced = coerce(db, attr, known[2]);
        if (coerced.isEmpty()) {
          return new Relation(outVars, out);
        }
        v = coerced.get();
      } else {
        v = known[2] instanceof Integer i ? (Object) i.longValue() : known[2];
      }
    }
    Iterable<Datom> datoms;
    if (e != null) {
      datoms = attr == null ? db.scan(Index.EAVT, e) : v == null ? db.scan(Index.EAVT, e, attr.id())
          : db.scan(Index.EAVT, e, attr.id(), v);
    } else if (attr != null) {
      datoms = v == null ? db.scan(Index.AEVT, attr.id()) : db.scan(Index.AVET, attr.id(), v);
    } else if (v instanceof Long ref) {
      datoms = db.scan(Index.VAET, ref);
    } else {
      datoms = db.scan(Index.EAVT);
    }
    int[] slot = new int[5];
    java.util.Arrays.fill(slot, -1);
    for (int i = 0; i < t.size(); i++) {
      if (t.get(i) instanceof Term.Variable var && !bound.containsKey(var)) {
        slot[i] = outVars.indexOf(var);
      }
    }
    Object txKnown = known[3];
    Object addedKnown = known[4];
    for (Datom d : datoms) {
      if (v != null && attr == null && !Values.equal(d.v(), v) && !(v instanceof Long && d.v().equals(v))) {
        continue;
      }
      if (txKnown != null && !txMatches(txKnown, d.tx())) {
        continue;
      }
      if (addedKnown != null && !addedKnown.equals(d.added())) {
        continue;
      }
      Object[] row = new Object[outVars.size()];
      boolean ok = true;
      Object[] parts = {d.e(), d.a(), d.v(), d.tx(), d.added()};
      for (int i = 0; i < t.size() && ok; i++) {
        int s = slot[i];
        if (s >= 0) {
          if (row[s] != null && !row[s].equals(parts[i])) {
            ok = false;
          }
          row[s] = parts[i];
        }
      }
      if (ok) {
        out.add(row);
      }
    }
    countRows(out.size());
    return new Relation(outVars, out);
  }

  /** Inclusive bounds on a pattern's value from comparison predicates still to run; either may be null. */
  private record Range(Attribute attr, Object lower, Object upper) {}

  private static final Set<Symbol> COMPARISONS = Set.of(Symbol.of("<"), Symbol.of("<="), Symbol.of(">"),
      Symbol.of(">="));

  /**
   * For {@code [?e :attr ?v]} with comparisons such as {@code [(> ?v 90)]} pending in the same
   * scope, the bounds they put on {@code ?v}, so the pattern reads only that slice of AVET. The
   * predicates still run afterwards, so bounds are taken inclusive and strictness is theirs.
   */
  private Range rangeFor(Clause.Pattern p, Db db, Relation rel) {
    List<Term> t = p.terms();
    if (t.size() != 3 || !(t.get(0) instanceof Term.Variable e) || !(t.get(1) instanceof Term.Constant a)
        || !(a.value() instanceof dev.spoor.core.Keyword) || !(t.get(2) instanceof Term.Variable v) || e.equals(v)) {
      return null;
    }
    Optional<Attribute> attr = attributeOf(db, a.value());
    if (attr.isEmpty() || attr.get().isRef()) {
      return null;
    }
    Object lower = null;
    Object upper = null;
    for (Clause c : pending) {
      if (!(c instanceof Clause.Predicate pred) || !COMPARISONS.contains(pred.fn()) || pred.args().size() != 2) {
        continue;
      }
      Term x = pred.args().get(0);
      Term y = pred.args().get(1);
      boolean vFirst = v.equals(x) && single(y, rel) != null;
      boolean vSecond = v.equals(y) && single(x, rel) != null;
      if (!vFirst && !vSecond) {
        continue;
      }
      Object bound = single(vFirst ? y : x, rel);
      if (!attr.get().valueType().accepts(bound) || attr.get().valueType() == ValueType.TUPLE) {
        continue;
      }
      String op = pred.fn().name();
      boolean vIsBelow = vFirst == op.startsWith("<");
      if (vIsBelow) {
        upper = upper == null || Values.compare(bound, upper) < 0 ? bound : upper;
      } else {
        lower = lower == null || Values.compare(bound, lower) > 0 ? bound : lower;
      }
    }
    return lower == null && upper == null ? null : new Range(attr.get(), lower, upper);
  }

  /** The one value {@code t} has here: a constant, or a variable bound to a single value (a scalar input). */
  private static Object single(Term t, Relation rel) {
    if (t instanceof Term.Constant c) {
      return normalizeConstant(c.value());
    }
    if (t instanceof Term.Variable w && rel.has(w) && rel.size() == 1) {
      return rel.rows().get(0)[rel.position(w)];
    }
    return null;
  }

  private Relation scanRange(Clause.Pattern p, Db db, List<Term.Variable> outVars, Range range) {
    long a = range.attr().id();
    Iterable<Datom> datoms = db.scanRange(Index.AVET,
        range.lower() == null ? new Object[] {a} : new Object[] {a, range.lower()},
        range.upper() == null ? new Object[] {a} : new Object[] {a, range.upper()});
    int eSlot = outVars.indexOf((Term.Variable) p.terms().get(0));
    int vSlot = outVars.indexOf((Term.Variable) p.terms().get(2));
    List<Object[]> out = new ArrayList<>();
    for (Datom d : datoms) {
      Object[] row = new Object[outVars.size()];
      row[eSlot] = d.e();
      row[vSlot] = d.v();
      out.add(row);
    }
    countRows(out.size());
    return new Relation(outVars, out);
  }

  private static boolean txMatches(Object known, long tx) {
    if (!(known instanceof Long) && !(known instanceof Integer)) {
      return false;
    }
    long k = ((Number) known).longValue();
    return k == tx || Db.txEntity(k) == tx;
  }

  private static OptionalLong resolveEntity(Db db, Object ref) {
    if (ref instanceof Long || ref instanceof Integer || ref instanceof dev.spoor.core.Keyword
        || (ref instanceof List<?> l && l.size() == 2)) {
      return db.entid(ref);
    }
    return OptionalLong.empty();
  }

  private static Optional<Attribute> attributeOf(Db db, Object ref) {
    if (ref instanceof dev.spoor.core.Keyword k) {
      return Optional.of(db.attribute(k));
    }
    if (ref instanceof Long || ref instanceof Integer) {
      return db.schema().attribute(((Number) ref).longValue());
    }
    return Optional.empty();
  }

  private static Optional<Object> coerce(Db db, Attribute attr, Object value) {
    if (attr.valueType() == ValueType.REF) {
      OptionalLong id = resolveEntity(db, value);
      return id.isPresent() ? Optional.of(id.getAsLong()) : Optional.empty();
    }
    Object v = value instanceof Integer i ? (Object) i.longValue() : value;
    return attr.valueType().accepts(v) ? Optional.of(v) : Optional.empty();
  }

  // --- joins

  private Relation cross(Relation a, Relation b) {
    if (!(a.vars().isEmpty() && a.size() == 1) && !(b.vars().isEmpty() && b.size() == 1)) {
      countRows((long) a.size() * b.size());
    }
    return Relation.join(a, b, n -> checkLimits());
  }

  /**
   * Natural join on the shared variables (see {@link Relation#join}), counted against the row
   * budget as it grows, and stopped by a timeout or cancellation midway.
   */
  Relation hashJoin(Relation a, Relation b) {
    return Relation.join(a, b, n -> {
      countRows(n);
      checkLimits();
    });
  }

  // --- functions and predicates

  private Object[] args(List<Term> terms, Object[] row, Relation rel, Symbol source) {
    Object[] out = new Object[terms.size()];
    for (int i = 0; i < out.length; i++) {
      Term t = terms.get(i);
      if (t instanceof Term.Variable v) {
        int pos = rel.position(v);
        if (pos < 0) {
          throw new QueryExecutionException("unbound-variable", "variable " + v + " is not bound where it is used (at "
              + t.span().line() + ":" + t.span().column() + "); a rule whose body filters on an argument must be"
              + " called with that argument bound (declare it required: (rule [" + v + "] ...))");
        }
        out[i] = row[pos];
      } else if (t instanceof Term.Constant c) {
        out[i] = c.value() instanceof Integer n ? (Object) n.longValue() : c.value();
      } else if (t instanceof Term.SrcVar s) {
        out[i] = db(s, source);
      } else {
        throw new QueryExecutionException("blank-argument", "_ cannot be a function argument");
      }
    }
    return out;
  }

  private Object invoke(Symbol name, Functions.Fn fn, Object[] args, dev.spoor.datalog.Span span) {
    try {
      Object r = fn.apply(java.util.Arrays.asList(args));
      return r instanceof Optional<?> o ? o.orElse(null) : r;
    } catch (dev.spoor.core.SpoorException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new QueryExecutionException("function-failed", "(" + name + " " + printArgs(args) + ") at " + span.line() + ":"
          + span.column() + " failed: " + e, e);
    }
  }

  private static String printArgs(Object[] args) {
    StringBuilder sb = new StringBuilder();
    for (Object a : args) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(a instanceof Db ? "$" : safePrint(a));
    }
    return sb.toString();
  }

  private static String safePrint(Object a) {
    try {
      return Edn.print(a);
    } catch (IllegalArgumentException e) {
      return String.valueOf(a);
    }
  }

  private Functions.Fn fn(Symbol name) {
    return functions.function(name).orElseThrow(() -> new QueryExecutionException("unknown-function",
        "unknown function " + name));
  }

  private Relation filter(Clause.Predicate p, Relation rel, Symbol source) {
    Functions.Fn f = fn(p.fn());
    List<Object[]> out = new ArrayList<>();
    for (Object[] row : rel.rows()) {
      Object r = invoke(p.fn(), f, args(p.args(), row, rel, source), p.span());
      if (r != null && !Boolean.FALSE.equals(r)) {
        out.add(row);
      }
    }
    return new Relation(rel.vars(), out);
  }

  private Relation call(Clause.FnCall c, Relation rel, Symbol source) {
    Functions.Fn f = fn(c.fn());
    Set<Term.Variable> bindVars = new LinkedHashSet<>(c.binding().variables());
    List<Term.Variable> newVars = new ArrayList<>();
    for (Term.Variable v : bindVars) {
      if (!rel.has(v)) {
        newVars.add(v);
      }
    }
    List<Term.Variable> vars = new ArrayList<>(rel.vars());
    vars.addAll(newVars);
    List<Object[]> out = new ArrayList<>();
    for (Object[] row : rel.rows()) {
      Object r = invoke(c.fn(), f, args(c.args(), row, rel, source), c.span());
      if (r == null) {
        continue;
      }
      for (Map<Term.Variable, Object> b : destructure(c.binding(), r)) {
        Object[] joined = java.util.Arrays.copyOf(row, vars.size());
        boolean ok = true;
        for (Map.Entry<Term.Variable, Object> en : b.entrySet()) {
          int pos = rel.position(en.getKey());
          if (pos >= 0) {
            ok &= Values.equal(row[pos], en.getValue());
          } else {
            joined[rel.vars().size() + newVars.indexOf(en.getKey())] = en.getValue();
          }
        }
        if (ok) {
          out.add(joined);
        }
      }
    }
    countRows(out.size());
    return new Relation(vars, out);
  }

  /** The variable assignments a binding form makes of a value; none when the value does not fit. */
  static List<Map<Term.Variable, Object>> destructure(Binding b, Object value) {
    List<Map<Term.Variable, Object>> out = new ArrayList<>();
    if (value == null || value instanceof Optional<?> o && o.isEmpty()) {
      return out;
    }
    if (value instanceof Integer i) {
      value = i.longValue();
    }
    if (b instanceof Binding.Blank) {
      out.add(Map.of());
    } else if (b instanceof Binding.Scalar s) {
      out.add(Map.of(s.variable(), value));
    } else if (b instanceof Binding.Collection c) {
      for (Object item : asCollection(value, b)) {
        out.addAll(destructure(c.element(), item));
      }
    } else if (b instanceof Binding.Tuple t) {
      List<?> items = asList(value, b);
      if (items.size() < t.elements().size()) {
        throw new QueryExecutionException("binding-arity", "cannot bind " + safePrint(value) + " to a tuple of "
            + t.elements().size());
      }
      List<Map<Term.Variable, Object>> acc = new ArrayList<>();
      acc.add(new HashMap<>());
      for (int i = 0; i < t.elements().size(); i++) {
        List<Map<Term.Variable, Object>> next = new ArrayList<>();
        for (Map<Term.Variable, Object> part : destructure(t.elements().get(i), items.get(i))) {
          for (Map<Term.Variable, Object> a : acc) {
            Map<Term.Variable, Object> m = new HashMap<>(a);
            m.putAll(part);
            next.add(m);
          }
        }
        acc = next;
      }
      out.addAll(acc);
    } else if (b instanceof Binding.Relation r) {
      for (Object tuple : asCollection(value, b)) {
        out.addAll(destructure(new Binding.Tuple(r.columns(), r.span()), tuple));
      }
    }
    return out;
  }

  private static Collection<?> asCollection(Object value, Binding b) {
    if (value instanceof Collection<?> c) {
      return c;
    }
    throw new QueryExecutionException("binding-shape", "cannot bind " + safePrint(value) + " to the collection binding at "
        + b.span().line() + ":" + b.span().column() + "; it needs a collection");
  }

  private static List<?> asList(Object value, Binding b) {
    if (value instanceof List<?> l) {
      return l;
    }
    if (value instanceof Collection<?> c) {
      return new ArrayList<>(c);
    }
    throw new QueryExecutionException("binding-shape", "cannot bind " + safePrint(value) + " to the tuple binding at "
        + b.span().line() + ":" + b.span().column() + "; it needs a tuple");
  }

  // --- not, or

  private Relation not(Clause.Not n, Relation rel, Symbol source, Within within) {
    Symbol inner = n.source().isDefault() ? source : n.source().symbol();
    List<Term.Variable> join = new ArrayList<>();
    for (Term.Variable v : n.explicitJoin() ? n.joinVars() : new ArrayList<>(usedVars(n.body()))) {
      if (rel.has(v)) {
        join.add(v);
      }
    }
    Relation sub = rel.project(join);
    Relation matched = evalClauses(n.body(), sub, inner, within);
    if (matched.size() == 0) {
      return rel;
    }
    int[] mCols = Relation.columns(matched, join);
    Set<Relation.Key> hit = new HashSet<>();
    for (Object[] row : matched.rows()) {
      hit.add(Relation.key(row, mCols));
    }
    int[] rCols = Relation.columns(rel, join);
    List<Object[]> out = new ArrayList<>();
    for (Object[] row : rel.rows()) {
      if (!hit.contains(Relation.key(row, rCols))) {
        out.add(row);
      }
    }
    return new Relation(rel.vars(), out);
  }

  private Relation or(Clause.Or o, Relation rel, Symbol source, Within within) {
    Symbol inner = o.source().isDefault() ? source : o.source().symbol();
    List<Term.Variable> joinVars = new ArrayList<>();
    if (o.explicitJoin()) {
      joinVars.addAll(o.required());
      joinVars.addAll(o.joinVars());
    } else {
      joinVars.addAll(bindsVars(o.branches().get(0)));
      for (Clause branch : o.branches()) {
        for (Term.Variable v : usedVars(List.of(branch))) {
          if (!joinVars.contains(v)) {
            joinVars.add(v);
          }
        }
      }
    }
    List<Term.Variable> bound = new ArrayList<>();
    for (Term.Variable v : joinVars) {
      if (rel.has(v)) {
        bound.add(v);
      }
    }
    Relation sub = rel.project(bound);
    Set<Relation.Key> seen = new HashSet<>();
    List<Object[]> union = new ArrayList<>();
    for (Clause branch : o.branches()) {
      List<Clause> body = branch instanceof Clause.And a ? a.clauses() : List.of(branch);
      Relation r = evalClauses(body, sub, inner, within);
      if (r.size() == 0) {
        continue;
      }
      for (Term.Variable v : joinVars) {
        if (!r.has(v)) {
          throw new QueryExecutionException("or-unbound", "a branch of " + (o.explicitJoin() ? "or-join" : "or") + " at "
              + o.span().line() + ":" + o.span().column() + " does not bind " + v);
        }
      }
      for (Object[] row : r.project(joinVars).rows()) {
        if (seen.add(new Relation.Key(row))) {
          union.add(row);
        }
      }
    }
    return hashJoin(rel, new Relation(joinVars, union));
  }

  // --- rules

  /**
   * Where a clause runs: inside the evaluation of a recursive component (its {@link Fixpoint}, the
   * table whose body this is, and the call site that reads only the last round's new answers,
   * if any), or not ({@link #NONE}).
   */
  record Within(Fixpoint fixpoint, Fixpoint.Table table, Clause.RuleCall deltaSite) {
    static final Within NONE = new Within(null, null, null);
  }

  /**
   * A rule call: a call of the recursive component being evaluated reads its tables; a call of
   * another recursive component asks that component's {@link Fixpoint}; a non-recursive rule runs
   * its bodies for the call's bound arguments. In a rule body, {@code $} is the call's source.
   */
  private Relation ruleCall(Clause.RuleCall call, Relation rel, Symbol source, Within within) {
    List<Term> args = call.args();
    List<Rule> defs = rules.get(call.name());
    if (defs == null) {
      throw new QueryExecutionException("unknown-rule", "rule " + call.name() + " is not defined");
    }
    if (args.size() != defs.get(0).arity()) {
      throw new QueryExecutionException("rule-arity", "rule " + call.name() + " takes " + defs.get(0).arity()
          + " arguments, called with " + args.size());
    }
    Symbol inner = call.source().isDefault() ? source : call.source().symbol();
    if (within.fixpoint() != null && within.fixpoint().evaluates(call.name(), inner)) {
      return within.fixpoint().recursiveCall(call, rel, within);
    }
    if (isRecursive(call.name())) {
      return fixpoint(call.name(), inner).call(call, rel);
    }
    return joinHeads(rel, call, seeded(call, rel, inner).rows());
  }

  /**
   * Joins {@code rel} with a rule's head tuples, renamed to the call's variables: constants in
   * the call and variables repeated in it keep only the heads that match.
   */
  Relation joinHeads(Relation rel, Clause.RuleCall call, List<Object[]> heads) {
    List<Term> args = call.args();
    List<Term.Variable> vars = new ArrayList<>();
    List<Integer> from = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i) instanceof Term.Variable v && !vars.contains(v)) {
        vars.add(v);
        from.add(i);
      }
    }
    List<Object[]> rows = new ArrayList<>();
    for (Object[] h : heads) {
      boolean ok = true;
      for (int i = 0; i < args.size() && ok; i++) {
        Term a = args.get(i);
        if (a instanceof Term.Constant c) {
          ok = Values.equal(h[i], c.value() instanceof Integer n ? (Object) n.longValue() : c.value());
        } else if (a instanceof Term.Variable v) {
          int first = from.get(vars.indexOf(v));
          ok = first == i || Values.equal(h[first], h[i]);
        }
      }
      if (ok) {
        Object[] r = new Object[vars.size()];
        for (int k = 0; k < r.length; k++) {
          r[k] = h[from.get(k)];
        }
        rows.add(r);
      }
    }
    return hashJoin(rel, new Relation(vars, rows));
  }

  private final Map<Symbol, Boolean> recursive = new HashMap<>();

  private boolean isRecursive(Symbol name) {
    return recursive.computeIfAbsent(name, n -> {
      if (!rules.containsKey(n)) {
        throw new QueryExecutionException("unknown-rule", "rule " + n + " is not defined");
      }
      return reachable(n).contains(n);
    });
  }

  /** The evaluation of {@code name}'s recursive component on {@code source}, kept for the whole query. */
  private Fixpoint fixpoint(Symbol name, Symbol source) {
    Set<Symbol> scc = components.computeIfAbsent(name, this::component);
    return fixpoints.computeIfAbsent(List.of(scc, source), k -> new Fixpoint(this, scc, rules, source));
  }

  /**
   * A non-recursive rule evaluated for the call's bound arguments only: each definition's body
   * runs with the distinct bound values as its input, so a rule never computes rows nobody
   * asked for, and rules whose bodies need their arguments bound (filters) work.
   */
  private Relation seeded(Clause.RuleCall call, Relation rel, Symbol source) {
    List<Term> args = call.args();
    List<Object[]> out = new ArrayList<>();
    Set<Relation.Key> seen = new HashSet<>();
    for (Rule rule : rules.get(call.name())) {
      List<Term.Variable> head = new ArrayList<>(rule.required());
      head.addAll(rule.vars());
      List<Term.Variable> seedVars = new ArrayList<>();
      List<Integer> seedFrom = new ArrayList<>();
      for (int i = 0; i < args.size() && i < head.size(); i++) {
        Term a = args.get(i);
        boolean bound = a instanceof Term.Constant || (a instanceof Term.Variable v && rel.has(v));
        if (bound && !seedVars.contains(head.get(i))) {
          seedVars.add(head.get(i));
          seedFrom.add(i);
        }
      }
      Relation input = Relation.unit();
      if (!seedVars.isEmpty()) {
        List<Object[]> seeds = new ArrayList<>();
        Set<Relation.Key> distinct = new HashSet<>();
        for (Object[] row : rel.rows()) {
          Object[] seed = new Object[seedVars.size()];
          for (int k = 0; k < seed.length; k++) {
            Term a = args.get(seedFrom.get(k));
            seed[k] = a instanceof Term.Constant c ? normalizeConstant(c.value()) : row[rel.position((Term.Variable) a)];
          }
          if (distinct.add(new Relation.Key(seed))) {
            seeds.add(seed);
          }
        }
        input = new Relation(seedVars, seeds);
      }
      Relation body = evalClauses(rule.body(), input, source, Within.NONE);
      if (body.size() == 0) {
        continue;
      }
      for (Term.Variable v : head) {
        if (!body.has(v)) {
          throw new QueryExecutionException("rule-unbound", "rule " + call.name() + " does not bind its head variable "
              + v + " when called as " + describe(call));
        }
      }
      for (Object[] row : body.project(head).rows()) {
        if (seen.add(new Relation.Key(row))) {
          out.add(row);
        }
      }
    }
    return new Relation(headVars(call.name()), out);
  }

  static Object normalizeConstant(Object v) {
    return v instanceof Integer i ? (Object) i.longValue() : v;
  }

  private List<Term.Variable> headVars(Symbol name) {
    Rule r = rules.get(name).get(0);
    List<Term.Variable> vars = new ArrayList<>(r.required());
    vars.addAll(r.vars());
    return vars;
  }

  /** The rules mutually recursive with {@code name} (its strongly connected component). */
  private Set<Symbol> component(Symbol name) {
    Set<Symbol> reach = reachable(name);
    Set<Symbol> scc = new LinkedHashSet<>();
    scc.add(name);
    for (Symbol s : reach) {
      if (reachable(s).contains(name)) {
        scc.add(s);
      }
    }
    return scc;
  }

  private Set<Symbol> reachable(Symbol from) {
    Set<Symbol> seen = new LinkedHashSet<>();
    List<Symbol> todo = new ArrayList<>(List.of(from));
    while (!todo.isEmpty()) {
      Symbol s = todo.remove(todo.size() - 1);
      for (Rule r : rules.getOrDefault(s, List.of())) {
        for (Symbol callee : calls(r.body())) {
          if (seen.add(callee)) {
            todo.add(callee);
          }
        }
      }
    }
    return seen;
  }

  static Set<Symbol> calls(List<Clause> clauses) {
    Set<Symbol> out = new LinkedHashSet<>();
    for (Clause c : clauses) {
      if (c instanceof Clause.RuleCall r) {
        out.add(r.name());
      } else if (c instanceof Clause.Or o) {
        out.addAll(calls(o.branches()));
      } else if (c instanceof Clause.And a) {
        out.addAll(calls(a.clauses()));
      } else if (c instanceof Clause.Not n) {
        out.addAll(calls(n.body()));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------

  void countRows(long n) {
    rowsMade += n;
    if (rowsMade > limits.maxRows()) {
      throw new QueryExecutionException("too-many-rows", "the query produced more than " + limits.maxRows()
          + " intermediate rows and was stopped; narrow it (bind more variables, add clauses) or raise the limit");
    }
  }

  void checkLimits() {
    if (System.nanoTime() > limits.deadlineNanos()) {
      throw new QueryExecutionException("timeout", "the query ran past its timeout and was stopped");
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new QueryExecutionException("cancelled", "the query was cancelled");
    }
  }

  // --- explain output

  boolean tracing() {
    return trace != null && traceMuted == 0;
  }

  int traceMark() {
    return trace == null ? 0 : trace.size();
  }

  /** Adds a line to the explain output at {@code mark}, indented by the current nesting. */
  void traceAt(int mark, String line) {
    if (tracing()) {
      trace.add(mark, "  ".repeat(traceDepth) + line);
    }
  }

  void traceLine(String line) {
    traceAt(traceMark(), line);
  }

  /** Nests (or hides, while {@code mute} is positive) the explain lines of the clauses run next. */
  void traceNesting(int depth, int mute) {
    traceDepth += depth;
    traceMuted += mute;
  }

  static String describe(Clause c) {
    return dev.spoor.datalog.QueryParser.render(c) + " at " + c.span().line() + ":" + c.span().column();
  }

}
