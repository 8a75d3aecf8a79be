package dev.spoor.datalog;

import dev.spoor.core.Keyword;
import dev.spoor.core.Symbol;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Whether a well-formed query can be evaluated as written, checked before evaluation and
 * reported at the offending clause with code {@code :query/invalid}.
 *
 * <p>Three passes, in this order, so the first error is always the same one:
 *
 * <ol>
 *   <li>definitions: every definition of a rule name has the same arity and number of
 *       required variables;
 *   <li>structure, clause by clause in source order: inputs are distinct, functions,
 *       aggregates, sources and rules are known, rules get the right number of arguments,
 *       the branches of a plain {@code or} use the same variables, not-join variables are
 *       used;
 *   <li>bindings: every variable a clause needs bound is bound by another clause.
 * </ol>
 *
 * <p>"Bound" does not depend on the order of the clauses, since the evaluator plans its own
 * join order: a scope's variables are bound by a fixpoint. It starts from what the enclosing
 * scope binds (or, at the top, the {@code :in} bindings), then repeatedly takes in every
 * clause whose needs are met and adds what it binds, until nothing changes. A clause left
 * out at the end is the error. What each clause needs and binds:
 *
 * <pre>
 * clause                  needs bound                          binds
 * pattern                 nothing                              its variables
 * [(f args)]              its variable args                    nothing
 * [(f args) binding]      its variable args                    the binding's variables
 * (rule args)             the args in required positions       its variable args
 * (not ...)               one of its variables; its body,      nothing
 *                         checked with everything bound outside
 * (not-join [vs] ...)     vs; its body, checked with vs bound  nothing
 * (or ...)                each branch, checked with            what every branch binds
 *                         everything bound outside
 * (or-join [[rs] vs] ...) rs; each branch, checked with the    rs and vs
 *                         join variables bound outside, must
 *                         bind each of vs not bound outside
 * </pre>
 *
 * In a rule body, the head variables count as bound: the call site may bind them, and
 * whether it does is only known at evaluation.
 */
final class QueryValidator {
  private final FunctionNames functions;
  private final Function<Object, SourceText> sources;

  private Map<Symbol, List<Rule>> rules = Map.of();
  /** Steps of not and or clauses already taken, by clause (identity), then by what is bound. */
  private final Map<Clause, Map<List<Object>, Step>> memo = new IdentityHashMap<>();
  private final Map<Clause, Set<Term.Variable>> allVars = new IdentityHashMap<>();
  /** Whether a rule name missing from {@link #rules} is an error (the % rules are known). */
  private boolean rulesComplete = true;
  /** Whether the query can have rules at all: inline, or given as %. */
  private boolean rulesAvailable = true;
  /** The sources declared in :in; null in rule bodies, whose sources come from the call. */
  private Set<Term.SrcVar> declaredSources;
  private SourceText source = SourceText.NONE;

  /**
   * @param functions the known functions, or null to leave function names unchecked (for a
   *     rule set parsed on its own; {@link #query} checks them)
   * @param sources the text each query and rule was read from
   */
  QueryValidator(FunctionNames functions, Function<Object, SourceText> sources) {
    this.functions = functions;
    this.sources = sources;
  }

  private record Problem(Span at, String text) {}

  private record Result(Set<Term.Variable> bound, Problem problem) {}

  private record Step(Set<Term.Variable> binds, Problem problem) {}

  // ---------------------------------------------------------------- entry points

