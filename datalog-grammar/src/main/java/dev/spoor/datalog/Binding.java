package dev.spoor.datalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How a value is taken apart into variables: in {@code :in} and in function bindings
 * ({@code [(f ?x) binding]}), as in Datomic.
 *
 * <pre>
 * ?x            Scalar
 * [?x ?y]       Tuple       (elements: Scalar or Blank)
 * [?x ...]      Collection
 * [[?x ?y]]     Relation    (elements: Scalar or Blank)
 * _             Blank       (inside tuples and relations)
 * </pre>
 */
public sealed interface Binding
    permits Binding.Scalar, Binding.Blank, Binding.Tuple, Binding.Collection, Binding.Relation {
  Span span();

  record Scalar(Term.Variable variable, Span span) implements Binding {
    public Scalar {
      requireNonNull(variable, "variable");
      requireNonNull(span, "span");
    }
  }

  record Blank(Span span) implements Binding {
    public Blank {
      requireNonNull(span, "span");
    }
  }

  record Tuple(List<Binding> elements, Span span) implements Binding {
    public Tuple {
      elements = List.copyOf(elements);
      requireNonNull(span, "span");
    }
  }

  record Collection(Binding element, Span span) implements Binding {
    public Collection {
      requireNonNull(element, "element");
      requireNonNull(span, "span");
    }
  }

  record Relation(List<Binding> columns, Span span) implements Binding {
    public Relation {
      columns = List.copyOf(columns);
      requireNonNull(span, "span");
    }
  }
}
