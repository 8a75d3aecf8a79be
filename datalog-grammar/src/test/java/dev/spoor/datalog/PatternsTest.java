package dev.spoor.datalog;

import static dev.spoor.datalog.Ast.assertAst;
import static dev.spoor.datalog.Ast.c;
import static dev.spoor.datalog.Ast.find;
import static dev.spoor.datalog.Ast.kw;
import static dev.spoor.datalog.Ast.parse;
import static dev.spoor.datalog.Ast.pattern;
import static dev.spoor.datalog.Ast.relation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.spoor.core.Symbol;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Data patterns {@code [$src? e a v tx added]} and the terms in them. */
class PatternsTest {

  static Stream<Arguments> patterns() {
    return Stream.of(
        arguments("e a v", "[?e :task/status ?s]", pattern("?e", ":task/status", "?s")),
        arguments("e a", "[?e :task/status]", pattern("?e", ":task/status")),
        arguments("e alone", "[?e]", pattern("?e")),
        arguments("blanks", "[_ :task/status _]", pattern("_", ":task/status", "_")),
        arguments("all five positions", "[?e ?a ?v ?tx false]", pattern("?e", "?a", "?v", "?tx", false)),
        arguments("a source", "[$hist ?e :task/status ?s ?tx true]",
            pattern("$hist", "?e", ":task/status", "?s", "?tx", true)),
        arguments("the default source written out", "[$ ?e :task/status]", pattern("?e", ":task/status")),
        arguments("a lookup ref as the entity", "[[:ext/id \"t1\"] :task/status ?s]",
            pattern(List.of(kw("ext/id"), "t1"), ":task/status", "?s")),
        arguments("an entity id", "[42 :task/status ?s]", pattern(42L, ":task/status", "?s")),
        arguments("a string", "[?e :task/title \"Write docs\"]", pattern("?e", ":task/title", c("Write docs"))),
        arguments("a double", "[?e :task/weight 0.5]", pattern("?e", ":task/weight", 0.5)),
        arguments("a bigint and a bigdec", "[?e :n 12N 1.50M]", pattern("?e", ":n", new BigInteger("12"), new BigDecimal("1.50"))),
        arguments("an instant", "[?e :task/due #inst \"2026-01-02T03:04:05Z\"]",
            pattern("?e", ":task/due", Instant.parse("2026-01-02T03:04:05Z"))),
        arguments("a uuid", "[?e :task/id #uuid \"6f1c1f9e-8a3d-4c39-9f0a-4c3b2a1d0e9f\"]",
            pattern("?e", ":task/id", UUID.fromString("6f1c1f9e-8a3d-4c39-9f0a-4c3b2a1d0e9f"))),
        arguments("a character", "[?e :grade \\A]", pattern("?e", ":grade", 'A')),
        arguments("a keyword value", "[?e :task/status :task.status/open]", pattern("?e", ":task/status", ":task.status/open")),
        arguments("a set and a map are values too", "[?e :tags #{1 2} {:a 1}]",
            pattern("?e", ":tags", Set.of(1L, 2L), Map.of(kw("a"), 1L))),
        arguments("symbols inside a constant are values", "[?e :path [a b]]",
            pattern("?e", ":path", List.of(Symbol.of("a"), Symbol.of("b")))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patterns")
  void parses(String description, String clause, Clause.Pattern expected) {
    String text = "[:find ?x :in $ $hist ?x :where " + clause + "]";
    assertAst(parse(text).where(), List.of(expected));
  }

  @Test
  void aVariableIsTheSameVariableWhereverItIs() {
    Query q = parse("[:find ?e :where [?e :a ?v] [?v :b ?e]]");
    Clause.Pattern first = (Clause.Pattern) q.where().get(0);
    Clause.Pattern second = (Clause.Pattern) q.where().get(1);
    assertThat(first.terms().get(0)).isEqualTo(second.terms().get(2));
    assertThat(first.terms().get(0).span()).isNotEqualTo(second.terms().get(2).span());
  }

  @Test
  void termsKnowWhereTheyWereRead() {
    Query q = parse("[:find ?e\n :where [?e :a \"x\"]]");
    Clause.Pattern p = (Clause.Pattern) q.where().get(0);
    assertThat(p.span()).isEqualTo(new Span(2, 8, 18, 29));
    assertThat(p.terms().get(2).span()).isEqualTo(new Span(2, 15, 25, 28));
  }

  @Test
  void aQueryWithoutSourcesNeedsNoDollar() {
    assertAst(parse("[:find ?x :in ?x :where [(pos? ?x)]]"),
        find(relation("?x")).in("?x").where(Ast.pred("pos?", "?x")));
  }
}
