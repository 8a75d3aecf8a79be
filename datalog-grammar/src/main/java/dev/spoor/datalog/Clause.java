package dev.spoor.datalog;

import static java.util.Objects.requireNonNull;

import dev.spoor.core.Symbol;
import java.util.List;

/**
 * One clause of a {@code :where} (or rule body), as Datomic writes them.
 *
 * <pre>
 * [$src? e a v tx? added?]                 Pattern
 * [(pred arg*)]                            Predicate       e.g. [(< ?age 30)]
 * [(fn arg*) binding]                      FnCall          e.g. [(str ?a ?b) ?s]
 * ($src? not clause+)                      Not             (joinVars empty)
 * ($src? not-join [?v+] clause+)           Not             (joinVars given)
 * ($src? or branch+)                       Or              (joinVars empty)
 * ($src? or-join [[?req+] ?v*] branch+)    Or              (required + joinVars)
 * (and clause+)                            And             (only as an or branch)
 * ($src? rule-name arg*)                   RuleCall
 * </pre>
 *
 * A missing {@code $src} is the default source: the {@code $src} of the {@code not} or
 * {@code or} around the clause if that has one, else {@code $}. {@link QueryParser} writes it
 * into the AST, so {@code ($h not [?e :a ?v])} holds the pattern {@code [$h ?e :a ?v]}. In a
 * rule body a missing source is {@code $}, which stands for the source the rule is called
 * with: {@code ($h rule ?x)} evaluates the body's {@code $} clauses against {@code $h}.
 */
public sealed interface Clause
    permits Clause.Pattern, Clause.Predicate, Clause.FnCall, Clause.Not, Clause.Or, Clause.And, Clause.RuleCall {
  Span span();

  /** A data pattern: 1 to 5 terms for e, a, v, tx, added. */
  record Pattern(Term.SrcVar source, List<Term> terms, Span span) implements Clause {
    public Pattern {
      requireNonNull(source, "source");
      terms = List.copyOf(terms);
      requireNonNull(span, "span");
      if (terms.isEmpty() || terms.size() > 5) {
        throw new IllegalArgumentException("a pattern has 1 to 5 terms, got " + terms.size());
      }
    }
  }

  /** {@code [(fn args...)]}: keeps the tuples for which the function returns truthy. */
  record Predicate(Symbol fn, List<Term> args, Span span) implements Clause {
    public Predicate {
      requireNonNull(fn, "fn");
      args = List.copyOf(args);
      requireNonNull(span, "span");
    }
  }

  /** {@code [(fn args...) binding]}: binds the function's result. */
  record FnCall(Symbol fn, List<Term> args, Binding binding, Span span) implements Clause {
    public FnCall {
      requireNonNull(fn, "fn");
      args = List.copyOf(args);
      requireNonNull(binding, "binding");
      requireNonNull(span, "span");
    }
  }

  /**
   * {@code not} / {@code not-join}: removes the tuples for which the body has a match.
   * {@code joinVars} is empty for plain {@code not} (it joins on every variable it shares).
   */
  record Not(Term.SrcVar source, List<Term.Variable> joinVars, boolean explicitJoin, List<Clause> body, Span span)
      implements Clause {
    public Not {
      requireNonNull(source, "source");
      joinVars = List.copyOf(joinVars);
      body = List.copyOf(body);
      requireNonNull(span, "span");
    }
  }

  /**
   * {@code or} / {@code or-join}: the union of its branches. For {@code or-join},
   * {@code required} are the variables that must be bound before (the inner vector) and
   * {@code joinVars} the rest; plain {@code or} has neither and {@code explicitJoin} false.
   */
  record Or(Term.SrcVar source, List<Term.Variable> required, List<Term.Variable> joinVars, boolean explicitJoin,
      List<Clause> branches, Span span) implements Clause {
    public Or {
      requireNonNull(source, "source");
      required = List.copyOf(required);
      joinVars = List.copyOf(joinVars);
      branches = List.copyOf(branches);
      requireNonNull(span, "span");
    }
  }

  /** {@code (and clause+)}: one branch of an {@code or} made of several clauses. */
  record And(List<Clause> clauses, Span span) implements Clause {
    public And {
      clauses = List.copyOf(clauses);
      requireNonNull(span, "span");
    }
  }

  /** {@code (rule-name args...)}. */
  record RuleCall(Term.SrcVar source, Symbol name, List<Term> args, Span span) implements Clause {
    public RuleCall {
      requireNonNull(source, "source");
      requireNonNull(name, "name");
      args = List.copyOf(args);
      requireNonNull(span, "span");
    }
  }
}
