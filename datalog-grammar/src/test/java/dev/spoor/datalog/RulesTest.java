package dev.spoor.datalog;

import static dev.spoor.datalog.Ast.assertAst;
import static dev.spoor.datalog.Ast.call;
import static dev.spoor.datalog.Ast.callFrom;
import static dev.spoor.datalog.Ast.find;
import static dev.spoor.datalog.Ast.parse;
import static dev.spoor.datalog.Ast.pattern;
import static dev.spoor.datalog.Ast.pred;
import static dev.spoor.datalog.Ast.relation;
import static dev.spoor.datalog.Ast.rule;
import static dev.spoor.datalog.Ast.vars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule sets, rule calls, and validating a query once its {@code %} rules are known. */
class RulesTest {
  private static final FunctionNames BUILT_INS = FunctionNames.builtIns();

  @Test
  void aRuleSet() {
    List<Rule> rules = QueryParser.parseRules("""
        [[(follow ?e1 ?e2)
          [?e1 :follow ?e2]]
         [(follow ?e1 ?e2)
          [?e1 :follow ?t]
          (follow ?t ?e2)]]""");

    assertAst(rules, List.of(
        rule("follow", List.of(), vars("?e1", "?e2"), pattern("?e1", ":follow", "?e2")),
        rule("follow", List.of(), vars("?e1", "?e2"), pattern("?e1", ":follow", "?t"), call("follow", "?t", "?e2"))));
  }

  @Test
  void requiredVariablesComeFirstInTheHead() {
    List<Rule> rules = QueryParser.parseRules("[[(older [?a ?b] ?diff) [?a :age ?x] [?b :age ?y] [(- ?x ?y) ?diff]]]");

    assertThat(rules.get(0).required()).containsExactlyElementsOf(vars("?a", "?b"));
    assertThat(rules.get(0).vars()).containsExactlyElementsOf(vars("?diff"));
    assertThat(rules.get(0).arity()).isEqualTo(3);
  }

  @Test
  void aHeadMayBeAVector() {
    assertAst(QueryParser.parseRules("[[[male ?x] [?x :male]]]"),
        List.of(rule("male", List.of(), vars("?x"), pattern("?x", ":male"))));
  }

  @Test
  void anEmptyRuleSet() {
    assertThat(QueryParser.parseRules("[]")).isEmpty();
  }

  @Test
  void ruleCallsTakeSourcesConstantsAndBlanks() {
    Query q = parse("[:find ?n :in $s $a % :where ($s male ?n) ($a adult ?n) (is ?n true) (rel _ ?n [:ext/id \"x\"])]");

    assertAst(q.where(), List.of(
        callFrom("$s", "male", "?n"), callFrom("$a", "adult", "?n"), call("is", "?n", true),
        call("rel", "_", "?n", List.of(Ast.kw("ext/id"), "x"))));
  }

  @Test
  void rulesMayBeGivenInline() {
    Query q = parse("[:find ?e :where (adult ?e) :rules [(adult ?p) [?p :age ?a] [(>= ?a 18)]]]");

    assertAst(q, find(relation("?e"))
        .rules(rule("adult", List.of(), vars("?p"), pattern("?p", ":age", "?a"), pred(">=", "?a", 18L)))
        .where(call("adult", "?e")));
  }

  @Test
  void inlineRulesAreCheckedWhenTheQueryIsParsed() {
    QueryException e = Ast.queryError("[:find ?e :where (adult ?e ?x) :rules [(adult ?p) [?p :age ?a]]]");
    assertThat(e.problem()).isEqualTo("rule adult takes 1 argument, but (adult ?e ?x) passes 2");
  }

  @Test
  void callsToRulesNotYetKnownWaitForValidate() {
    Query q = parse("[:find ?e :in $ % :where (adult ?e)]");

    QueryException e = catchThrowableOfType(QueryException.class, () -> QueryParser.validate(q, List.of(), BUILT_INS));

    assertThat(e.getMessage()).isEqualTo("""
        line 1:25: (adult ?e) calls rule adult, which is not defined (no rules were given)
        [:find ?e :in $ % :where (adult ?e)]
                                 ^""");
  }

  @Test
  void validatePassesWithTheRules() {
    Query q = parse("[:find ?e2 :in $ ?e1 % :where (follow ?e1 ?e2)]");
    List<Rule> rules = QueryParser.parseRules("""
        [[(follow ?e1 ?e2) [?e1 :follow ?e2]]
         [(follow ?e1 ?e2) [?e1 :follow ?t] (follow ?t ?e2)]]""");

    assertThatCode(() -> QueryParser.validate(q, rules, BUILT_INS)).doesNotThrowAnyException();
  }

