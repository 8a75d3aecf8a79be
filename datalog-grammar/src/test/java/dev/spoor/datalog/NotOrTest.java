package dev.spoor.datalog;

import static dev.spoor.datalog.Ast.and;
import static dev.spoor.datalog.Ast.assertAst;
import static dev.spoor.datalog.Ast.not;
import static dev.spoor.datalog.Ast.notFrom;
import static dev.spoor.datalog.Ast.notJoin;
import static dev.spoor.datalog.Ast.or;
import static dev.spoor.datalog.Ast.orFrom;
import static dev.spoor.datalog.Ast.orJoin;
import static dev.spoor.datalog.Ast.parse;
import static dev.spoor.datalog.Ast.pattern;
import static dev.spoor.datalog.Ast.pred;
import static dev.spoor.datalog.Ast.vars;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code not}, {@code not-join}, {@code or}, {@code or-join} and {@code and}, after DataScript's
 * {@code query_not} and {@code query_or} tests. Each case is the :where after
 * {@code [:find ?e :in $ $2 ?a :where [?e :name]]}.
 */
class NotOrTest {

  static Stream<Arguments> clauses() {
    return Stream.of(
        arguments("not", "(not [?e :name \"Ivan\"])", not(pattern("?e", ":name", "Ivan"))),
        arguments("not of several clauses", "(not [?e :name \"Ivan\"] [?e :age 10])",
            not(pattern("?e", ":name", "Ivan"), pattern("?e", ":age", 10L))),
        arguments("nested not", "(not [?e :name \"Ivan\"] (not [?e :age 10]))",
            not(pattern("?e", ":name", "Ivan"), not(pattern("?e", ":age", 10L)))),
        arguments("not with a predicate", "(not [?e :age 18] [(< ?e 18)])",
            not(pattern("?e", ":age", 18L), pred("<", "?e", 18L))),
        arguments("not-join", "(not-join [?e] [?e :name \"Oleg\"] [?e :age ?x])",
            notJoin(vars("?e"), pattern("?e", ":name", "Oleg"), pattern("?e", ":age", "?x"))),
        arguments("or", "(or [?e :name \"Oleg\"] [?e :age 10])",
            or(pattern("?e", ":name", "Oleg"), pattern("?e", ":age", 10L))),
        arguments("or with and branches", "(or (and [?e :name \"Ivan\"] [1 :age ?x]) (and [?e :name \"Oleg\"] [2 :age ?x]))",
            or(and(pattern("?e", ":name", "Ivan"), pattern(1L, ":age", "?x")),
                and(pattern("?e", ":name", "Oleg"), pattern(2L, ":age", "?x")))),
        arguments("or-join", "(or-join [?e] [?e :name ?n] (and [?e :age ?x] [?e :name ?n]))",
            orJoin(List.of(), vars("?e"), pattern("?e", ":name", "?n"),
                and(pattern("?e", ":age", "?x"), pattern("?e", ":name", "?n")))),
        arguments("or-join with a required variable", "(or-join [[?a] ?e] [?e :age ?a] [?e :name \"Oleg\"])",
            orJoin(vars("?a"), vars("?e"), pattern("?e", ":age", "?a"), pattern("?e", ":name", "Oleg"))),
        arguments("or-join with only required variables", "(or-join [[?e ?a]] [?e :age ?a] [?e :name \"Oleg\"])",
            orJoin(vars("?e", "?a"), List.of(), pattern("?e", ":age", "?a"), pattern("?e", ":name", "Oleg"))),
        arguments("an explicit source inside", "(not [$2 ?e :age 10])", not(pattern("$2", "?e", ":age", 10L))),
        arguments("not gives its source to the clauses inside", "($2 not [?e :age 10])",
            notFrom("$2", pattern("$2", "?e", ":age", 10L))),
        arguments("a clause inside may still name another source", "($2 not [$ ?e :name \"Ivan\"])",
            notFrom("$2", pattern("?e", ":name", "Ivan"))),
        arguments("a nested not keeps the source", "($2 not (not [?e :age 10]))",
            notFrom("$2", notFrom("$2", pattern("$2", "?e", ":age", 10L)))),
        arguments("or gives its source to its branches", "($2 or [?e :age ?a] (and [?e :age ?a] [(> ?a 1)]))",
            orFrom("$2", pattern("$2", "?e", ":age", "?a"), and(pattern("$2", "?e", ":age", "?a"), pred(">", "?a", 1L)))),
        arguments("a nested or can switch back", "($2 or ($ or [?e :name \"Ivan\"]))",
            orFrom("$2", or(pattern("?e", ":name", "Ivan")))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clauses")
  void parses(String description, String clause, Clause expected) {
    Query q = parse("[:find ?e :in $ $2 ?a :where [?e :name] " + clause + "]");
    assertAst(q.where(), List.of(pattern("?e", ":name"), expected));
  }
}
