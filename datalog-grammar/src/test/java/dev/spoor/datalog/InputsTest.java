package dev.spoor.datalog;

import static dev.spoor.datalog.Ast.assertAst;
import static dev.spoor.datalog.Ast.bindColl;
import static dev.spoor.datalog.Ast.bindRel;
import static dev.spoor.datalog.Ast.bindTuple;
import static dev.spoor.datalog.Ast.find;
import static dev.spoor.datalog.Ast.parse;
import static dev.spoor.datalog.Ast.pattern;
import static dev.spoor.datalog.Ast.relation;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code :in}: sources, rules and the four binding forms. */
class InputsTest {

  static Stream<Arguments> queries() {
    return Stream.of(
        arguments("no :in means :in $",
            "[:find ?e :where [?e :a]]",
            find(relation("?e")).in("$").where(pattern("?e", ":a"))),
        arguments("a source and a scalar",
            "[:find ?e :in $ ?name :where [?e :name ?name]]",
            find(relation("?e")).in("$", "?name").where(pattern("?e", ":name", "?name"))),
        arguments("named sources and rules",
            "[:find ?e :in $ $hist % :where [$hist ?e :name]]",
            find(relation("?e")).in("$", "$hist", "%").where(pattern("$hist", "?e", ":name"))),
        arguments("a tuple",
            "[:find ?e :in $ [?first ?last] :where [?e :first ?first] [?e :last ?last]]",
            find(relation("?e")).in("$", bindTuple("?first", "?last"))
                .where(pattern("?e", ":first", "?first"), pattern("?e", ":last", "?last"))),
        arguments("a tuple with a blank",
            "[:find ?e :in $ [?first _] :where [?e :first ?first]]",
            find(relation("?e")).in("$", bindTuple("?first", "_")).where(pattern("?e", ":first", "?first"))),
        arguments("a collection",
            "[:find ?e :in $ [?name ...] :where [?e :name ?name]]",
            find(relation("?e")).in("$", bindColl("?name")).where(pattern("?e", ":name", "?name"))),
        arguments("a relation",
            "[:find ?e :in $ [[?name ?age]] :where [?e :name ?name] [?e :age ?age]]",
            find(relation("?e")).in("$", bindRel("?name", "?age"))
                .where(pattern("?e", ":name", "?name"), pattern("?e", ":age", "?age"))),
        arguments("a relation with a blank column",
            "[:find ?e :in $ [[?name _ ?age]] :where [?e :name ?name] [?e :age ?age]]",
            find(relation("?e")).in("$", bindRel("?name", "_", "?age"))
                .where(pattern("?e", ":name", "?name"), pattern("?e", ":age", "?age"))),
        arguments("a collection of tuples, as Datomic's docs query system properties",
            "[:find ?k ?v :in [[?k ?v] ...]]",
            find(relation("?k", "?v")).in(bindColl(bindTuple("?k", "?v"))).where()),
        arguments("two inputs joined on a variable, as in Datomic's docs",
            "[:find ?first ?height :in [[?last ?first ?email]] [[?email ?height]]]",
            find(relation("?first", "?height")).in(bindRel("?last", "?first", "?email"), bindRel("?email", "?height"))
                .where()),
        arguments("inputs only, no source",
            "[:find ?first ?height :in [?last ?first ?email] [?email ?height]]",
            find(relation("?first", "?height")).in(bindTuple("?last", "?first", "?email"), bindTuple("?email", "?height"))
                .where()),
        arguments("the map form",
            "{:find [?e] :in [$ % [?n ...]] :where [[?e :name ?n]]}",
            find(relation("?e")).in("$", "%", bindColl("?n")).where(pattern("?e", ":name", "?n"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void parses(String description, String text, Query expected) {
    assertAst(parse(text), expected);
  }
}