  @Test
  void mutuallyRecursiveRules() {
    Query q = parse("[:find ?e1 ?e2 :in $ % :where (f1 ?e1 ?e2)]");
    List<Rule> rules = QueryParser.parseRules("""
        [[(f1 ?e1 ?e2) [?e1 :f1 ?e2]]
         [(f1 ?e1 ?e2) [?t :f1 ?e2] (f2 ?e1 ?t)]
         [(f2 ?e1 ?e2) [?e1 :f2 ?e2]]
         [(f2 ?e1 ?e2) [?t :f2 ?e2] (f1 ?e1 ?t)]]""");

    assertThatCode(() -> QueryParser.validate(q, rules, BUILT_INS)).doesNotThrowAnyException();
  }

  @Test
  void headVariablesCountAsBoundInTheBody() {
    Query q = parse("[:find ?e :in $ % :where [?e :age ?a] (adult? ?a)]");
    List<Rule> rules = QueryParser.parseRules("[[(adult? ?age) [(>= ?age 18)]]]");

    assertThatCode(() -> QueryParser.validate(q, rules, BUILT_INS)).doesNotThrowAnyException();
  }

  @Test
  void errorsInTheRulesShowTheRulesText() {
    Query q = parse("[:find ?e :in $ % :where [?e :age ?a] (adult? ?a)]");
    List<Rule> rules = QueryParser.parseRules("[[(adult? ?age)\n  [(legal-age ?age)]]]");

    QueryException e = catchThrowableOfType(QueryException.class, () -> QueryParser.validate(q, rules, BUILT_INS));

    assertThat(e.getMessage()).isEqualTo("""
        line 2:2: unknown function legal-age in [(legal-age ?age)]
          [(legal-age ?age)]]]
          ^""");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(2);
  }

  @Test
  void rulesFromFormsHaveNoExcerpt() {
    Query q = QueryParser.parseQuery(EdnReader.readOne("[:find ?e :in $ % :where [?e :age ?a] (adult? ?a ?a)]"), BUILT_INS);
    List<Rule> rules = QueryParser.parseRules(EdnReader.readOne("[[(adult? ?age) [(>= ?age 18)]]]"));

    QueryException e = catchThrowableOfType(QueryException.class, () -> QueryParser.validate(q, rules, BUILT_INS));

    assertThat(e.getMessage()).isEqualTo("line 1:38: rule adult? takes 1 argument, but (adult? ?a ?a) passes 2");
  }

  @Test
  void definitionsInlineAndGivenMustAgree() {
    Query q = parse("[:find ?e :in $ % :where (r ?e) :rules [(r ?x) [?x :a]]]");
    List<Rule> rules = QueryParser.parseRules("[[(r ?x ?y) [?x :b ?y]]]");

    QueryException e = catchThrowableOfType(QueryException.class, () -> QueryParser.validate(q, rules, BUILT_INS));

    assertThat(e.getMessage()).isEqualTo("""
        line 1:1: rule r is defined with 2 arguments here but with 1 at line 1:39
        [[(r ?x ?y) [?x :b ?y]]]
         ^""");
  }

  @Test
  void rulesForAQueryWithoutPercentAreAMistakeOfTheCaller() {
    Query q = parse("[:find ?e :where [?e :a]]");
    List<Rule> rules = QueryParser.parseRules("[[(r ?x) [?x :a]]]");

    assertThatThrownBy(() -> QueryParser.validate(q, rules, BUILT_INS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rules given for a query without % in :in");
  }

  @Test
  void inlineRulesMayBePassedAlong() {
    Query q = parse("[:find ?e :where (adult ?e) :rules [(adult ?p) [?p :age ?a] [(>= ?a 18)]]]");

    assertThatCode(() -> QueryParser.validate(q, q.rules(), BUILT_INS)).doesNotThrowAnyException();
  }

  @Test
  void validateIsIdempotent() {
    Query q = parse("[:find ?e :in $ % :where (r ?e)]");
    List<Rule> rules = QueryParser.parseRules("[[(r ?x) [?x :a]]]");

    QueryParser.validate(q, rules, BUILT_INS);
    assertThatCode(() -> QueryParser.validate(q, rules, BUILT_INS)).doesNotThrowAnyException();
  }
}
