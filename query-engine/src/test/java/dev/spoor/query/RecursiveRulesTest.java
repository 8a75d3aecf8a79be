package dev.spoor.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Recursive rules called with bound arguments are evaluated on demand (magic sets, or tail
 * chains for right-linear rules): the answers are those of the whole relation restricted to the
 * call, for every shape of rule and every position of the bound arguments.
 */
class RecursiveRulesTest {
  /**
   * next: a>b b>c c>d d>b (a cycle b c d) c>f e>a, and a chain p>q q>r r>s s>t; other: f>g g>h t>u.
   * The other letters are nodes without edges.
   */
  static final Db DB = Graphs.letters("a>b b>c c>d d>b c>f e>a p>q q>r r>s s>t", "f>g g>h t>u");

  static final String RIGHT = """
      [[(reach ?a ?b) [?a :node/next ?b]]
       [(reach ?a ?b) [?a :node/next ?x] (reach ?x ?b)]]""";
  static final String LEFT = """
      [[(reach ?a ?b) [?a :node/next ?b]]
       [(reach ?a ?b) (reach ?a ?x) [?x :node/next ?b]]]""";
  static final String DOUBLY = """
      [[(reach ?a ?b) [?a :node/next ?b]]
       [(reach ?a ?b) (reach ?a ?x) (reach ?x ?b)]]""";
  static final String IN_OR = """
      [[(reach ?a ?b) (or-join [?a ?b] [?a :node/next ?b] (and [?a :node/next ?x] (reach ?x ?b)))]]""";
  static final String REQUIRED = """
      [[(reach [?a] ?b) [?a :node/next ?b]]
       [(reach [?a] ?b) [?a :node/next ?x] (reach ?x ?b)]]""";
  static final String ODD_EVEN = """
      [[(odd ?a ?b) [?a :node/next ?b]]
       [(odd ?a ?b) (even ?a ?x) [?x :node/next ?b]]
       [(even ?a ?b) (odd ?a ?x) [?x :node/next ?b]]]""";
  static final String ODD_EVEN_RIGHT = """
      [[(odd ?a ?b) [?a :node/next ?b]]
       [(odd ?a ?b) [?a :node/next ?x] (even ?x ?b)]
       [(even ?a ?b) [?a :node/next ?x] (odd ?x ?b)]]""";
  static final String PATH = """
      [[(path ?a ?b) [?a :node/next ?b]]
       [(path ?a ?b) [?a :node/other ?b]]
       [(path ?a ?b) [?a :node/next ?x] (path ?x ?b)]
       [(path ?a ?b) [?a :node/other ?x] (path ?x ?b)]]""";
  static final String BY_NAME = """
      [[(reach-name ?s ?t) [?a :node/name ?s] [?a :node/next ?b] [?b :node/name ?t]]
       [(reach-name ?s ?t) [?a :node/name ?s] [?a :node/next ?b] [?b :node/name ?m] (reach-name ?m ?t)]]""";
  static final String CLEAN = """
      [[(clean ?a ?b) [?a :node/next ?b] (not [?b :node/other _])]
       [(clean ?a ?b) [?a :node/next ?x] (not [?x :node/other _]) (clean ?x ?b)]]""";
  static final String UNREACHED = RIGHT.substring(0, RIGHT.length() - 1)
      + "\n [(unreached ?a ?b) [?b :node/name _] (not (reach ?a ?b))]]";

  static final String FROM = "[:find ?n :in $ % ?s :where [?a :node/name ?s] (reach ?a ?b) [?b :node/name ?n]]";
  static final String TO = "[:find ?n :in $ % ?s :where [?b :node/name ?s] (reach ?a ?b) [?a :node/name ?n]]";

