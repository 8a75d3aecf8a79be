package dev.spoor.datalog;

import static dev.spoor.datalog.Ast.agg;
import static dev.spoor.datalog.Ast.assertAst;
import static dev.spoor.datalog.Ast.bind;
import static dev.spoor.datalog.Ast.bindColl;
import static dev.spoor.datalog.Ast.bindRel;
import static dev.spoor.datalog.Ast.bindTuple;
import static dev.spoor.datalog.Ast.c;
import static dev.spoor.datalog.Ast.find;
import static dev.spoor.datalog.Ast.fn;
import static dev.spoor.datalog.Ast.parse;
import static dev.spoor.datalog.Ast.pattern;
import static dev.spoor.datalog.Ast.pred;
import static dev.spoor.datalog.Ast.relation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.spoor.core.Symbol;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Predicates {@code [(pred args)]}, function calls {@code [(fn args) binding]} and the names they may call. */
class PredicatesAndFunctionsTest {

  static Stream<Arguments> clauses() {
    return Stream.of(
        arguments("a comparison", "[(< ?a 10)]", pred("<", "?a", 10L)),
        arguments("an inequality of two variables", "[(!= ?a ?b)]", pred("!=", "?a", "?b")),
        arguments("a predicate reading a source", "[(missing? $ ?e :task/owner)]", pred("missing?", "$", "?e", ":task/owner")),
        arguments("a qualified predicate", "[(clojure.string/starts-with? ?t \"Write\")]",
            pred("clojure.string/starts-with?", "?t", c("Write"))),
        arguments("a call without arguments", "[(vector) ?x]", fn(bind("?x"), "vector")),
        arguments("a scalar binding", "[(str ?a ?b) ?s]", fn(bind("?s"), "str", "?a", "?b")),
        arguments("arithmetic", "[(quot ?millis 60000) ?minutes]", fn(bind("?minutes"), "quot", "?millis", 60000L)),
        arguments("get-else with a source and a default", "[(get-else $ ?e :task/owner \"nobody\") ?owner]",
            fn(bind("?owner"), "get-else", "$", "?e", ":task/owner", c("nobody"))),
        arguments("a tuple binding", "[(get-some $ ?e :a :b) [?attr ?v]]",
            fn(bindTuple("?attr", "?v"), "get-some", "$", "?e", ":a", ":b")),
        arguments("a tuple binding with a blank", "[(untuple ?t) [?a _]]", fn(bindTuple("?a", "_"), "untuple", "?t")),
        arguments("a collection binding", "[(ground [1 2 3]) [?x ...]]",
            fn(bindColl("?x"), "ground", List.of(1L, 2L, 3L))),
        arguments("a relation binding", "[(ground [[1 \"a\"] [2 \"b\"]]) [[?n ?s]]]",
            fn(bindRel("?n", "?s"), "ground", List.of(List.of(1L, "a"), List.of(2L, "b")))),
        arguments("a collection of tuples", "[(ground [[1 \"a\"]]) [[?n ?s] ...]]",
            fn(Ast.bindColl(bindTuple("?n", "?s")), "ground", List.of(List.of(1L, "a")))),
        arguments("tuple building", "[(tuple ?a ?b) ?t]", fn(bind("?t"), "tuple", "?a", "?b")),
        arguments("range", "[(range 0 10) [?x ...]]", fn(bindColl("?x"), "range", 0L, 10L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clauses")
  void parses(String description, String clause, Clause expected) {
    String text = "[:find ?e :in $ ?a ?b ?e ?t ?millis :where " + clause + "]";
    assertAst(parse(text).where(), List.of(expected));
  }

  @Test
  void aFunctionBindsItsResultForTheClausesAround() {
    assertAst(parse("[:find ?e ?len :where [?e :task/title ?t] [(count ?t) ?len] [(> ?len 10)]]"),
        find(relation("?e", "?len")).where(
            pattern("?e", ":task/title", "?t"), fn(bind("?len"), "count", "?t"), pred(">", "?len", 10L)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "=", "!=", "not=", "<", ">", "<=", ">=", "+", "-", "*", "/", "quot", "rem", "mod", "inc", "dec", "max", "min",
      "zero?", "pos?", "neg?", "even?", "odd?", "str", "subs", "get-else", "get-some", "missing?", "ground", "tuple",
      "untuple", "identity", "vector", "list", "count", "range", "re-find", "re-matches", "re-seq", "re-pattern",
      "starts-with?", "ends-with?", "includes?", "blank?", "lower-case", "upper-case", "clojure.string/starts-with?",
      "clojure.string/ends-with?", "clojure.string/includes?", "clojure.string/blank?", "clojure.string/lower-case",
      "clojure.string/upper-case"})
  void knowsDatomicsBuiltInFunctions(String name) {
    assertThat(FunctionNames.builtIns().isFunction(Symbol.of(name))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "count", "count-distinct", "sum", "avg", "min", "max", "median", "variance", "stddev", "distinct", "rand", "sample"})
  void knowsDatomicsBuiltInAggregates(String name) {
    assertThat(FunctionNames.builtIns().isAggregate(Symbol.of(name))).isTrue();
  }

  @Test
  void knowsNothingElse() {
    assertThat(FunctionNames.builtIns().isFunction(Symbol.of("my.ns/score"))).isFalse();
    assertThat(FunctionNames.builtIns().isAggregate(Symbol.of("str"))).isFalse();
  }

  @Test
  void takesFunctionsAndAggregatesTheEvaluatorAdds() {
    FunctionNames names = FunctionNames.builtIns()
        .with(Set.of(Symbol.of("my.ns/score")), Set.of(Symbol.of("my.ns/top")));
    String text = "[:find (my.ns/top ?s) . :where [?e :task/title ?t] [(my.ns/score ?t) ?s]]";

    assertAst(QueryParser.parseQuery(text, names),
        find(Ast.scalar(agg("my.ns/top", "?s"))).where(pattern("?e", ":task/title", "?t"), fn(bind("?s"), "my.ns/score", "?t")));
    assertThat(names.isFunction(Symbol.of("str"))).isTrue();
    QueryException e = catchThrowableOfType(QueryException.class, () -> Ast.parse(text));
    assertThat(e.problem()).isEqualTo("unknown aggregate my.ns/top in (my.ns/top ?s)");
  }
}