  /**
   * Checks {@code query}, whose {@code %} input (if any) holds {@code given}; when
   * {@code complete} is false the {@code %} rules are not known yet, and calls to rules
   * defined nowhere in sight are let through.
   */
  void query(Query query, List<Rule> given, boolean complete) {
    boolean hasRulesInput = query.inputs().stream().anyMatch(in -> in instanceof Query.Input.Rules);
    List<Rule> all = new ArrayList<>(query.rules());
    all.addAll(given);
    rulesAvailable = hasRulesInput || !query.rules().isEmpty();
    rulesComplete = complete || !hasRulesInput;
    definitions(all);

    source = sources.apply(query);
    Set<Term.Variable> inputVars = inputs(query);
    checkFind(query);
    for (Clause c : query.where()) {
      structure(c, false);
    }
    Result result = analyze(query.where(), inputVars, Map.of());
    throwIf(result.problem());
    checkProjected(query, result.bound());

    declaredSources = null;
    for (Rule rule : all) {
      ruleBody(rule);
    }
  }

  /** Checks a rule set parsed on its own; calls to rules it does not define are let through. */
  void ruleSet(List<Rule> ruleSet) {
    rulesComplete = false;
    declaredSources = null;
    definitions(ruleSet);
    for (Rule rule : ruleSet) {
      ruleBody(rule);
    }
  }

  /** {@code rules} without the very objects that are {@code query}'s inline rules. */
  static List<Rule> withoutInline(Query query, List<Rule> rules) {
    Set<Rule> inline = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    inline.addAll(query.rules());
    List<Rule> given = new ArrayList<>();
    for (Rule r : rules) {
      if (!inline.contains(r)) {
        given.add(r);
      }
    }
    return given;
  }

  /** The problem with {@code n} names in {@code :keys} (or :syms, :strs) for {@code find}, or null. */
  static String keysProblem(Keyword keys, int n, Query.Find find) {
    if (find instanceof Query.Find.Collection || find instanceof Query.Find.Scalar) {
      return keys + " returns maps, so :find must be a relation (:find ?a ?b) or a tuple (:find [?a ?b]), not a "
          + (find instanceof Query.Find.Collection ? "collection" : "scalar");
    }
    int elements = find.elements().size();
    if (n != elements) {
      return keys + " has " + n + " name" + (n == 1 ? "" : "s") + " but :find has " + elements + " element"
          + (elements == 1 ? "" : "s");
    }
    return null;
  }

  // ---------------------------------------------------------------- definitions

  private void definitions(List<Rule> all) {
    Map<Symbol, List<Rule>> byName = new LinkedHashMap<>();
    for (Rule rule : all) {
      source = sources.apply(rule);
      if (rule.arity() == 0) {
        throw invalid(rule.span(), "rule " + rule.name() + " has no variables in its head");
      }
      if (rule.body().isEmpty()) {
        throw invalid(rule.span(), "rule " + rule.name() + " has no clauses");
      }
      List<Rule> same = byName.computeIfAbsent(rule.name(), n -> new ArrayList<>());
      if (!same.isEmpty()) {
        Rule first = same.get(0);
        Span at = first.span();
        if (first.arity() != rule.arity()) {
          throw invalid(rule.span(), "rule " + rule.name() + " is defined with " + count(rule.arity(), "argument")
              + " here but with " + first.arity() + " at line " + at.line() + ":" + at.column());
        }
        if (first.required().size() != rule.required().size()) {
          throw invalid(rule.span(), "rule " + rule.name() + " requires " + count(rule.required().size(), "argument")
              + " bound here but " + first.required().size() + " at line " + at.line() + ":" + at.column());
        }
      }
      same.add(rule);
    }
    rules = byName;
  }

  private void ruleBody(Rule rule) {
    source = sources.apply(rule);
    for (Clause c : rule.body()) {
      structure(c, false);
    }
    Set<Term.Variable> head = new LinkedHashSet<>(rule.required());
    head.addAll(rule.vars());
    throwIf(analyze(rule.body(), head, Map.of()).problem());
  }

  // ---------------------------------------------------------------- inputs and projection

