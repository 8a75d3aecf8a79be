package dev.spoor.query;

import dev.spoor.core.Symbol;
import dev.spoor.datalog.Clause;
import dev.spoor.datalog.Rule;
import dev.spoor.datalog.Term;
import dev.spoor.query.internal.Relation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One component of mutually recursive rules on one source, evaluated on demand: only for the
 * argument values its callers bind, never the whole relation when a caller binds something.
 *
 * <p>A call sees the rule with some argument positions bound: its <em>adornment</em>, written
 * {@code follows^bf} (b bound, f free). The bound values asked for so far are the rule's
 * <em>demand</em> (the "magic set"). There are two ways to answer:
 *
 * <p><b>Tables: magic sets, evaluated semi-naively.</b> Each adorned rule has a table: its demand
 * and the answers found for it. A round evaluates every definition once seeded with the demand
 * that arrived since the last round, and once per recursive call site in it with that site
 * reading only the answers the last round added (the delta) and the older demand as seeds. A
 * recursive call inside a body adds the values bound at that point to the demand of the table it
 * lands in (whose adornment is what is bound there) and joins with that table's answers. Rounds
 * repeat until no table gets new demand or new answers. A rule called with nothing bound has one
 * table holding its whole relation, and calls inside its bodies read whole relations too: that
 * is plain semi-naive bottom-up evaluation.
 *
 * <p><b>Tail chains: right-linear recursion.</b> When every recursive body of the component ends
 * in one recursive call that takes the free head variables straight through, in the same
 * positions ({@code [(follows ?a ?b) [?a :person/follows ?x] (follows ?x ?b)]} with {@code ?a}
 * bound), the answers for a demanded value are its own exit answers plus the answers of every
 * value it passes on. Tables would hold the answers for each of those values, quadratic in what
 * the call reaches; instead each demanded value links to the values it passes on, exit bodies
 * give each value's own answers, and a call's answers are those of everything reachable through
 * the links: linear in what it reaches.
 *
 * <p>Negation may only look at lower components, which are complete before this one reads them
 * ({@link #checkStratified}). The state lives for the whole query, so a second call with demand
 * already answered computes nothing new.
 */
final class Fixpoint {
  private final Evaluator ev;
  private final Set<Symbol> component;
  private final Map<Symbol, List<Rule>> rules;
  private final Symbol source;
  private final Map<Adornment, Table> tables = new LinkedHashMap<>();
  private final Map<String, Chains> chains = new HashMap<>();
  private final Map<String, Boolean> tailForm = new HashMap<>();
  private boolean running;
  private int rounds;

  /** A rule with the argument positions its caller binds: {@code pattern} has b (bound) or f (free) per position. */
  record Adornment(Symbol rule, String pattern) {
    @Override
    public String toString() {
      return rule + "^" + pattern;
    }
  }

  Fixpoint(Evaluator ev, Set<Symbol> component, Map<Symbol, List<Rule>> rules, Symbol source) {
    this.ev = ev;
    this.component = component;
    this.rules = rules;
    this.source = source;
    for (Symbol s : component) {
      for (Rule r : rules.get(s)) {
        checkStratified(r.body(), component, s);
      }
    }
  }

  /** Whether a call of {@code rule} on {@code src} belongs to this component's evaluation. */
  boolean evaluates(Symbol rule, Symbol src) {
    return component.contains(rule) && source.equals(src);
  }

  // ---------------------------------------------------------------------------------------
  // Calls

  /**
   * A call from outside the component: its bound values become demand, the component is evaluated
   * until nothing changes, and the answers are joined with {@code rel}.
   */
  Relation call(Clause.RuleCall call, Relation rel) {
    if (running) {
      throw new QueryExecutionException("unstratified", "rule " + call.name() + " depends on itself through not;"
          + " Spoor evaluates negation over rules only when it is stratified");
    }
    String pattern = pattern(call, rel);
    List<Object[]> seeds = seeds(call, rel, pattern);
    int mark = ev.traceMark();
    int roundsBefore = rounds;
    running = true;
    List<Object[]> heads;
    String summary;
    if (pattern.contains("b") && isTailForm(pattern)) {
      Chains c = chains.computeIfAbsent(pattern, Chains::new);
      heads = c.answer(call.name(), seeds);
      summary = "recursive " + new Adornment(call.name(), pattern) + " by tail chains: " + seeds.size() + " demanded, "
          + (rounds - roundsBefore) + " rounds, " + c.nodes.size() + " values reached, " + heads.size() + " answers";
    } else {
      Table t = table(new Adornment(call.name(), pattern));
      t.demand(seeds);
      run();
      heads = t.answers;
      StringBuilder sb = new StringBuilder("recursive " + t.adornment + " by " + (pattern.contains("b")
          ? "magic sets" : "semi-naive bottom-up") + ": " + (rounds - roundsBefore) + " rounds");
      tables.values().forEach(x -> sb.append("; ").append(x.adornment).append(' ').append(x.demand.size())
          .append(" demanded, ").append(x.answers.size()).append(" answers"));
      summary = sb.toString();
    }
    running = false;
    ev.traceAt(mark, summary);
    return ev.joinHeads(rel, call, heads);
  }

  /**
   * A call of a rule of this component from inside one of its bodies: adds the values bound here
   * to the demand of the table it lands in and reads that table's answers (only the delta when
   * this is the site the current variant reads it at). Inside a table with nothing bound, every
   * call reads whole relations.
   */
  Relation recursiveCall(Clause.RuleCall call, Relation rel, Evaluator.Within within) {
    String pattern = within.table().adornment.pattern().contains("b") ? pattern(call, rel)
        : "f".repeat(call.args().size());
    Table t = table(new Adornment(call.name(), pattern));
    t.demand(seeds(call, rel, pattern));
    return ev.joinHeads(rel, call, within.deltaSite() == call ? t.delta() : t.answers);
  }

  /** b where the call's argument is a constant or a variable bound in {@code rel}, f elsewhere. */
  private static String pattern(Clause.RuleCall call, Relation rel) {
    StringBuilder sb = new StringBuilder();
    for (Term a : call.args()) {
      sb.append(a instanceof Term.Constant || (a instanceof Term.Variable v && rel.has(v)) ? 'b' : 'f');
    }
    return sb.toString();
  }

  /** The distinct tuples of values at the call's bound positions, one per row of {@code rel}. */
  private static List<Object[]> seeds(Clause.RuleCall call, Relation rel, String pattern) {
    List<Term> args = call.args();
    Set<Relation.Key> distinct = new HashSet<>();
    List<Object[]> out = new ArrayList<>();
    for (Object[] row : rel.rows()) {
      Object[] seed = new Object[count(pattern)];
      int k = 0;
      for (int i = 0; i < args.size(); i++) {
        if (pattern.charAt(i) == 'b') {
          seed[k++] = args.get(i) instanceof Term.Constant c ? Evaluator.normalizeConstant(c.value())
              : row[rel.position((Term.Variable) args.get(i))];
        }
      }
      if (distinct.add(new Relation.Key(seed))) {
        out.add(seed);
      }
    }
    return out;
  }

  private static int count(String pattern) {
    return (int) pattern.chars().filter(c -> c == 'b').count();
  }

  /**
   * The seeds as a relation over the definition's bound head variables, the input its body runs
   * with. A head variable at two bound positions keeps the seeds that agree on it.
   */
  private static Relation seedRelation(List<Term.Variable> head, String pattern, List<Object[]> seeds) {
    List<Term.Variable> vars = new ArrayList<>();
    for (int i = 0; i < head.size(); i++) {
      if (pattern.charAt(i) == 'b' && !vars.contains(head.get(i))) {
        vars.add(head.get(i));
      }
    }
    if (vars.isEmpty()) {
      return Relation.unit();
    }
    List<Object[]> rows = new ArrayList<>();
    for (Object[] seed : seeds) {
      Object[] row = new Object[vars.size()];
      boolean agree = true;
      int k = 0;
      for (int i = 0; i < head.size(); i++) {
        if (pattern.charAt(i) == 'b') {
          int col = vars.indexOf(head.get(i));
          agree &= row[col] == null || dev.spoor.query.internal.Values.equal(row[col], seed[k]);
          row[col] = seed[k++];
        }
      }
      if (agree) {
        rows.add(row);
      }
    }
    return new Relation(vars, rows);
  }

  private static List<Term.Variable> head(Rule def) {
    List<Term.Variable> head = new ArrayList<>(def.required());
    head.addAll(def.vars());
    return head;
  }

  private static void requireBound(List<Term.Variable> head, Relation body, Rule def) {
    for (Term.Variable v : head) {
      if (!body.has(v)) {
        throw new QueryExecutionException("rule-unbound", "rule " + def.name() + " does not bind its head variable " + v);
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Tables: magic sets, semi-naive

  /** One adorned rule: what was asked of it and what it answered, both only ever growing. */
  final class Table {
    final Adornment adornment;
    private final Set<Relation.Key> demanded = new HashSet<>();
    private final List<Object[]> demand = new ArrayList<>();
    /** {@code demand[0, seeded)} has been evaluated. */
    private int seeded;
    private final Set<Relation.Key> known = new HashSet<>();
    final List<Object[]> answers = new ArrayList<>();
    /** {@code answers[deltaFrom, deltaTo)} are what the last round added. */
    private int deltaFrom;
    private int deltaTo;
    private final Set<Rule> shown = new HashSet<>();

    Table(Adornment adornment) {
      this.adornment = adornment;
    }

    void demand(List<Object[]> seeds) {
      for (Object[] s : seeds) {
        if (demanded.add(new Relation.Key(s))) {
          demand.add(s);
        }
      }
    }

    List<Object[]> delta() {
      return answers.subList(deltaFrom, deltaTo);
    }
  }

  private Table table(Adornment a) {
    return tables.computeIfAbsent(a, Table::new);
  }

  /** Rounds until no table has new demand or new answers. */
  private void run() {
    while (true) {
      ev.checkLimits();
      List<Table> current = new ArrayList<>(tables.values());
      Map<Table, List<Object[]>> newSeeds = new HashMap<>();
      Map<Table, List<Object[]>> oldSeeds = new HashMap<>();
      boolean changed = false;
      for (Table t : current) {
        t.deltaFrom = t.deltaTo;
        t.deltaTo = t.answers.size();
        oldSeeds.put(t, new ArrayList<>(t.demand.subList(0, t.seeded)));
        newSeeds.put(t, new ArrayList<>(t.demand.subList(t.seeded, t.demand.size())));
        t.seeded = t.demand.size();
        changed |= !newSeeds.get(t).isEmpty() || t.deltaTo > t.deltaFrom;
      }
      if (!changed) {
        return;
      }
      rounds++;
      for (Table t : current) {
        for (Rule def : rules.get(t.adornment.rule())) {
          evaluate(t, def, newSeeds.get(t), null);
          for (Clause.RuleCall site : recursiveCalls(def)) {
            if (hasDelta(site.name())) {
              evaluate(t, def, oldSeeds.get(t), site);
            }
          }
        }
      }
    }
  }

  private boolean hasDelta(Symbol rule) {
    for (Table t : tables.values()) {
      if (t.adornment.rule().equals(rule) && t.deltaTo > t.deltaFrom) {
        return true;
      }
    }
    return false;
  }

  /** One definition's body for {@code seeds}, {@code deltaSite} (if any) reading the delta; new heads go to the table. */
  private void evaluate(Table t, Rule def, List<Object[]> seeds, Clause.RuleCall deltaSite) {
    if (seeds.isEmpty()) {
      return;
    }
    List<Term.Variable> head = head(def);
    Relation input = seedRelation(head, t.adornment.pattern(), seeds);
    boolean show = deltaSite == null && ev.tracing() && t.shown.add(def);
    Relation body = traced(show ? t.adornment + " " + describe(def) + ", first round" : null,
        () -> ev.evalClauses(def.body(), input, source, new Evaluator.Within(this, t, deltaSite)));
    if (body.size() == 0) {
      return;
    }
    requireBound(head, body, def);
    int before = t.answers.size();
    for (Object[] row : body.project(head).rows()) {
      if (t.known.add(new Relation.Key(row))) {
        t.answers.add(row);
      }
    }
    ev.countRows(t.answers.size() - before);
  }

  /** Evaluates {@code body} with its plan in the explain output under {@code header}, or silently when that is null. */
  private Relation traced(String header, java.util.function.Supplier<Relation> body) {
    boolean show = header != null;
    if (show) {
      ev.traceLine(header);
    }
    int depth = show ? 1 : 0;
    int mute = show ? 0 : 1;
    ev.traceNesting(depth, mute);
    try {
      return body.get();
    } finally {
      ev.traceNesting(-depth, -mute);
    }
  }

  private String describe(Rule def) {
    List<Rule> defs = rules.get(def.name());
    return defs.size() == 1 ? "body" : "body " + (defs.indexOf(def) + 1) + " of " + defs.size();
  }

  // ---------------------------------------------------------------------------------------
  // Tail chains: right-linear recursion

  /** A demanded tuple of bound values of one rule. */
  private record Node(Symbol rule, Relation.Key seed) {}

  /** What one node answers itself (the free values of its exit bodies) and the nodes it passes its call on to. */
  private static final class Links {
    final Set<Relation.Key> direct = new LinkedHashSet<>();
    final Set<Node> next = new LinkedHashSet<>();
  }

  /** The nodes and links for one adornment pattern, shared by every rule of the component. */
  private final class Chains {
    final String pattern;
    final Map<Node, Links> nodes = new HashMap<>();
    private Map<Symbol, List<Object[]>> pending = new LinkedHashMap<>();
    private final Set<Rule> shown = new HashSet<>();

    Chains(String pattern) {
      this.pattern = pattern;
    }

    /** The head tuples of {@code rule} for each seed: its bound values and each free answer reachable from it. */
    List<Object[]> answer(Symbol rule, List<Object[]> seeds) {
      for (Object[] s : seeds) {
        reach(rule, s);
      }
      expand();
      List<Object[]> heads = new ArrayList<>();
      for (Object[] s : seeds) {
        Set<Relation.Key> free = new LinkedHashSet<>();
        Set<Node> seen = new HashSet<>();
        ArrayDeque<Node> todo = new ArrayDeque<>();
        Node start = new Node(rule, new Relation.Key(s));
        seen.add(start);
        todo.add(start);
        while (!todo.isEmpty()) {
          Links l = nodes.get(todo.poll());
          free.addAll(l.direct);
          for (Node n : l.next) {
            if (seen.add(n)) {
              todo.add(n);
            }
          }
        }
        for (Relation.Key f : free) {
          heads.add(assemble(s, f.values()));
        }
        ev.countRows(free.size());
      }
      return heads;
    }

    private Links reach(Symbol rule, Object[] seed) {
      Node n = new Node(rule, new Relation.Key(seed));
      Links l = nodes.get(n);
      if (l == null) {
        l = new Links();
        nodes.put(n, l);
        pending.computeIfAbsent(rule, k -> new ArrayList<>()).add(seed);
      }
      return l;
    }

    /** Evaluates each new node's bodies, batched per rule and round, until no new node appears. */
    private void expand() {
      while (!pending.isEmpty()) {
        ev.checkLimits();
        rounds++;
        Map<Symbol, List<Object[]>> batch = pending;
        pending = new LinkedHashMap<>();
        for (Map.Entry<Symbol, List<Object[]>> e : batch.entrySet()) {
          for (Rule def : rules.get(e.getKey())) {
            expand(def, e.getValue());
          }
        }
      }
    }

    private void expand(Rule def, List<Object[]> seeds) {
      List<Term.Variable> head = head(def);
      Relation input = seedRelation(head, pattern, seeds);
      Clause.RuleCall tail = recursiveCalls(def).isEmpty() ? null : recursiveCalls(def).get(0);
      List<Clause> prefix = new ArrayList<>();
      for (Clause c : def.body()) {
        if (c != tail) {
          prefix.add(c);
        }
      }
      boolean show = ev.tracing() && shown.add(def);
      Relation rows = traced(show ? new Adornment(def.name(), pattern) + " " + Fixpoint.this.describe(def)
          + (tail == null ? "" : " without its tail call") + ", first round" : null,
          () -> ev.evalClauses(prefix, input, source, Evaluator.Within.NONE));
      if (rows.size() == 0) {
        return;
      }
      if (tail == null) {
        requireBound(head, rows, def);
        for (Object[] h : rows.project(head).rows()) {
          Links l = nodes.get(new Node(def.name(), new Relation.Key(part(h, 'b'))));
          if (l != null) {
            l.direct.add(new Relation.Key(part(h, 'f')));
          }
        }
        return;
      }
      int links = 0;
      for (Object[] row : rows.rows()) {
        Object[] from = new Object[count(pattern)];
        Object[] to = new Object[from.length];
        int k = 0;
        for (int i = 0; i < head.size(); i++) {
          if (pattern.charAt(i) == 'b') {
            from[k] = row[rows.position(head.get(i))];
            Term a = tail.args().get(i);
            to[k++] = a instanceof Term.Constant c ? Evaluator.normalizeConstant(c.value())
                : row[rows.position((Term.Variable) a)];
          }
        }
        Links l = nodes.get(new Node(def.name(), new Relation.Key(from)));
        if (l != null && l.next.add(new Node(tail.name(), new Relation.Key(to)))) {
          reach(tail.name(), to);
          links++;
        }
      }
      ev.countRows(links);
    }

    /** A head tuple's values at the positions marked {@code kind} ('b' or 'f'). */
    private Object[] part(Object[] head, char kind) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < head.length; i++) {
        if (pattern.charAt(i) == kind) {
          out.add(head[i]);
        }
      }
      return out.toArray();
    }

    /** The head tuple with {@code bound} at the b positions and {@code free} at the f positions. */
    private Object[] assemble(Object[] bound, Object[] free) {
      Object[] head = new Object[pattern.length()];
      int b = 0;
      int f = 0;
      for (int i = 0; i < head.length; i++) {
        head[i] = pattern.charAt(i) == 'b' ? bound[b++] : free[f++];
      }
      return head;
    }
  }

  /** Whether every definition of the component is an exit body or a tail body for {@code pattern}. */
  private boolean isTailForm(String pattern) {
    return tailForm.computeIfAbsent(pattern, p -> {
      for (Symbol s : component) {
        for (Rule def : rules.get(s)) {
          if (!isExitOrTail(def, p)) {
            return false;
          }
        }
      }
      return true;
    });
  }

  /**
   * A definition is an exit body when it calls no rule of the component, and a tail body when it
   * makes one such call, at its top level, on the same source, where each free head variable is
   * the call's argument at its own position and appears nowhere else in the body, and each bound
   * position of the call gets a constant or a variable the rest of the body or the bound head binds.
   */
  private boolean isExitOrTail(Rule def, String pattern) {
    List<Clause.RuleCall> calls = recursiveCalls(def);
    if (calls.isEmpty()) {
      return true;
    }
    Clause.RuleCall tail = calls.get(0);
    List<Term.Variable> head = head(def);
    if (calls.size() != 1 || def.body().stream().noneMatch(c -> c == tail) || !tail.source().isDefault()
        || tail.args().size() != head.size()) {
      return false;
    }
    Set<Term.Variable> rest = new HashSet<>();
    Set<Term.Variable> bound = new HashSet<>();
    for (Clause c : def.body()) {
      if (c != tail) {
        mentions(c, rest);
        bound.addAll(Evaluator.bindsVars(c));
      }
    }
    Set<Term.Variable> freeHead = new HashSet<>();
    for (int i = 0; i < head.size(); i++) {
      if (pattern.charAt(i) == 'b') {
        bound.add(head.get(i));
      } else {
        freeHead.add(head.get(i));
      }
    }
    for (int i = 0; i < head.size(); i++) {
      Term.Variable h = head.get(i);
      Term a = tail.args().get(i);
      if (pattern.charAt(i) == 'f') {
        if (!h.equals(a) || head.indexOf(h) != i || head.lastIndexOf(h) != i || rest.contains(h)
            || tail.args().indexOf(a) != i || tail.args().lastIndexOf(a) != i) {
          return false;
        }
      } else if (!(a instanceof Term.Constant)
          && !(a instanceof Term.Variable v && bound.contains(v) && !freeHead.contains(v))) {
        return false;
      }
    }
    return true;
  }

  /** Every variable a clause mentions, at any depth. */
  private static void mentions(Clause c, Set<Term.Variable> out) {
    if (c instanceof Clause.Pattern p) {
      terms(p.terms(), out);
    } else if (c instanceof Clause.Predicate p) {
      terms(p.args(), out);
    } else if (c instanceof Clause.FnCall f) {
      terms(f.args(), out);
      out.addAll(f.binding().variables());
    } else if (c instanceof Clause.RuleCall r) {
      terms(r.args(), out);
    } else if (c instanceof Clause.Not n) {
      out.addAll(n.joinVars());
      n.body().forEach(x -> mentions(x, out));
    } else if (c instanceof Clause.Or o) {
      out.addAll(o.required());
      out.addAll(o.joinVars());
      o.branches().forEach(x -> mentions(x, out));
    } else if (c instanceof Clause.And a) {
      a.clauses().forEach(x -> mentions(x, out));
    }
  }

  private static void terms(List<Term> terms, Set<Term.Variable> out) {
    for (Term t : terms) {
      if (t instanceof Term.Variable v) {
        out.add(v);
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // The component's structure

  private final Map<Rule, List<Clause.RuleCall>> recursiveCalls = new HashMap<>();

  /** The calls of this component's rules in a definition's body, inside or and and too. */
  private List<Clause.RuleCall> recursiveCalls(Rule def) {
    return recursiveCalls.computeIfAbsent(def, d -> {
      List<Clause.RuleCall> out = new ArrayList<>();
      collectCalls(d.body(), out);
      return out;
    });
  }

  private void collectCalls(List<Clause> clauses, List<Clause.RuleCall> out) {
    for (Clause c : clauses) {
      if (c instanceof Clause.RuleCall r && component.contains(r.name())) {
        out.add(r);
      } else if (c instanceof Clause.Or o) {
        collectCalls(o.branches(), out);
      } else if (c instanceof Clause.And a) {
        collectCalls(a.clauses(), out);
      }
    }
  }

  private static void checkStratified(List<Clause> body, Set<Symbol> component, Symbol rule) {
    for (Clause c : body) {
      if (c instanceof Clause.Not n) {
        for (Symbol callee : Evaluator.calls(n.body())) {
          if (component.contains(callee)) {
            throw new QueryExecutionException("unstratified", "rule " + rule + " negates " + callee + ", which depends on "
                + rule + "; negation through recursion has no single answer (it is not stratified)");
          }
        }
      } else if (c instanceof Clause.Or o) {
        checkStratified(o.branches(), component, rule);
      } else if (c instanceof Clause.And a) {
        checkStratified(a.clauses(), component, rule);
      }
    }
  }
}
