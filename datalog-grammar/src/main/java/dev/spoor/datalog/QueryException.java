package dev.spoor.datalog;

import dev.spoor.core.Keyword;

/**
 * A query or rule set Spoor will not evaluate, with the position of the offending part.
 *
 * <p>The message has the form
 *
 * <pre>
 * line 1:30: variable ?age is not bound by any clause; [(&gt; ?age 30)] needs it bound
 * [:find ?e :where [?e :age ?a] [(&gt; ?age 30)]]
 *                               ^
 * </pre>
 *
 * that is {@code line L:C: problem}, then the source line and a caret under the start of the
 * offending clause, input or {@code :find} element (as in {@link EdnParseException}). The two
 * excerpt lines are left out when the source text is not at hand: for queries and rules
 * parsed from a {@link Form} rather than from text.
 *
 * <p>{@link #code()} is {@code :query/syntax} when the text is EDN but not the shape of a
 * query, rule set or clause (a malformed {@code :find}, a pattern with six terms, a rule head
 * without variables), and {@code :query/invalid} when the shape is right but the query cannot
 * be evaluated as written (a variable nothing binds, an unknown function, a rule called with
 * the wrong number of arguments). Text that is not EDN at all is an {@link EdnParseException}.
 */
public class QueryException extends PositionedException {
  private static final long serialVersionUID = 1L;

  static final Keyword SYNTAX = Keyword.of("query/syntax");
  static final Keyword INVALID = Keyword.of("query/invalid");

  QueryException(Keyword code, int line, int column, String problem, String excerpt) {
    super(code, line, column, problem, excerpt);
  }

  /** An error at {@code at}, with an excerpt of {@code source} when it has the text there. */
  static QueryException at(Keyword code, Span at, String problem, SourceText source) {
    return new QueryException(code, at.line(), at.column(), problem, source.excerpt(at.start(), at.column()));
  }
}