  /** Checks the inputs, sets {@link #declaredSources} and returns the variables they bind. */
  private Set<Term.Variable> inputs(Query query) {
    declaredSources = new HashSet<>();
    Set<Term.Variable> vars = new LinkedHashSet<>();
    boolean rules = false;
    for (Query.Input in : query.inputs()) {
      if (in instanceof Query.Input.Source s) {
        if (!declaredSources.add(s.source())) {
          throw invalid(in.span(), "source " + s.source() + " is listed twice in :in");
        }
      } else if (in instanceof Query.Input.Rules) {
        if (rules) {
          throw invalid(in.span(), "% is listed twice in :in");
        }
        rules = true;
      } else if (in instanceof Query.Input.Bind b) {
        // The same variable in two inputs joins them, as in Datomic; twice in one is a slip.
        Set<Term.Variable> own = new HashSet<>();
        for (Term.Variable v : b.binding().variables()) {
          if (!own.add(v)) {
            throw invalid(v.span(), "variable " + v + " appears twice in the input " + Render.binding(b.binding()));
          }
          vars.add(v);
        }
      } else {
        throw new IllegalStateException("unknown input " + in.getClass().getName());
      }
    }
    return vars;
  }

  private void checkFind(Query query) {
    Query.Find find = query.find();
    if (find.elements().isEmpty()) {
      throw invalid(query.span(), ":find has no elements");
    }
    if ((find instanceof Query.Find.Scalar || find instanceof Query.Find.Collection) && find.elements().size() != 1) {
      throw invalid(query.span(), "a scalar or collection :find has exactly one element");
    }
    if (query.keys().kind() != Query.Keys.Kind.NONE) {
      Keyword name = Keyword.of(query.keys().kind().name().toLowerCase(java.util.Locale.ROOT));
      String problem = keysProblem(name, query.keys().names().size(), find);
      if (problem != null) {
        throw invalid(query.span(), problem);
      }
    }
    Set<Term.Variable> found = new HashSet<>();
    for (Query.Element e : find.elements()) {
      if (e instanceof Query.Element.Var v) {
        found.add(v.variable());
      } else if (e instanceof Query.Element.Aggregate a) {
        aggregate(a);
        found.add(a.variable());
      } else if (e instanceof Query.Element.Pull p) {
        checkSource(p.source(), Render.element(p), e.span());
        if (p.pattern() instanceof Form.Scalar s && s.value() instanceof Symbol sym && sym.isVariable()
            && !isScalarInput(query, sym)) {
          throw invalid(p.span(), "pull pattern " + sym + " is not an input; list it in :in, or write the pattern "
              + "in place, as in (pull " + p.entity() + " [*])");
        }
        found.add(p.entity());
      } else {
        throw new IllegalStateException("unknown :find element " + e.getClass().getName());
      }
    }
    Set<Term.Variable> with = new HashSet<>();
    for (Term.Variable v : query.with()) {
      if (!with.add(v)) {
        throw invalid(v.span(), "variable " + v + " is listed twice in :with");
      }
      if (found.contains(v)) {
        throw invalid(v.span(), "variable " + v + " is in both :find and :with");
      }
    }
  }

  private void aggregate(Query.Element.Aggregate a) {
    if (functions != null && !functions.isAggregate(a.fn())) {
      throw invalid(a.span(), "unknown aggregate " + a.fn() + " in " + Render.element(a));
    }
    if (a.args().isEmpty() || !(a.args().get(a.args().size() - 1) instanceof Term.Variable)) {
      throw invalid(a.span(), "the last argument of aggregate " + a.fn() + " must be the variable it aggregates");
    }
    int[] arities = FunctionTable.AGGREGATE_ARITIES.get(a.fn());
    if (arities != null && java.util.Arrays.stream(arities).noneMatch(n -> n == a.args().size())) {
      String takes = arities.length == 1
          ? count(arities[0], "argument")
          : arities[0] + " or " + count(arities[1], "argument");
      throw invalid(a.span(), "aggregate " + a.fn() + " takes " + takes + ", but " + Render.element(a) + " passes "
          + a.args().size());
    }
  }

