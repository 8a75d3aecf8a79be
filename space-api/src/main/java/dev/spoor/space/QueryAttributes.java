package dev.spoor.space;

import dev.spoor.core.Keyword;
import dev.spoor.datalog.Clause;
import dev.spoor.datalog.Query;
import dev.spoor.datalog.Rule;
import dev.spoor.datalog.Term;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which attributes a query reads, so that an {@link Observation} is re-evaluated only after
 * transactions that touch one of them. The answer is a superset (every pattern of every rule
 * counts, whatever its source), or "any attribute" when the query can read attributes its text
 * does not name:
 *
 * <pre>
 * [?e :a ?v]                 :a
 * [[:id "x"] :a ?v]          :a and :id (a lookup ref resolves through its attribute)
 * [?e ?a ?v], [?e _ ?v], [?e] any: the attribute is not a constant
 * [?e 73 ?v]                 any: an attribute given by id is not resolved here
 * (get-else $ ?e :a x)       :a; likewise (missing? $ ?e :a) and (get-some $ ?e :a :b)
 * ($ other function with $)  any: it may read anything
 * (pull ?e pattern)          any: a pull reads the attributes its pattern names, or all of them
 * a % input not readable     any
 * </pre>
 */
final class QueryAttributes {
  private QueryAttributes() {}

  /**
   * The attribute idents {@code query} reads, given the rules of its {@code %} input; empty when
   * it can read any attribute.
   */
  static Optional<Set<Keyword>> of(Query query, List<Rule> inputRules) {
    Set<Keyword> out = new HashSet<>();
    for (Query.Element el : query.find().elements()) {
      if (el instanceof Query.Element.Pull) {
        return Optional.empty();
      }
    }
    boolean bounded = clauses(query.where(), out);
    for (Rule r : query.rules()) {
      bounded &= clauses(r.body(), out);
    }
    for (Rule r : inputRules) {
      bounded &= clauses(r.body(), out);
    }
    return bounded ? Optional.of(Set.copyOf(out)) : Optional.empty();
  }

  /** Adds the attributes {@code clauses} read to {@code out}; false when they can read any. */
  private static boolean clauses(List<Clause> clauses, Set<Keyword> out) {
    boolean bounded = true;
    for (Clause c : clauses) {
      bounded &= clause(c, out);
    }
    return bounded;
  }

  private static boolean clause(Clause c, Set<Keyword> out) {
    if (c instanceof Clause.Pattern p) {
      return pattern(p, out);
    }
    if (c instanceof Clause.Predicate p) {
      return function(p.fn().toString(), p.args(), out);
    }
    if (c instanceof Clause.FnCall f) {
      return function(f.fn().toString(), f.args(), out);
    }
    if (c instanceof Clause.Not n) {
      return clauses(n.body(), out);
    }
    if (c instanceof Clause.Or o) {
      return clauses(o.branches(), out);
    }
    if (c instanceof Clause.And a) {
      return clauses(a.clauses(), out);
    }
    if (c instanceof Clause.RuleCall) {
      return true; // every rule body is analysed on its own
    }
    throw new IllegalStateException("unhandled clause " + c);
  }

  private static boolean pattern(Clause.Pattern p, Set<Keyword> out) {
    List<Term> terms = p.terms();
    if (terms.size() < 2 || !(terms.get(1) instanceof Term.Constant a) || !(a.value() instanceof Keyword k)) {
      return false;
    }
    out.add(k);
    lookupRef(terms.get(0), out);
    if (terms.size() > 2) {
      lookupRef(terms.get(2), out);
    }
    return true;
  }

  private static void lookupRef(Term t, Set<Keyword> out) {
    if (t instanceof Term.Constant c && c.value() instanceof List<?> l && l.size() == 2
        && l.get(0) instanceof Keyword k) {
      out.add(k);
    }
  }

