package dev.spoor.query;

import static java.util.Objects.requireNonNull;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.core.Symbol;
import dev.spoor.datalog.Binding;
import dev.spoor.datalog.EdnReader;
import dev.spoor.datalog.Form;
import dev.spoor.datalog.Query;
import dev.spoor.datalog.QueryParser;
import dev.spoor.datalog.Rule;
import dev.spoor.datalog.Term;
import dev.spoor.query.internal.Relation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs Datalog queries, written as Datomic writes them, against {@link Db} values.
 *
 * <pre>{@code
 * QueryResult r = Datalog.builtIns().q(
 *     "[:find ?title :in $ ?status :where [?t :task/status ?status] [?t :task/title ?title]]",
 *     db, Keyword.of("open"));
 * }</pre>
 *
 * Inputs match {@code :in} in order: a {@link Db} for each {@code $} source, rules (EDN text, a
 * {@link Form} or a list of {@link Rule}s) for {@code %}, and Java values for bindings
 * (a scalar; a {@code List} for a tuple or collection; a list of lists for a relation).
 * Immutable and thread-safe.
 */
public final class Datalog {
  private static final Datalog BUILT_INS = new Datalog(Functions.builtIns(), Duration.ofMinutes(5), 50_000_000L,
      newParseCache());

  private final Functions functions;
  private final Duration timeout;
  private final long maxRows;
  /**
   * Query texts already parsed and validated against {@link #functions}: agents run the same
   * few queries over and over, and parsing costs more than many of them take to run.
   */
  private final Cache<String, Query> parsed;

  private Datalog(Functions functions, Duration timeout, long maxRows, Cache<String, Query> parsed) {
    this.functions = functions;
    this.timeout = timeout;
    this.maxRows = maxRows;
    this.parsed = parsed;
  }

  private static Cache<String, Query> newParseCache() {
    return CacheBuilder.newBuilder().maximumSize(1_000).build();
  }

  /** Datomic's built-in functions, a 5 minute timeout, 50 million intermediate rows at most. */
  public static Datalog builtIns() {
    return BUILT_INS;
  }

  public Datalog withFunctions(Functions f) {
    return new Datalog(requireNonNull(f, "functions"), timeout, maxRows, newParseCache());
  }

  /** Stops a query that runs longer than {@code t} with a {@code :query/timeout} error. */
  public Datalog withTimeout(Duration t) {
    return new Datalog(functions, requireNonNull(t, "timeout"), maxRows, parsed);
  }

  /** Stops a query whose intermediate results exceed {@code rows} rows, before memory runs out. */
  public Datalog withMaxRows(long rows) {
    return new Datalog(functions, timeout, rows, parsed);
  }

  public Functions functions() {
    return functions;
  }

  /** Parses and validates {@code query} without running it (remembering the last thousand texts). */
  public Query parse(String query) {
    requireNonNull(query, "query");
    Query q = parsed.getIfPresent(query);
    if (q == null) {
      q = QueryParser.parseQuery(query, functions.names());
      parsed.put(query, q);
    }
    return q;
  }

  public QueryResult q(String query, Object... inputs) {
    return run(parse(query), query, inputs, false);
  }

  public QueryResult q(Query query, Object... inputs) {
    return run(query, null, inputs, false);
  }

  /** Runs {@code query} and records the plan: each clause in the order chosen with its row counts. */
  public QueryResult explain(String query, Object... inputs) {
    return run(parse(query), query, inputs, true);
  }

  private QueryResult run(Query query, String text, Object[] inputs, boolean explain) {
    requireNonNull(inputs, "inputs");
    List<Query.Input> ins = query.inputs();
    if (inputs.length != ins.size()) {
      throw new QueryExecutionException("input-count", "the query's :in takes " + ins.size() + " input"
          + (ins.size() == 1 ? "" : "s") + " " + describe(ins) + ", got " + inputs.length);
    }
    Map<Symbol, Db> sources = new LinkedHashMap<>();
    List<Rule> rules = new ArrayList<>(query.rules());
    Relation rel = Relation.unit();
    Map<Symbol, Object> scalars = new HashMap<>();
    for (int i = 0; i < ins.size(); i++) {
      Query.Input in = ins.get(i);
      Object value = requireNonNull(inputs[i], "input " + i);
      if (in instanceof Query.Input.Source s) {
        if (!(value instanceof Db db)) {
          throw new QueryExecutionException("bad-input", "input " + i + " is for source " + s.source() + " and must be a Db,"
              + " got " + value.getClass().getSimpleName());
        }
        sources.put(s.source().symbol(), db);
      } else if (in instanceof Query.Input.Rules) {
        rules.addAll(rules(value));
      } else {
        Binding b = ((Query.Input.Bind) in).binding();
        value = normalize(value);
        if (b instanceof Binding.Scalar sc) {
          scalars.put(sc.variable().symbol(), value);
        }
        rel = joinInput(rel, b, value);
      }
    }
    QueryParser.validate(query, rules, functions.names());
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> trace = explain ? new ArrayList<>() : null;
    Evaluator ev = new Evaluator(sources, rules, functions, new Evaluator.Limits(deadline, maxRows), trace);
    Relation result = ev.evalClauses(query.where(), rel, Symbol.of("$"), Evaluator.Within.NONE);
    return project(query, result, sources, scalars, trace == null ? List.of() : trace);
  }

