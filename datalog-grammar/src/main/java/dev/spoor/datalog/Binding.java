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

  /** The variables this binding binds, in order of appearance, repeats included. */
  default List<Term.Variable> variables() {
    List<Term.Variable> out = new java.util.ArrayList<>();
    addVariables(this, out);
    return out;
  }

  private static void addVariables(Binding b, List<Term.Variable> out) {
    if (b instanceof Scalar s) {
      out.add(s.variable());
    } else if (b instanceof Tuple t) {
      t.elements().forEach(e -> addVariables(e, out));
    } else if (b instanceof Collection c) {
      addVariables(c.element(), out);
    } else if (b instanceof Relation r) {
      r.columns().forEach(e -> addVariables(e, out));
    }
  }

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