  /** A function reads the database only through a source argument: {@code (get-else $ ?e :a x)}. */
  private static boolean function(String name, List<Term> args, Set<Keyword> out) {
    if (args.stream().noneMatch(a -> a instanceof Term.SrcVar)) {
      return true;
    }
    List<Term> attrs;
    switch (name) {
      case "get-else", "missing?" -> attrs = args.size() > 2 ? args.subList(2, 3) : List.of();
      case "get-some" -> attrs = args.size() > 2 ? args.subList(2, args.size()) : List.of();
      default -> {
        return false;
      }
    }
    for (Term t : attrs) {
      if (!(t instanceof Term.Constant c) || !(c.value() instanceof Keyword k)) {
        return false;
      }
      out.add(k);
    }
    return !attrs.isEmpty();
  }

  /**
   * The attributes whose every read in {@code query} pins the value, with the values: a pattern
   * {@code [?e :a "x"]} with a constant, or {@code [?e :a ?k]} at the top of {@code :where} with
   * {@code ?k} a scalar input ({@code scalars}). Only a datom with one of those values can change
   * what such reads see, so an observation need not run again after a transaction that touches
   * the attribute with other values only. Values of types whose {@code equals} is not the
   * query's equality (doubles, decimals, ...) do not pin; nor does a read inside {@code not},
   * {@code or}, a rule, a lookup ref or a function.
   */
  static java.util.Map<Keyword, Set<Object>> valueKeys(Query query, List<Rule> inputRules,
      java.util.Map<Term.Variable, Object> scalars) {
    java.util.Map<Keyword, Set<Object>> pinned = new java.util.HashMap<>();
    Set<Keyword> unpinned = new HashSet<>();
    pins(query.where(), scalars, pinned, unpinned);
    for (Rule r : query.rules()) {
      pins(r.body(), java.util.Map.of(), pinned, unpinned);
    }
    for (Rule r : inputRules) {
      pins(r.body(), java.util.Map.of(), pinned, unpinned);
    }
    pinned.keySet().removeAll(unpinned);
    return pinned;
  }

  private static void pins(List<Clause> clauses, java.util.Map<Term.Variable, Object> scalars,
      java.util.Map<Keyword, Set<Object>> pinned, Set<Keyword> unpinned) {
    for (Clause c : clauses) {
      if (c instanceof Clause.Pattern p) {
        List<Term> terms = p.terms();
        if (terms.size() < 2 || !(terms.get(1) instanceof Term.Constant a) || !(a.value() instanceof Keyword k)) {
          continue; // reads any attribute: the observation is re-run after every transaction anyway
        }
        Set<Keyword> refs = new HashSet<>();
        lookupRef(terms.get(0), refs);
        Object value = null;
        if (terms.size() > 2) {
          Term v = terms.get(2);
          lookupRef(v, refs);
          if (v instanceof Term.Constant constant) {
            value = constant.value();
          } else if (v instanceof Term.Variable var && scalars.containsKey(var)) {
            value = scalars.get(var);
          }
        }
        unpinned.addAll(refs);
        if (value instanceof Integer n) {
          value = n.longValue();
        }
        if (value instanceof String || value instanceof Keyword || value instanceof Long || value instanceof Boolean
            || value instanceof java.util.UUID || value instanceof java.time.Instant) {
          pinned.computeIfAbsent(k, x -> new HashSet<>()).add(value);
        } else {
          unpinned.add(k);
        }
      } else if (c instanceof Clause.Predicate || c instanceof Clause.FnCall) {
        Set<Keyword> read = new HashSet<>();
        clause(c, read);
        unpinned.addAll(read);
      } else if (c instanceof Clause.Not n) {
        pins(n.body(), java.util.Map.of(), pinned, unpinned);
      } else if (c instanceof Clause.Or o) {
        pins(o.branches(), java.util.Map.of(), pinned, unpinned);
      } else if (c instanceof Clause.And a) {
        pins(a.clauses(), java.util.Map.of(), pinned, unpinned);
      }
    }
  }
}