  private static boolean isScalarInput(Query query, Symbol s) {
    return query.inputs().stream().anyMatch(in -> in instanceof Query.Input.Bind b
        && b.binding() instanceof Binding.Scalar sc && sc.variable().symbol().equals(s));
  }

  /** Every variable of :find and :with is bound. */
  private void checkProjected(Query query, Set<Term.Variable> bound) {
    for (Query.Element e : query.find().elements()) {
      List<Term.Variable> vars = new ArrayList<>();
      if (e instanceof Query.Element.Var v) {
        vars.add(v.variable());
      } else if (e instanceof Query.Element.Aggregate a) {
        vars.addAll(termVars(a.args()));
      } else if (e instanceof Query.Element.Pull p) {
        vars.add(p.entity());
      }
      for (Term.Variable v : vars) {
        if (!bound.contains(v)) {
          throw invalid(e.span(), "variable " + v + " in :find is not bound by any clause or input");
        }
      }
    }
    for (Term.Variable v : query.with()) {
      if (!bound.contains(v)) {
        throw invalid(v.span(), "variable " + v + " in :with is not bound by any clause or input");
      }
    }
  }

  // ---------------------------------------------------------------- structure

  private void structure(Clause c, boolean branch) {
    if (c instanceof Clause.Pattern p) {
      checkSource(p.source(), Render.clause(c), c.span());
    } else if (c instanceof Clause.Predicate p) {
      function(p.fn(), c);
      sourceArgs(p.args(), c);
    } else if (c instanceof Clause.FnCall f) {
      function(f.fn(), c);
      sourceArgs(f.args(), c);
      Set<Term.Variable> seen = new HashSet<>();
      for (Term.Variable v : f.binding().variables()) {
        if (!seen.add(v)) {
          throw invalid(c.span(), Render.clause(c) + " binds " + v + " twice");
        }
      }
    } else if (c instanceof Clause.Not n) {
      if (n.body().isEmpty()) {
        throw invalid(c.span(), Render.head(c) + " has no clauses");
      }
      Set<Term.Variable> used = new LinkedHashSet<>();
      for (Clause inner : n.body()) {
        structure(inner, false);
        collectVars(inner, used);
      }
      if (n.explicitJoin()) {
        if (n.joinVars().isEmpty()) {
          throw invalid(c.span(), "not-join needs at least one variable");
        }
        for (Term.Variable v : n.joinVars()) {
          if (!used.contains(v)) {
            throw invalid(c.span(), "not-join variable " + v + " is not used in its clauses");
          }
        }
      }
    } else if (c instanceof Clause.Or o) {
      or(o);
    } else if (c instanceof Clause.And a) {
      if (!branch) {
        throw invalid(c.span(), "(and ...) can only be a branch of or or or-join");
      }
      if (a.clauses().isEmpty()) {
        throw invalid(c.span(), "(and) has no clauses");
      }
      for (Clause inner : a.clauses()) {
        structure(inner, false);
      }
    } else if (c instanceof Clause.RuleCall r) {
      ruleCall(r);
    } else {
      throw new IllegalStateException("unknown clause " + c.getClass().getName());
    }
  }

  private void or(Clause.Or o) {
    if (o.branches().isEmpty()) {
      throw invalid(o.span(), Render.head(o) + " has no branches");
    }
    if (o.explicitJoin() && o.required().isEmpty() && o.joinVars().isEmpty()) {
      throw invalid(o.span(), "or-join needs at least one variable");
    }
    Set<Term.Variable> first = null;
    Clause firstBranch = null;
    for (Clause b : o.branches()) {
      structure(b, true);
      if (o.explicitJoin()) {
        continue; // a branch may leave out a join variable bound outside: the bindings check sees to it
      }
      Set<Term.Variable> used = new LinkedHashSet<>();
      collectVars(b, used);
      if (first == null) {
        first = used;
        firstBranch = b;
      } else if (!first.equals(used)) {
        throw invalid(b.span(), "every branch of an or must use the same variables, but " + Render.clause(firstBranch)
            + " uses " + Render.vars(first) + " and " + Render.clause(b) + " uses " + Render.vars(used)
            + "; or-join names the variables to join on");
      }
    }
  }