  static Stream<Arguments> cases() {
    return Stream.of(
        // first argument bound, every shape of transitive closure
        Arguments.of(FROM, List.of(RIGHT, "a"), "#{[\"b\"] [\"c\"] [\"d\"] [\"f\"]}"),
        Arguments.of(FROM, List.of(LEFT, "a"), "#{[\"b\"] [\"c\"] [\"d\"] [\"f\"]}"),
        Arguments.of(FROM, List.of(DOUBLY, "a"), "#{[\"b\"] [\"c\"] [\"d\"] [\"f\"]}"),
        Arguments.of(FROM, List.of(IN_OR, "a"), "#{[\"b\"] [\"c\"] [\"d\"] [\"f\"]}"),
        Arguments.of(FROM, List.of(REQUIRED, "e"), "#{[\"a\"] [\"b\"] [\"c\"] [\"d\"] [\"f\"]}"),
        Arguments.of(FROM, List.of(RIGHT, "p"), "#{[\"q\"] [\"r\"] [\"s\"] [\"t\"]}"),
        Arguments.of(FROM, List.of(RIGHT, "t"), "#{}"),
        Arguments.of(FROM, List.of(RIGHT, "nobody"), "#{}"),
        // second argument bound
        Arguments.of(TO, List.of(RIGHT, "b"), "#{[\"a\"] [\"b\"] [\"c\"] [\"d\"] [\"e\"]}"),
        Arguments.of(TO, List.of(LEFT, "f"), "#{[\"a\"] [\"b\"] [\"c\"] [\"d\"] [\"e\"]}"),
        Arguments.of(TO, List.of(DOUBLY, "t"), "#{[\"p\"] [\"q\"] [\"r\"] [\"s\"]}"),
        Arguments.of(TO, List.of(IN_OR, "a"), "#{[\"e\"]}"),
        // both bound, one or several pairs
        Arguments.of("[:find ?t :in $ % [?t ...] :where [?a :node/name \"e\"] [?b :node/name ?t] (reach ?a ?b)]",
            List.of(RIGHT, List.of("f", "p", "b", "e")), "#{[\"b\"] [\"f\"]}"),
        Arguments.of("[:find ?s ?t :in $ % [[?s ?t]] :where [?a :node/name ?s] [?b :node/name ?t] (reach ?a ?b)]",
            List.of(LEFT, List.of(List.of("a", "d"), List.of("d", "a"), List.of("p", "t"))),
            "#{[\"a\" \"d\"] [\"p\" \"t\"]}"),
        // a variable in both positions: the cycle
        Arguments.of("[:find ?n :in $ % :where [?a :node/name ?n] (reach ?a ?a)]", List.of(RIGHT),
            "#{[\"b\"] [\"c\"] [\"d\"]}"),
        Arguments.of("[:find ?n :in $ % :where (reach ?a ?a) [?a :node/name ?n]]", List.of(LEFT),
            "#{[\"b\"] [\"c\"] [\"d\"]}"),
        // nothing bound: the whole relation, bottom up
        Arguments.of("[:find (count ?a) . :in $ % :where (reach ?a ?b)]", List.of(RIGHT), "9"),
        Arguments.of("[:find (count ?b) . :in $ % :where (reach ?a ?b)]", List.of(LEFT), "9"),
        // a constant argument
        Arguments.of("[:find ?t :in $ % :where (reach-name \"q\" ?t)]", List.of(BY_NAME),
            "#{[\"r\"] [\"s\"] [\"t\"]}"),
        Arguments.of("[:find ?s :in $ % :where (reach-name ?s \"d\")]", List.of(BY_NAME),
            "#{[\"a\"] [\"b\"] [\"c\"] [\"d\"] [\"e\"]}"),
        // mutual recursion
        Arguments.of("[:find ?n :in $ % :where [?a :node/name \"p\"] (odd ?a ?b) [?b :node/name ?n]]",
            List.of(ODD_EVEN), "#{[\"q\"] [\"s\"]}"),
        Arguments.of("[:find ?n :in $ % :where [?a :node/name \"p\"] (even ?a ?b) [?b :node/name ?n]]",
            List.of(ODD_EVEN), "#{[\"r\"] [\"t\"]}"),
        Arguments.of("[:find ?n :in $ % :where [?b :node/name \"t\"] (even ?a ?b) [?a :node/name ?n]]",
            List.of(ODD_EVEN), "#{[\"p\"] [\"r\"]}"),
        Arguments.of("[:find ?n :in $ % :where [?a :node/name \"p\"] (odd ?a ?b) [?b :node/name ?n]]",
            List.of(ODD_EVEN_RIGHT), "#{[\"q\"] [\"s\"]}"),
        Arguments.of("[:find ?n :in $ % :where [?a :node/name \"p\"] (even ?a ?b) [?b :node/name ?n]]",
            List.of(ODD_EVEN_RIGHT), "#{[\"r\"] [\"t\"]}"),
        // several bodies, two edge kinds
        Arguments.of("[:find ?n :in $ % :where [?a :node/name \"c\"] (path ?a ?b) [?b :node/name ?n]]",
            List.of(PATH), "#{[\"b\"] [\"c\"] [\"d\"] [\"f\"] [\"g\"] [\"h\"]}"),
        Arguments.of("[:find ?n :in $ % :where [?b :node/name \"u\"] (path ?a ?b) [?a :node/name ?n]]",
            List.of(PATH), "#{[\"p\"] [\"q\"] [\"r\"] [\"s\"] [\"t\"]}"),
        // negation inside a recursive rule, and over one
        Arguments.of("[:find ?n :in $ % :where [?a :node/name \"p\"] (clean ?a ?b) [?b :node/name ?n]]",
            List.of(CLEAN), "#{[\"q\"] [\"r\"] [\"s\"]}"),
        Arguments.of("[:find (count ?b) . :in $ % :where [?a :node/name \"a\"] (unreached ?a ?b)]",
            List.of(UNREACHED), "22"),
        Arguments.of("[:find ?n :in $ % :where [?a :node/name ?n] [(< ?n \"g\")] (not (reach ?a ?a))]",
            List.of(RIGHT), "#{[\"a\"] [\"e\"] [\"f\"]}"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void answersTheWholeRelationRestrictedToTheCall(String query, List<Object> inputs, String expected) {
    List<Object> all = new ArrayList<>(List.of(DB));
    all.addAll(inputs);
    assertThat(Datalog.builtIns().q(query, all.toArray()).toEdn()).isEqualTo(expected);
  }

  @Test
  void aRuleCalledOnAnotherSourceReadsThatSource() {
    Db other = Graphs.letters("a>z", "");
    assertThat(Datalog.builtIns().q("[:find ?n :in $ $2 % :where [$2 ?a :node/name \"a\"] ($2 reach ?a ?b)"
        + " [$2 ?b :node/name ?n]]", DB, other, RIGHT).toEdn()).isEqualTo("#{[\"z\"]}");
    assertThat(Datalog.builtIns().q("[:find ?n :in $ $2 % :where [?a :node/name \"a\"] (reach ?a ?b)"
        + " [?b :node/name ?n]]", DB, other, RIGHT).toEdn()).isEqualTo("#{[\"b\"] [\"c\"] [\"d\"] [\"f\"]}");
  }

  @Test
  void negationThroughRecursionIsRejected() {
    String rules = "[[(p ?a) [?a :node/name _] (not (q ?a))] [(q ?a) (p ?a)]]";
    assertThatThrownBy(() -> Datalog.builtIns().q("[:find ?a :in $ % :where [?a :node/name \"a\"] (p ?a)]", DB,
        rules))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessage("rule p negates q, which depends on p; negation through recursion has no single answer (it is not"
            + " stratified)");
  }

  /**
   * A 300-node chain has 44,850 reach pairs. Called from a node of a separate two-node
   * component, the rule computes only that component, well inside a 1,000-row budget, whatever
   * the shape of the rule; called with nothing bound it computes the whole closure and is stopped.
   */
  @Test
  void aBoundCallComputesOnlyWhatItsArgumentsReach() {
    List<String> names = new ArrayList<>();
    List<int[]> next = new ArrayList<>();
    for (int i = 0; i < 302; i++) {
      names.add("n" + i);
      if (i < 299) {
        next.add(new int[] {i, i + 1});
      }
    }
    next.add(new int[] {300, 301});
    Db db = Graphs.graph(names, next.toArray(new int[0][]), new int[0][]);
    Datalog limited = Datalog.builtIns().withMaxRows(1_000);
    for (String rules : List.of(RIGHT, LEFT, DOUBLY, IN_OR)) {
      assertThat(limited.q(FROM, db, rules, "n300").toEdn()).as(rules).isEqualTo("#{[\"n301\"]}");
      assertThat(limited.q(TO, db, rules, "n301").toEdn()).as(rules).isEqualTo("#{[\"n300\"]}");
    }
    assertThatThrownBy(() -> limited.q("[:find (count ?a) . :in $ % :where (reach ?a ?b)]", db, RIGHT))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessageStartingWith("the query produced more than 1000 intermediate rows");
  }

  /** On seeded random graphs, every bound call answers what the whole relation, computed bottom up, says. */
  @Test
  void boundCallsAgreeWithTheWholeRelationOnGeneratedGraphs() {
    Random random = new Random(42);
    for (int g = 0; g < 6; g++) {
      int n = 12 + random.nextInt(20);
      List<String> names = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        names.add("n" + i);
      }
      List<int[]> next = new ArrayList<>();
      List<int[]> other = new ArrayList<>();
      for (int i = 0; i < n + random.nextInt(n); i++) {
        next.add(new int[] {random.nextInt(n), random.nextInt(n)});
        if (random.nextBoolean()) {
          other.add(new int[] {random.nextInt(n), random.nextInt(n)});
        }
      }
      Db db = Graphs.graph(names, next.toArray(new int[0][]), other.toArray(new int[0][]));
      for (String rules : List.of(RIGHT, LEFT, DOUBLY, IN_OR, PATH.replace("path", "reach"))) {
        var whole = Datalog.builtIns().q("[:find ?s ?t :in $ % :where (reach ?a ?b) [?a :node/name ?s]"
            + " [?b :node/name ?t]]", db, rules).relation();
        for (String s : names) {
          var from = Datalog.builtIns().q(FROM, db, rules, s).relation();
          var to = Datalog.builtIns().q(TO, db, rules, s).relation();
          assertThat(from).as("%s from %s", rules, s)
              .isEqualTo(whole.stream().filter(r -> ((List<?>) r).get(0).equals(s))
                  .map(r -> List.of(((List<?>) r).get(1))).collect(java.util.stream.Collectors.toSet()));
          assertThat(to).as("%s to %s", rules, s)
              .isEqualTo(whole.stream().filter(r -> ((List<?>) r).get(1).equals(s))
                  .map(r -> List.of(((List<?>) r).get(0))).collect(java.util.stream.Collectors.toSet()));
        }
      }
    }
  }

  @Test
  void explainShowsHowARecursiveRuleWasEvaluated() {
    List<String> tail = Datalog.builtIns().explain(FROM, DB, RIGHT, "p").plan();
    assertThat(tail).containsExactly(
        "[?a :node/name ?s] at 1:28  estimated 1  rows 1 -> 1",
        "(reach ?a ?b) at 1:47  rows 1 -> 4",
        "  recursive reach^bf by tail chains: 1 demanded, 5 rounds, 5 values reached, 4 answers",
        "  reach^bf body 1 of 2, first round",
        "    [?a :node/next ?b] at 1:16  estimated 1  rows 1 -> 1",
        "  reach^bf body 2 of 2 without its tail call, first round",
        "    [?a :node/next ?x] at 2:16  estimated 1  rows 1 -> 1",
        "[?b :node/name ?n] at 1:61  estimated 1  rows 4 -> 4");
    List<String> magic = Datalog.builtIns().explain(FROM, DB, LEFT, "p").plan();
    assertThat(magic).containsExactly(
        "[?a :node/name ?s] at 1:28  estimated 1  rows 1 -> 1",
        "(reach ?a ?b) at 1:47  rows 1 -> 4",
        "  recursive reach^bf by magic sets: 4 rounds; reach^bf 1 demanded, 4 answers",
        "  reach^bf body 1 of 2, first round",
        "    [?a :node/next ?b] at 1:16  estimated 1  rows 1 -> 1",
        "  reach^bf body 2 of 2, first round",
        "    (reach ?a ?x) at 2:16  rows 1 -> 1",
        "    [?x :node/next ?b] at 2:30  estimated 1  rows 1 -> 1",
        "[?b :node/name ?n] at 1:61  estimated 1  rows 4 -> 4");
  }
}
