package dev.spoor.datalog;

import static java.util.Objects.requireNonNull;

import dev.spoor.core.Symbol;
import java.util.List;

/**
 * One rule definition, {@code [(name [?req ...] ?v ...) clause+]}. A rule name may have
 * several definitions (its branches, OR-ed); all must have the same arity.
 *
 * @param required head variables that must be bound when the rule is called (the inner vector)
 * @param vars the other head variables
 */
public record Rule(Symbol name, List<Term.Variable> required, List<Term.Variable> vars, List<Clause> body, Span span) {
  public Rule {
    requireNonNull(name, "name");
    required = List.copyOf(required);
    vars = List.copyOf(vars);
    body = List.copyOf(body);
    requireNonNull(span, "span");
  }

  public int arity() {
    return required.size() + vars.size();
  }
}