  private void ruleCall(Clause.RuleCall r) {
    if (!r.source().isDefault()) {
      checkSource(r.source(), Render.clause(r), r.span());
    }
    String fnHint = functions != null && functions.isFunction(r.name())
        ? "; to call function " + r.name() + ", write [" + Render.full(r) + "]"
        : "";
    if (!rulesAvailable) {
      throw invalid(r.span(), Render.clause(r) + " calls rule " + r.name() + ", but the query has no rules; add % to :in "
          + "and pass the rules" + fnHint);
    }
    List<Rule> defs = rules.get(r.name());
    if (defs == null) {
      if (!rulesComplete) {
        return;
      }
      String defined = rules.isEmpty() ? "no rules were given"
          : "the rules define " + String.join(", ", rules.keySet().stream().map(Symbol::toString)
              .collect(Collectors.toCollection(TreeSet::new)));
      throw invalid(r.span(), Render.clause(r) + " calls rule " + r.name() + ", which is not defined (" + defined + ")"
          + fnHint);
    }
    Rule rule = defs.get(0);
    if (rule.arity() != r.args().size()) {
      throw invalid(r.span(), "rule " + r.name() + " takes " + count(rule.arity(), "argument") + ", but "
          + Render.clause(r) + " passes " + r.args().size());
    }
    for (int i = 0; i < rule.required().size(); i++) {
      if (r.args().get(i) instanceof Term.Blank) {
        throw invalid(r.args().get(i).span(), "rule " + r.name() + " requires argument " + (i + 1) + " bound, but "
            + Render.clause(r) + " passes _");
      }
    }
  }

  private void function(Symbol fn, Clause c) {
    if (functions != null && !functions.isFunction(fn)) {
      throw invalid(c.span(), "unknown function " + fn + " in " + Render.clause(c));
    }
  }

  private void sourceArgs(List<Term> args, Clause c) {
    for (Term t : args) {
      if (t instanceof Term.SrcVar s) {
        checkSource(s, Render.clause(c), c.span());
      }
    }
  }

  private void checkSource(Term.SrcVar s, String user, Span at) {
    if (declaredSources == null || declaredSources.contains(s)) {
      return;
    }
    if (s.isDefault()) {
      throw invalid(at, user + " reads the default source $, but :in does not list $");
    }
    throw invalid(at, "source " + s + " is not in :in; " + user + " reads from it");
  }

  // ---------------------------------------------------------------- bindings

  /**
   * The fixpoint of the class javadoc over {@code clauses}, starting from {@code outer}.
   * {@code hidden} are the variables bound around a not-join or or-join that did not pass
   * them in, each with that clause: only for the error message.
   */
  private Result analyze(List<Clause> clauses, Set<Term.Variable> outer, Map<Term.Variable, Clause> hidden) {
    Scope scope = new Scope(clauses, hidden);
    Set<Term.Variable> bound = new LinkedHashSet<>(outer);
    List<Clause> pending = new ArrayList<>(clauses);
    boolean progress = true;
    while (progress && !pending.isEmpty()) {
      progress = false;
      for (Iterator<Clause> it = pending.iterator(); it.hasNext();) {
        Step step = step(it.next(), bound, scope);
        if (step.problem() == null) {
          bound.addAll(step.binds());
          it.remove();
          progress = true;
        }
      }
    }
    Problem problem = pending.isEmpty() ? null : step(pending.get(0), bound, scope).problem();
    return new Result(bound, problem);
  }

  private record Scope(List<Clause> clauses, Map<Term.Variable, Clause> hidden) {}

