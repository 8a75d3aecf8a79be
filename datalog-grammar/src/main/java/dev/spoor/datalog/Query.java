package dev.spoor.datalog;

import static java.util.Objects.requireNonNull;

import dev.spoor.core.Symbol;
import java.util.List;

/**
 * A parsed and validated Datalog query, written as Datomic writes them, in the vector form
 * {@code [:find ... :keys ... :with ... :in ... :where ...]} or the map form
 * {@code {:find [...] :in [...] :where [...]}}.
 *
 * @param find what to return
 * @param keys {@code :keys}/{@code :syms}/{@code :strs}: return maps instead of tuples; empty
 *     names when absent
 * @param with variables kept for bag semantics, then projected away
 * @param inputs the {@code :in} list; {@code [$]} when the query has no {@code :in}
 * @param where the clauses
 * @param rules the rules given inline in the query text, if any (usually rules come as a
 *     {@code %} input)
 */
public record Query(Find find, Keys keys, List<Term.Variable> with, List<Input> inputs, List<Clause> where,
    List<Rule> rules, Span span) {
  public Query {
    requireNonNull(find, "find");
    requireNonNull(keys, "keys");
    with = List.copyOf(with);
    inputs = List.copyOf(inputs);
    where = List.copyOf(where);
    rules = List.copyOf(rules);
    requireNonNull(span, "span");
  }

  /** The shape of the result. */
  public sealed interface Find permits Find.Relation, Find.Collection, Find.Tuple, Find.Scalar {
    List<Element> elements();

    /** {@code :find ?a ?b}: a set of tuples. */
    record Relation(List<Element> elements) implements Find {
      public Relation {
        elements = List.copyOf(elements);
      }
    }

    /** {@code :find [?a ...]}: a collection of values. */
    record Collection(List<Element> elements) implements Find {
      public Collection {
        elements = List.copyOf(elements);
      }
    }

    /** {@code :find [?a ?b]}: a single tuple. */
    record Tuple(List<Element> elements) implements Find {
      public Tuple {
        elements = List.copyOf(elements);
      }
    }

    /** {@code :find ?a .}: a single value. */
    record Scalar(List<Element> elements) implements Find {
      public Scalar {
        elements = List.copyOf(elements);
      }
    }
  }

  /** One element of {@code :find}. */
  public sealed interface Element permits Element.Var, Element.Aggregate, Element.Pull {
    Span span();

    record Var(Term.Variable variable, Span span) implements Element {
      public Var {
        requireNonNull(variable, "variable");
        requireNonNull(span, "span");
      }
    }

    /**
     * {@code (fn args...)}, e.g. {@code (count ?x)}, {@code (min 3 ?x)}, {@code (count-distinct ?x)}.
     * The last argument is the aggregated variable; earlier ones are constants.
     */
    record Aggregate(Symbol fn, List<Term> args, Span span) implements Element {
      public Aggregate {
        requireNonNull(fn, "fn");
        args = List.copyOf(args);
        requireNonNull(span, "span");
      }

      public Term.Variable variable() {
        return (Term.Variable) args.get(args.size() - 1);
      }
    }

    /**
     * {@code (pull $src? ?e pattern)}; the pattern is kept as read (a vector form) or, when it
     * is a variable, names a pattern given as an input.
     */
    record Pull(Term.SrcVar source, Term.Variable entity, Form pattern, Span span) implements Element {
      public Pull {
        requireNonNull(source, "source");
        requireNonNull(entity, "entity");
        requireNonNull(pattern, "pattern");
        requireNonNull(span, "span");
      }
    }
  }

  /** {@code :keys}, {@code :syms} or {@code :strs} with their names, or none. */
  public record Keys(Kind kind, List<String> names) {
    public Keys {
      requireNonNull(kind, "kind");
      names = List.copyOf(names);
    }

    public static final Keys NONE = new Keys(Kind.NONE, List.of());

    public enum Kind { NONE, KEYS, SYMS, STRS }
  }

  /** One element of {@code :in}. */
  public sealed interface Input permits Input.Source, Input.Rules, Input.Bind {
    Span span();

    /** {@code $} or {@code $name}: a database. */
    record Source(Term.SrcVar source, Span span) implements Input {
      public Source {
        requireNonNull(source, "source");
        requireNonNull(span, "span");
      }
    }

    /** {@code %}: a rule set. */
    record Rules(Span span) implements Input {
      public Rules {
        requireNonNull(span, "span");
      }
    }

    /** A binding form: scalar, tuple, collection or relation. */
    record Bind(Binding binding, Span span) implements Input {
      public Bind {
        requireNonNull(binding, "binding");
        requireNonNull(span, "span");
      }
    }
  }
}