  private static String describe(List<Query.Input> ins) {
    List<String> names = new ArrayList<>();
    for (Query.Input in : ins) {
      names.add(in instanceof Query.Input.Source s ? s.source().toString()
          : in instanceof Query.Input.Rules ? "%" : "binding");
    }
    return names.toString();
  }

  private List<Rule> rules(Object value) {
    if (value instanceof String s) {
      return QueryParser.parseRules(s);
    }
    if (value instanceof Form f) {
      return QueryParser.parseRules(f);
    }
    if (value instanceof List<?> l && l.stream().allMatch(r -> r instanceof Rule)) {
      List<Rule> out = new ArrayList<>();
      l.forEach(r -> out.add((Rule) r));
      return out;
    }
    throw new QueryExecutionException("bad-input", "rules (%) are EDN text, a Form or a list of Rule; got "
        + value.getClass().getSimpleName());
  }

  private static Object normalize(Object v) {
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof java.util.Collection<?> c && !(v instanceof List) && !(v instanceof Set)) {
      return new ArrayList<>(c);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(normalize(x)));
      return out;
    }
    if (v instanceof Set<?> s) {
      List<Object> out = new ArrayList<>(s.size());
      s.forEach(x -> out.add(normalize(x)));
      return out;
    }
    return v;
  }

  private static Relation joinInput(Relation rel, Binding b, Object value) {
    List<Term.Variable> vs = new ArrayList<>(new LinkedHashSet<>(b.variables()));
    List<Object[]> rows = new ArrayList<>();
    Set<Relation.Key> seen = new HashSet<>();
    for (Map<Term.Variable, Object> m : Evaluator.destructure(b, value)) {
      Object[] row = new Object[vs.size()];
      for (int i = 0; i < row.length; i++) {
        row[i] = m.get(vs.get(i));
      }
      if (seen.add(new Relation.Key(row))) {
        rows.add(row);
      }
    }
    return Relation.join(rel, new Relation(vs, rows));
  }

  // ---------------------------------------------------------------------------------------
  // Find: projection, aggregates, pull, keys

  private QueryResult project(Query q, Relation rel, Map<Symbol, Db> sources, Map<Symbol, Object> scalars,
      List<String> trace) {
    List<Query.Element> elements = q.find().elements();
    List<String> columns = new ArrayList<>();
    for (Query.Element el : elements) {
      columns.add(describe(el));
    }
    List<Term.Variable> groupVars = new ArrayList<>();
    boolean aggregates = false;
    for (Query.Element el : elements) {
      if (el instanceof Query.Element.Var v) {
        groupVars.add(v.variable());
      } else if (el instanceof Query.Element.Pull p) {
        groupVars.add(p.entity());
      } else {
        aggregates = true;
      }
    }
    List<Term.Variable> basis = new ArrayList<>();
    for (Query.Element el : elements) {
      Term.Variable v = el instanceof Query.Element.Var x ? x.variable()
          : el instanceof Query.Element.Pull p ? p.entity() : ((Query.Element.Aggregate) el).variable();
      if (!basis.contains(v)) {
        basis.add(v);
      }
    }
    for (Term.Variable w : q.with()) {
      if (!basis.contains(w)) {
        basis.add(w);
      }
    }
    for (Term.Variable v : basis) {
      if (!rel.has(v)) {
        throw new QueryExecutionException("unbound-find", "find variable " + v + " is not bound by the query");
      }
    }
    Relation distinct = rel.project(basis);
    List<List<Object>> tuples = new ArrayList<>();
    if (!aggregates) {
      for (Object[] row : distinct.rows()) {
        List<Object> t = new ArrayList<>();
        for (Query.Element el : elements) {
          Object v = row[distinct.position(el instanceof Query.Element.Var x ? x.variable()
              : ((Query.Element.Pull) el).entity())];
          t.add(el instanceof Query.Element.Pull p ? pull(p, v, sources, scalars) : v);
        }
        tuples.add(t);
      }
      if (q.with().isEmpty()) {
        tuples = new ArrayList<>(new LinkedHashSet<>(tuples));
      }
    } else {
      Map<List<Object>, List<Object[]>> groups = new LinkedHashMap<>();
      int[] gcols = new int[groupVars.size()];
      for (int i = 0; i < gcols.length; i++) {
        gcols[i] = distinct.position(groupVars.get(i));
      }
      for (Object[] row : distinct.rows()) {
        List<Object> key = new ArrayList<>();
        for (int c : gcols) {
          key.add(row[c]);
        }
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
      }
      for (Map.Entry<List<Object>, List<Object[]>> g : groups.entrySet()) {
        List<Object> t = new ArrayList<>();
        int k = 0;
        for (Query.Element el : elements) {
          if (el instanceof Query.Element.Aggregate a) {
            t.add(aggregate(a, g.getValue(), distinct));
          } else {
            Object v = g.getKey().get(k++);
            t.add(el instanceof Query.Element.Pull p ? pull(p, v, sources, scalars) : v);
          }
        }
        tuples.add(t);
      }
    }
    List<Object> rows = new ArrayList<>();
    Query.Find find = q.find();
    for (List<Object> t : tuples) {
      if (find instanceof Query.Find.Collection || find instanceof Query.Find.Scalar) {
        rows.add(t.get(0));
      } else if (q.keys().kind() != Query.Keys.Kind.NONE) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < t.size(); i++) {
          String name = q.keys().names().get(i);
          Object key = switch (q.keys().kind()) {
            case KEYS -> Keyword.of(name);
            case SYMS -> Symbol.of(name);
            default -> name;
          };
          m.put(key, t.get(i));
        }
        rows.add(m);
      } else {
        rows.add(List.copyOf(t));
      }
    }
    if (find instanceof Query.Find.Collection) {
      rows = new ArrayList<>(new LinkedHashSet<>(rows));
    }
    boolean list = !q.with().isEmpty() || aggregates || q.keys().kind() != Query.Keys.Kind.NONE
        || elements.stream().anyMatch(e -> e instanceof Query.Element.Pull);
    return new QueryResult(find, columns, rows, list, trace);
  }

  private Object aggregate(Query.Element.Aggregate a, List<Object[]> rows, Relation rel) {
    Functions.Aggregate fn = functions.aggregate(a.fn()).orElseThrow(() -> new QueryExecutionException(
        "unknown-aggregate", "unknown aggregate " + a.fn()));
    List<Object> constants = new ArrayList<>();
    for (Term t : a.args().subList(0, a.args().size() - 1)) {
      if (!(t instanceof Term.Constant c)) {
        throw new QueryExecutionException("bad-aggregate", "the arguments of (" + a.fn() + " ...) before the variable must"
            + " be constants");
      }
      constants.add(c.value() instanceof Integer i ? (Object) i.longValue() : c.value());
    }
    int col = rel.position(a.variable());
    List<Object> values = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      values.add(row[col]);
    }
    try {
      return fn.apply(constants, values);
    } catch (dev.spoor.core.SpoorException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new QueryExecutionException("aggregate-failed", "(" + a.fn() + " " + a.variable() + ") failed: " + e, e);
    }
  }

  private Object pull(Query.Element.Pull p, Object entity, Map<Symbol, Db> sources, Map<Symbol, Object> scalars) {
    Db db = sources.get(p.source().isDefault() ? Symbol.of("$") : p.source().symbol());
    if (db == null) {
      throw new QueryExecutionException("unknown-source", "pull uses source " + p.source() + ", which is not an input");
    }
    Form pattern = p.pattern();
    if (pattern instanceof Form.Scalar s && s.value() instanceof Symbol var && var.isVariable()) {
      Object given = scalars.get(var);
      if (given == null) {
        throw new QueryExecutionException("bad-pull-pattern", "pull pattern " + var + " is not a scalar input");
      }
      pattern = given instanceof Form f ? f : EdnReader.readOne(given instanceof String str ? str : Edn.print(given));
    }
    if (db.isHistory()) {
      throw new QueryExecutionException("pull-on-history", "cannot pull from a history view: pull reads the facts"
          + " that stand; use the current or an as-of view");
    }
    if (!(entity instanceof Long id)) {
      throw new QueryExecutionException("bad-pull-entity", "pull needs an entity id, got " + Edn.print(entity));
    }
    Optional<Map<Object, Object>> m = new Pull(db).pull(pattern, id);
    return m.isPresent() ? m.get() : Optional.empty();
  }

  private static String describe(Query.Element el) {
    if (el instanceof Query.Element.Var v) {
      return v.variable().toString();
    }
    if (el instanceof Query.Element.Aggregate a) {
      StringBuilder sb = new StringBuilder("(").append(a.fn());
      for (Term t : a.args()) {
        sb.append(' ').append(t instanceof Term.Constant c ? Edn.print(c.value()) : t.toString());
      }
      return sb.append(')').toString();
    }
    Query.Element.Pull p = (Query.Element.Pull) el;
    return "(pull " + p.entity() + " ...)";
  }
}