  /** What {@code c} binds once {@code bound} are bound, or why it cannot be evaluated yet. */
  private Step step(Clause c, Set<Term.Variable> bound, Scope scope) {
    if (c instanceof Clause.Pattern p) {
      return new Step(new LinkedHashSet<>(termVars(p.terms())), null);
    } else if (c instanceof Clause.Predicate p) {
      return new Step(Set.of(), needs(p.args(), bound, c, scope));
    } else if (c instanceof Clause.FnCall f) {
      return new Step(new LinkedHashSet<>(f.binding().variables()), needs(f.args(), bound, c, scope));
    } else if (c instanceof Clause.RuleCall r) {
      return new Step(new LinkedHashSet<>(termVars(r.args())), ruleNeeds(r, bound, scope));
    } else if (c instanceof Clause.Not || c instanceof Clause.Or) {
      return remembered(c, bound, scope);
    } else if (c instanceof Clause.And a) {
      Result r = analyze(a.clauses(), bound, scope.hidden());
      return new Step(r.bound(), r.problem());
    }
    throw new IllegalStateException("unknown clause " + c.getClass().getName());
  }

  /**
   * The step of a not or an or, which checks its whole body, remembered: the fixpoint
   * steps a pending clause again on each round, and the nested bodies would each do the same,
   * so without this the cost would grow exponentially with the nesting. The step depends
   * only on which of the clause's own variables are bound (or hidden), so that is the key,
   * and what it binds is kept to those variables.
   */
  private Step remembered(Clause c, Set<Term.Variable> bound, Scope scope) {
    Set<Term.Variable> own = allVars.computeIfAbsent(c, k -> {
      Set<Term.Variable> vars = new HashSet<>();
      deepVars(k, vars);
      return vars;
    });
    Set<Term.Variable> ownBound = new HashSet<>(bound);
    ownBound.retainAll(own);
    Map<Term.Variable, Clause> ownHidden = new HashMap<>(scope.hidden());
    ownHidden.keySet().retainAll(own);
    List<Object> key = List.of(ownBound, ownHidden);
    Map<List<Object>, Step> steps = memo.computeIfAbsent(c, k -> new HashMap<>());
    Step step = steps.get(key);
    if (step == null) {
      step = c instanceof Clause.Not n ? new Step(Set.of(), not(n, bound, scope)) : or((Clause.Or) c, bound, scope);
      Set<Term.Variable> binds = new LinkedHashSet<>(step.binds());
      binds.retainAll(own);
      step = new Step(binds, step.problem());
      steps.put(key, step);
    }
    return step;
  }

  private Problem needs(List<Term> args, Set<Term.Variable> bound, Clause c, Scope scope) {
    for (Term.Variable v : termVars(args)) {
      if (!bound.contains(v)) {
        return unbound(v, c, scope, "");
      }
    }
    return null;
  }

  private Problem ruleNeeds(Clause.RuleCall r, Set<Term.Variable> bound, Scope scope) {
    List<Rule> defs = rules.get(r.name());
    if (defs == null) {
      return null;
    }
    int required = Math.min(defs.get(0).required().size(), r.args().size());
    for (int i = 0; i < required; i++) {
      if (r.args().get(i) instanceof Term.Variable v && !bound.contains(v)) {
        return unbound(v, r, scope, " (rule " + r.name() + " requires argument " + (i + 1) + " bound)");
      }
    }
    return null;
  }

