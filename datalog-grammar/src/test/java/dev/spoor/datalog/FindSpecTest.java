package dev.spoor.datalog;

import static dev.spoor.datalog.Ast.agg;
import static dev.spoor.datalog.Ast.assertAst;
import static dev.spoor.datalog.Ast.collection;
import static dev.spoor.datalog.Ast.find;
import static dev.spoor.datalog.Ast.parse;
import static dev.spoor.datalog.Ast.pattern;
import static dev.spoor.datalog.Ast.pull;
import static dev.spoor.datalog.Ast.pullFrom;
import static dev.spoor.datalog.Ast.relation;
import static dev.spoor.datalog.Ast.scalar;
import static dev.spoor.datalog.Ast.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.spoor.datalog.Query.Keys.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code :find} in its four shapes, its elements, {@code :keys}/{@code :syms}/{@code :strs} and {@code :with}. */
class FindSpecTest {

  static Stream<Arguments> queries() {
    return Stream.of(
        arguments("a relation of one variable",
            "[:find ?e :where [?e :task/status :open]]",
            find(relation("?e")).where(pattern("?e", ":task/status", ":open"))),
        arguments("a relation of several variables",
            "[:find ?e ?title :where [?e :task/title ?title]]",
            find(relation("?e", "?title")).where(pattern("?e", ":task/title", "?title"))),
        arguments("a collection",
            "[:find [?title ...] :where [_ :task/title ?title]]",
            find(collection("?title")).where(pattern("_", ":task/title", "?title"))),
        arguments("a tuple",
            "[:find [?e ?title] :where [?e :task/title ?title]]",
            find(tuple("?e", "?title")).where(pattern("?e", ":task/title", "?title"))),
        arguments("a tuple of one element is a tuple, not a collection",
            "[:find [?e] :where [?e :task/title]]",
            find(tuple("?e")).where(pattern("?e", ":task/title"))),
        arguments("a scalar",
            "[:find ?title . :where [_ :task/title ?title]]",
            find(scalar("?title")).where(pattern("_", ":task/title", "?title"))),
        arguments("a scalar aggregate",
            "[:find (count ?e) . :where [?e :task/title]]",
            find(scalar(agg("count", "?e"))).where(pattern("?e", ":task/title"))),
        arguments("aggregates next to a grouping variable",
            "[:find ?status (count ?e) (count-distinct ?title) :where [?e :task/status ?status] [?e :task/title ?title]]",
            find(relation("?status", agg("count", "?e"), agg("count-distinct", "?title")))
                .where(pattern("?e", ":task/status", "?status"), pattern("?e", ":task/title", "?title"))),
        arguments("aggregates with a constant argument first",
            "[:find (min 3 ?d) (max 3 ?d) (sample 10 ?d) (rand ?d) :where [_ :track/duration ?d]]",
            find(relation(agg("min", 3L, "?d"), agg("max", 3L, "?d"), agg("sample", 10L, "?d"), agg("rand", "?d")))
                .where(pattern("_", ":track/duration", "?d"))),
        arguments("an aggregate with a variable argument from :in",
            "[:find (sample ?n ?d) :in $ ?n :where [_ :track/duration ?d]]",
            find(relation(agg("sample", "?n", "?d"))).in("$", "?n").where(pattern("_", ":track/duration", "?d"))),
        arguments("a pull with a pattern in place",
            "[:find (pull ?e [:task/title {:task/owner [:agent/name]}]) :where [?e :task/title]]",
            find(relation(pull("?e", "[:task/title {:task/owner [:agent/name]}]"))).where(pattern("?e", ":task/title"))),
        arguments("a pull from a named source",
            "[:find (pull $h ?e [*]) :in $ $h :where [?e :task/title]]",
            find(relation(pullFrom("$h", "?e", "[*]"))).in("$", "$h").where(pattern("?e", ":task/title"))),
        arguments("a pull with the pattern given as an input",
            "[:find [(pull ?e ?pattern) ...] :in $ ?pattern :where [?e :task/title]]",
            find(collection(pull("?e", "?pattern"))).in("$", "?pattern").where(pattern("?e", ":task/title"))),
        arguments(":keys",
            "[:find ?e ?title :keys id title :where [?e :task/title ?title]]",
            find(relation("?e", "?title")).keys(Kind.KEYS, "id", "title").where(pattern("?e", ":task/title", "?title"))),
        arguments(":syms on a tuple",
            "[:find [?e ?title] :syms id title :where [?e :task/title ?title]]",
            find(tuple("?e", "?title")).keys(Kind.SYMS, "id", "title").where(pattern("?e", ":task/title", "?title"))),
        arguments(":strs, given after :where",
            "[:find ?e :where [?e :task/title] :strs id]",
            find(relation("?e")).keys(Kind.STRS, "id").where(pattern("?e", ":task/title"))),
        arguments(":with",
            "[:find (sum ?n) . :with ?medium :where [?medium :medium/trackCount ?n]]",
            find(scalar(agg("sum", "?n"))).with("?medium").where(pattern("?medium", ":medium/trackCount", "?n"))),
        arguments("a query without :where, all from :in",
            "[:find ?x :in ?x]",
            find(relation("?x")).in("?x").where()),
        arguments("the map form",
            "{:find [?e ?title] :in [$ ?status] :where [[?e :task/status ?status] [?e :task/title ?title]]}",
            find(relation("?e", "?title")).in("$", "?status")
                .where(pattern("?e", ":task/status", "?status"), pattern("?e", ":task/title", "?title"))),
        arguments("the map form with a collection and :with",
            "{:find [[?title ...]] :with [?e] :where [[?e :task/title ?title]]}",
            find(collection("?title")).with("?e").where(pattern("?e", ":task/title", "?title"))),
        arguments("the map form with a scalar",
            "{:find [?t .] :where [[_ :task/title ?t]]}",
            find(scalar("?t")).where(pattern("_", ":task/title", "?t"))),
        arguments("the map form with a tuple and :keys",
            "{:find [[?e ?t]] :keys [id title] :where [[?e :task/title ?t]]}",
            find(tuple("?e", "?t")).keys(Kind.KEYS, "id", "title").where(pattern("?e", ":task/title", "?t"))),
        arguments("a list instead of a vector",
            "(:find ?e :where [?e :task/title])",
            find(relation("?e")).where(pattern("?e", ":task/title"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void parses(String description, String text, Query expected) {
    assertAst(parse(text), expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void parsesTheSameFromAForm(String description, String text, Query expected) {
    assertAst(QueryParser.parseQuery(EdnReader.readOne(text), FunctionNames.builtIns()), expected);
  }
}