  private Problem not(Clause.Not n, Set<Term.Variable> bound, Scope scope) {
    if (n.explicitJoin()) {
      for (Term.Variable v : n.joinVars()) {
        if (!bound.contains(v)) {
          return new Problem(n.span(),
              "not-join variable " + v + " is not bound by any clause outside " + Render.head(n));
        }
      }
      Set<Term.Variable> inner = new LinkedHashSet<>(n.joinVars());
      return analyze(n.body(), inner, hide(scope.hidden(), bound, inner, n)).problem();
    }
    Set<Term.Variable> vars = new LinkedHashSet<>();
    for (Clause c : n.body()) {
      collectVars(c, vars);
    }
    if (vars.isEmpty()) {
      return new Problem(n.span(), Render.clause(n) + " uses no variable; a not must share one with the clauses "
          + "around it");
    }
    List<Term.Variable> free = vars.stream().filter(v -> !bound.contains(v)).toList();
    if (!free.isEmpty()) {
      return new Problem(n.span(), Render.clause(n) + " uses " + Render.vars(free) + ", which no clause outside it"
          + " binds; a not joins on all its variables, as in Datomic, so bind " + (free.size() == 1 ? "it" : "them")
          + " outside or keep " + (free.size() == 1 ? "it" : "them") + " local with (not-join [...] ...)");
    }
    return analyze(n.body(), bound, scope.hidden()).problem();
  }

  private Step or(Clause.Or o, Set<Term.Variable> bound, Scope scope) {
    if (!o.explicitJoin()) {
      Set<Term.Variable> binds = null;
      for (Clause b : o.branches()) {
        Result r = analyze(branch(b), bound, scope.hidden());
        if (r.problem() != null) {
          return new Step(Set.of(), r.problem());
        }
        if (binds == null) {
          binds = new LinkedHashSet<>(r.bound());
        } else {
          binds.retainAll(r.bound());
        }
      }
      return new Step(binds, null);
    }
    for (Term.Variable v : o.required()) {
      if (!bound.contains(v)) {
        return new Step(Set.of(), new Problem(o.span(), "or-join requires " + v + " bound, but no clause outside "
            + Render.head(o) + " binds it"));
      }
    }
    Set<Term.Variable> joined = joinVars(o);
    Set<Term.Variable> inner = new LinkedHashSet<>(joined);
    inner.retainAll(bound);
    Map<Term.Variable, Clause> hidden = hide(scope.hidden(), bound, inner, o);
    for (Clause b : o.branches()) {
      Result r = analyze(branch(b), inner, hidden);
      if (r.problem() != null) {
        return new Step(Set.of(), r.problem());
      }
      for (Term.Variable v : o.joinVars()) {
        if (!r.bound().contains(v)) {
          return new Step(Set.of(), new Problem(b.span(), "branch " + Render.clause(b) + " of " + Render.head(o)
              + " does not bind " + v + ", and no clause outside binds it"));
        }
      }
    }
    return new Step(joined, null);
  }

  /** {@code hidden}, and the variables of {@code bound} that {@code join} does not pass in. */
  private static Map<Term.Variable, Clause> hide(Map<Term.Variable, Clause> hidden, Set<Term.Variable> bound,
      Set<Term.Variable> passed, Clause join) {
    Map<Term.Variable, Clause> more = new LinkedHashMap<>(hidden);
    for (Term.Variable v : bound) {
      if (!passed.contains(v)) {
        more.putIfAbsent(v, join);
      }
    }
    return more;
  }

  private Problem unbound(Term.Variable v, Clause c, Scope scope, String why) {
    Clause join = scope.hidden().get(v);
    Set<Term.Variable> bindable = new HashSet<>();
    for (Clause s : scope.clauses()) {
      if (s != c) {
        bindable.addAll(mayBind(s));
      }
    }
    if (!bindable.contains(v) && join != null) {
      return new Problem(c.span(), "variable " + v + " is bound outside " + Render.head(join) + " but not joined; "
          + Render.clause(c) + " needs it bound" + why + ", so list it with the join variables");
    } else if (bindable.contains(v)) {
      return new Problem(c.span(), "variable " + v + " is not bound before " + Render.clause(c) + " needs it" + why
          + ": the clauses that bind " + v + " need unbound variables themselves");
    }
    return new Problem(c.span(), "variable " + v + " is not bound by any clause; " + Render.clause(c) + " needs it bound"
        + why);
  }

  /** What {@code c} binds if all it needs is bound. */
  private static Set<Term.Variable> mayBind(Clause c) {
    if (c instanceof Clause.Pattern p) {
      return new HashSet<>(termVars(p.terms()));
    } else if (c instanceof Clause.FnCall f) {
      return new HashSet<>(f.binding().variables());
    } else if (c instanceof Clause.RuleCall r) {
      return new HashSet<>(termVars(r.args()));
    } else if (c instanceof Clause.Or o) {
      if (o.explicitJoin()) {
        return joinVars(o);
      }
      Set<Term.Variable> binds = null;
      for (Clause b : o.branches()) {
        Set<Term.Variable> branch = new HashSet<>();
        for (Clause inner : branch(b)) {
          branch.addAll(mayBind(inner));
        }
        if (binds == null) {
          binds = branch;
        } else {
          binds.retainAll(branch);
        }
      }
      return binds == null ? Set.of() : binds;
    } else if (c instanceof Clause.And a) {
      Set<Term.Variable> binds = new HashSet<>();
      for (Clause inner : a.clauses()) {
        binds.addAll(mayBind(inner));
      }
      return binds;
    }
    return Set.of();
  }

  // ---------------------------------------------------------------- variables

  private static List<Clause> branch(Clause b) {
    return b instanceof Clause.And a ? a.clauses() : List.of(b);
  }

  private static Set<Term.Variable> joinVars(Clause.Or o) {
    Set<Term.Variable> vars = new LinkedHashSet<>(o.required());
    vars.addAll(o.joinVars());
    return vars;
  }

  /**
   * The variables {@code c} uses, as DataScript counts them: for not-join and or-join only
   * their join variables, since the others are their own.
   */
  private static void collectVars(Clause c, Set<Term.Variable> out) {
    if (c instanceof Clause.Pattern p) {
      out.addAll(termVars(p.terms()));
    } else if (c instanceof Clause.Predicate p) {
      out.addAll(termVars(p.args()));
    } else if (c instanceof Clause.FnCall f) {
      out.addAll(termVars(f.args()));
      out.addAll(f.binding().variables());
    } else if (c instanceof Clause.RuleCall r) {
      out.addAll(termVars(r.args()));
    } else if (c instanceof Clause.Not n) {
      if (n.explicitJoin()) {
        out.addAll(n.joinVars());
      } else {
        n.body().forEach(inner -> collectVars(inner, out));
      }
    } else if (c instanceof Clause.Or o) {
      if (o.explicitJoin()) {
        out.addAll(joinVars(o));
      } else {
        o.branches().forEach(inner -> collectVars(inner, out));
      }
    } else if (c instanceof Clause.And a) {
      a.clauses().forEach(inner -> collectVars(inner, out));
    }
  }

  /** Every variable anywhere in {@code c}, its own local ones included. */
  private static void deepVars(Clause c, Set<Term.Variable> out) {
    if (c instanceof Clause.Not n) {
      out.addAll(n.joinVars());
      n.body().forEach(inner -> deepVars(inner, out));
    } else if (c instanceof Clause.Or o) {
      out.addAll(joinVars(o));
      o.branches().forEach(inner -> deepVars(inner, out));
    } else if (c instanceof Clause.And a) {
      a.clauses().forEach(inner -> deepVars(inner, out));
    } else {
      collectVars(c, out);
    }
  }

  private static List<Term.Variable> termVars(List<Term> terms) {
    List<Term.Variable> vars = new ArrayList<>();
    for (Term t : terms) {
      if (t instanceof Term.Variable v) {
        vars.add(v);
      }
    }
    return vars;
  }

  // ---------------------------------------------------------------- errors

  private void throwIf(Problem problem) {
    if (problem != null) {
      throw invalid(problem.at(), problem.text());
    }
  }

  private QueryException invalid(Span at, String problem) {
    return QueryException.at(QueryException.INVALID, at, problem, source);
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
