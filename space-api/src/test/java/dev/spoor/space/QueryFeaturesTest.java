package dev.spoor.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spoor.core.Keyword;
import dev.spoor.query.Datalog;
import dev.spoor.query.Db;
import dev.spoor.query.Functions;
import dev.spoor.query.QueryExecutionException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Datalog features, one table row per case: the query, its inputs after the database, and
 * the whole answer as Datomic prints it. Results are sorted, so the EDN is stable.
 */
class QueryFeaturesTest {
  static final String SCHEMA = """
      [{:db/ident :person/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one
        :db/unique :db.unique/identity}
       {:db/ident :person/age :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
       {:db/ident :person/sex :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one}
       {:db/ident :person/follows :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}]""";

  /** Ivan -> Petr, Oleg; Petr -> Oleg; Oleg -> Kate; Kate -> Anna; Anna -> Ivan; Boris -> Ivan. */
  static final String PEOPLE = """
      [{:db/id "ivan" :person/name "Ivan" :person/age 15 :person/sex :male :person/follows ["petr" "oleg"]}
       {:db/id "petr" :person/name "Petr" :person/age 37 :person/sex :male :person/follows ["oleg"]}
       {:db/id "oleg" :person/name "Oleg" :person/age 22 :person/sex :male :person/follows ["kate"]}
       {:db/id "kate" :person/name "Kate" :person/age 30 :person/sex :female :person/follows ["anna"]}
       {:db/id "anna" :person/name "Anna" :person/age 22 :person/sex :female :person/follows ["ivan"]}
       {:db/id "boris" :person/name "Boris" :person/sex :male :person/follows ["ivan"]}]""";

  static final String FOLLOWS_RULES = """
      [[(reaches ?a ?b) [?a :person/follows ?b]]
       [(reaches ?a ?b) [?a :person/follows ?x] (reaches ?x ?b)]]""";

  Space space;
  Db db;

  @BeforeEach
  void load() {
    space = Space.inMemory();
    space.transact(SCHEMA);
    space.transact(PEOPLE);
    db = space.db();
  }

  @AfterEach
  void close() {
    space.close();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // patterns and joins
        Arguments.of("[:find ?n :where [?e :person/name ?n]]", List.of(),
            "#{[\"Anna\"] [\"Boris\"] [\"Ivan\"] [\"Kate\"] [\"Oleg\"] [\"Petr\"]}"),
        Arguments.of("[:find ?n :where [?e :person/sex :female] [?e :person/name ?n]]", List.of(),
            "#{[\"Anna\"] [\"Kate\"]}"),
        Arguments.of("[:find ?n1 ?n2 :where [?a :person/name ?n1] [?a :person/follows ?b] [?b :person/name ?n2]"
            + " [?b :person/sex :female]]", List.of(), "#{[\"Anna\" \"Kate\"] [\"Kate\" \"Oleg\"]}"
            .replace("[\"Anna\" \"Kate\"] [\"Kate\" \"Oleg\"]", "[\"Kate\" \"Anna\"] [\"Oleg\" \"Kate\"]")),
        Arguments.of("[:find ?n :where [?e :person/sex :male] [?e :person/age _] [?e :person/name ?n]]", List.of(),
            "#{[\"Ivan\"] [\"Oleg\"] [\"Petr\"]}"),
        Arguments.of("[:find ?n :where [?p :person/name \"Petr\"] [?e :person/follows ?p] [?e :person/name ?n]]",
            List.of(), "#{[\"Ivan\"]}"),
        Arguments.of("[:find ?n :where [?e :person/follows [:person/name \"Ivan\"]] [?e :person/name ?n]]",
            List.of(), "#{[\"Anna\"] [\"Boris\"]}"),
        Arguments.of("[:find ?attr :where [?e :person/name \"Kate\"] [?e ?a _] [?a :db/ident ?attr]]", List.of(),
            "#{[:person/age] [:person/follows] [:person/name] [:person/sex]}"),
        // find specs
        Arguments.of("[:find [?n ...] :where [?e :person/age 22] [?e :person/name ?n]]", List.of(),
            "[\"Anna\" \"Oleg\"]"),
        Arguments.of("[:find ?a . :where [?e :person/name \"Kate\"] [?e :person/age ?a]]", List.of(), "30"),
        Arguments.of("[:find ?a . :where [?e :person/name \"Nobody\"] [?e :person/age ?a]]", List.of(), "nil"),
        Arguments.of("[:find [?n ?a] :where [?e :person/name ?n] [?e :person/age ?a] [(> ?a 30)]]", List.of(),
            "[\"Petr\" 37]"),
        Arguments.of("[:find ?n ?a :keys name age :where [?e :person/name ?n] [?e :person/age ?a] [(> ?a 30)]]",
            List.of(), "[{:name \"Petr\", :age 37}]"),
        Arguments.of("{:find [?n] :where [[?e :person/age 15] [?e :person/name ?n]]}", List.of(), "#{[\"Ivan\"]}"),
        // predicates and functions
        Arguments.of("[:find ?n :where [?e :person/age ?a] [(< ?a 20)] [?e :person/name ?n]]", List.of(),
            "#{[\"Ivan\"]}"),
        Arguments.of("[:find ?n ?a2 :where [?e :person/name ?n] [?e :person/age ?a] [(* ?a 2) ?a2] [(< ?a 20)]]",
            List.of(), "#{[\"Ivan\" 30]}"),
        Arguments.of("[:find ?s :where [?e :person/name ?n] [?e :person/age ?a] [(< ?a 20)] [(str ?n \"-\" ?a) ?s]]",
            List.of(), "#{[\"Ivan-15\"]}"),
        Arguments.of("[:find ?n ?a :where [?e :person/name ?n] [(get-else $ ?e :person/age -1) ?a]"
            + " [(< ?a 0)]]", List.of(), "#{[\"Boris\" -1]}"),
        Arguments.of("[:find ?n :where [?e :person/name ?n] [(missing? $ ?e :person/age)]]", List.of(),
            "#{[\"Boris\"]}"),
        Arguments.of("[:find ?x :where [(ground [1 2 3]) [?x ...]]]", List.of(), "#{[1] [2] [3]}"),
        Arguments.of("[:find ?a ?b :where [(tuple 1 2) ?t] [(untuple ?t) [?a ?b]]]", List.of(), "#{[1 2]}"),
        Arguments.of("[:find ?n :where [?e :person/name ?n] [(clojure.string/starts-with? ?n \"O\")]]", List.of(),
            "#{[\"Oleg\"]}"),
        Arguments.of("[:find ?n :where [?e :person/name ?n] [(re-find #\"^[AK]\" ?n)]]".replace("#\"^[AK]\"",
            "\"^[AK]\""), List.of(), "#{[\"Anna\"] [\"Kate\"]}"),
        // inputs
        Arguments.of("[:find ?n :in $ ?min :where [?e :person/age ?a] [(>= ?a ?min)] [?e :person/name ?n]]",
            List.of(30L), "#{[\"Kate\"] [\"Petr\"]}"),
        Arguments.of("[:find ?a :in $ [?n ...] :where [?e :person/name ?n] [?e :person/age ?a]]",
            List.of(List.of("Ivan", "Kate")), "#{[15] [30]}"),
        Arguments.of("[:find ?n ?x :in $ [[?n ?x]] :where [?e :person/name ?n]]",
            List.of(List.of(List.of("Ivan", 1L), List.of("Nobody", 2L))), "#{[\"Ivan\" 1]}"),
        Arguments.of("[:find ?e :in $ [?n ?a] :where [?e :person/name ?n] [?e :person/age ?a]]",
            List.of(List.of("Ivan", 99L)), "#{}"),
        Arguments.of("[:find ?a :in $ ?n [?n ...] :where [?e :person/name ?n] [?e :person/age ?a]]",
            List.of("Ivan", List.of("Ivan", "Kate")), "#{[15]}"),
        Arguments.of("[:find ?n :in $ ?sex :where [?e :person/sex ?sex] [?e :person/name ?n]]",
            List.of(Keyword.of("female")), "#{[\"Anna\"] [\"Kate\"]}"),
        // not, or
        Arguments.of("[:find ?n :where [?e :person/name ?n] (not [?e :person/age _])]", List.of(), "#{[\"Boris\"]}"),
        Arguments.of("[:find ?n :where [?e :person/name ?n] (not-join [?e] [?e :person/follows ?f]"
            + " [?f :person/sex :female])]", List.of(), "#{[\"Anna\"] [\"Boris\"] [\"Ivan\"] [\"Petr\"]}"),
        Arguments.of("[:find ?n :where [?e :person/name ?n] (or [?e :person/age 15] [?e :person/sex :female])]",
            List.of(), "#{[\"Anna\"] [\"Ivan\"] [\"Kate\"]}"),
        Arguments.of("[:find ?n :where [?e :person/name ?n] (or-join [?e] (and [?e :person/sex :male]"
            + " [?e :person/age ?a] [(> ?a 30)]) [?e :person/name \"Anna\"])]", List.of(),
            "#{[\"Anna\"] [\"Petr\"]}"),
        // aggregates
        Arguments.of("[:find (count ?e) . :where [?e :person/name]]", List.of(), "6"),
        Arguments.of("[:find ?sex (count ?e) :where [?e :person/sex ?sex]]", List.of(), "[[:female 2] [:male 4]]"),
        Arguments.of("[:find (count ?a) . :where [?e :person/age ?a]]", List.of(), "4"),
        Arguments.of("[:find (count ?a) . :with ?e :where [?e :person/age ?a]]", List.of(), "5"),
        Arguments.of("[:find (sum ?a) . :with ?e :where [?e :person/age ?a]]", List.of(), "126"),
        Arguments.of("[:find (min ?a) (max ?a) :where [?e :person/age ?a]]", List.of(), "[[15 37]]"),
        Arguments.of("[:find (avg ?a) . :with ?e :where [?e :person/age ?a]]", List.of(), "25.2"),
        Arguments.of("[:find (median ?a) . :with ?e :where [?e :person/age ?a]]", List.of(), "22"),
        Arguments.of("[:find (distinct ?a) . :where [?e :person/age ?a]]", List.of(), "#{15 22 30 37}"),
        Arguments.of("[:find (min 2 ?a) . :where [?e :person/age ?a]]", List.of(), "[15 22]"),
        Arguments.of("[:find (count-distinct ?a) . :with ?e :where [?e :person/age ?a]]", List.of(), "4"),
        Arguments.of("[:find (count ?e) . :where [?e :person/name \"Nobody\"]]", List.of(), "nil"),
        // rules
        Arguments.of("[:find ?n :in $ % :where [?i :person/name \"Petr\"] (reaches ?i ?x) [?x :person/name ?n]]",
            List.of(FOLLOWS_RULES), "#{[\"Anna\"] [\"Ivan\"] [\"Kate\"] [\"Oleg\"] [\"Petr\"]}"),
        Arguments.of("[:find (count ?x) . :in $ % :where [?b :person/name \"Boris\"] (reaches ?b ?x)]",
            List.of(FOLLOWS_RULES), "5"),
        Arguments.of("[:find ?n :in $ % :where [?e :person/name ?n] [?e :person/age ?a] (adult? ?a)]",
            List.of("[[(adult? [?a]) [(>= ?a 30)]]]"), "#{[\"Kate\"] [\"Petr\"]}"),
        Arguments.of("[:find ?n :in $ % :where (named-female ?e) [?e :person/name ?n]]",
            List.of("[[(named-female ?e) [?e :person/sex :female]]]"), "#{[\"Anna\"] [\"Kate\"]}"),
        Arguments.of("[:find ?n :in $ % :where [?e :person/name ?n] (not (reaches ?e ?e))]",
            List.of(FOLLOWS_RULES), "#{[\"Boris\"]}"),
        Arguments.of("[:find ?n :in $ % :where [?x :person/name \"Ivan\"] (reaches ?e ?x) [?e :person/name ?n]]",
            List.of(FOLLOWS_RULES), "#{[\"Anna\"] [\"Boris\"] [\"Ivan\"] [\"Kate\"] [\"Oleg\"] [\"Petr\"]}"),
        Arguments.of("[:find ?n :in $ % [?n ...] :where [?b :person/name \"Boris\"] [?x :person/name ?n]"
            + " (reaches ?b ?x)]", List.of(FOLLOWS_RULES, List.of("Petr", "Boris")), "#{[\"Petr\"]}"),
        Arguments.of("[:find ?n :in $ % :where [?k :person/name \"Kate\"] (reaches ?k ?x) [?x :person/name ?n]]",
            List.of(FOLLOWS_RULES.replace("[?a :person/follows ?x] (reaches ?x ?b)",
                "(reaches ?a ?x) [?x :person/follows ?b]")),
            "#{[\"Anna\"] [\"Ivan\"] [\"Kate\"] [\"Oleg\"] [\"Petr\"]}"),
        // pull
        Arguments.of("[:find (pull ?e [:person/name {:person/follows [:person/name]}]) :where"
            + " [?e :person/name \"Petr\"]]", List.of(),
            "[[{:person/name \"Petr\", :person/follows [{:person/name \"Oleg\"}]}]]"),
        Arguments.of("[:find (pull ?e [(:person/name :as \"n\") (:person/age :default 0)]) . :where"
            + " [?e :person/name \"Boris\"]]", List.of(), "{\"n\" \"Boris\", :person/age 0}"),
        Arguments.of("[:find [(pull ?e [:person/name :person/_follows]) ...] :where [?e :person/name \"Oleg\"]]",
            List.of(), "[{:person/name \"Oleg\", :person/_follows [{:db/id IVAN} {:db/id PETR}]}]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersLikeDatomic(String query, List<Object> inputs, String expected) {
    Object[] all = Stream.concat(Stream.of(db), inputs.stream()).toArray();
    String want = expected.replace("IVAN", id("Ivan")).replace("PETR", id("Petr"));
    assertThat(Datalog.builtIns().q(query, all).toEdn()).isEqualTo(want);
  }

  private String id(String name) {
    return Long.toString(db.entid(List.of(Keyword.of("person/name"), name)).orElseThrow());
  }

  @Test
  void clauseOrderDoesNotChangeTheAnswer() {
    String a = "[:find ?n2 :where [?a :person/name \"Ivan\"] [?a :person/follows ?b] [?b :person/follows ?c]"
        + " [?c :person/name ?n2]]";
    String b = "[:find ?n2 :where [?c :person/name ?n2] [?b :person/follows ?c] [?a :person/follows ?b]"
        + " [?a :person/name \"Ivan\"]]";
    assertThat(Datalog.builtIns().q(b, db).toEdn()).isEqualTo(Datalog.builtIns().q(a, db).toEdn())
        .isEqualTo("#{[\"Kate\"] [\"Oleg\"]}");
  }

  @Test
  void asOfAndHistoryViewsAnswerForTheirTime() {
    long before = db.basisT();
    space.transact("[{:person/name \"Ivan\" :person/age 16}]");
    Db now = space.db();
    String q = "[:find ?a . :where [?e :person/name \"Ivan\"] [?e :person/age ?a]]";
    assertThat(Datalog.builtIns().q(q, now).toEdn()).isEqualTo("16");
    assertThat(Datalog.builtIns().q(q, now.asOf(before)).toEdn()).isEqualTo("15");
    assertThat(Datalog.builtIns().q("[:find ?a ?added :where [?e :person/name \"Ivan\"] [?e :person/age ?a _ ?added]]",
        now.history()).toEdn()).isEqualTo("#{[15 false] [15 true] [16 true]}");
    assertThat(Datalog.builtIns().q("[:find ?n :where [?e :person/name ?n]]", now.since(before)).toEdn())
        .isEqualTo("#{}");
  }

  @Test
  void twoSourcesJoinAcrossTime() {
    long before = db.basisT();
    space.transact("[{:person/name \"Ivan\" :person/age 16}]");
    Db now = space.db();
    assertThat(Datalog.builtIns().q("[:find ?n ?old ?new :in $old $new :where [$old ?e :person/age ?old]"
        + " [$new ?e :person/age ?new] [(!= ?old ?new)] [$new ?e :person/name ?n]]", now.asOf(before), now).toEdn())
        .isEqualTo("#{[\"Ivan\" 15 16]}");
  }

  @Test
  void aRegisteredFunctionCanBeCalled() {
    Datalog d = Datalog.builtIns().withFunctions(Functions.builtIns()
        .withFunction("decay", args -> ((Long) args.get(0)) / 2));
    assertThat(d.q("[:find ?h . :where [?e :person/name \"Petr\"] [?e :person/age ?a] [(decay ?a) ?h]]", db)
        .toEdn()).isEqualTo("18");
  }

  @Test
  void aRunawayCrossProductStopsWithAClearError() {
    assertThatThrownBy(() -> Datalog.builtIns().withMaxRows(20)
        .q("[:find ?a ?b :where [?x :person/name ?a] [?y :person/name ?b]]", db))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessage("the query produced more than 20 intermediate rows and was stopped; narrow it (bind more"
            + " variables, add clauses) or raise the limit");
  }

  @Test
  void aTimedOutQueryStops() {
    assertThatThrownBy(() -> Datalog.builtIns().withTimeout(java.time.Duration.ZERO)
        .q("[:find ?a :where [?x :person/name ?a]]", db))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessage("the query ran past its timeout and was stopped");
  }

  @Test
  void patternsOnOneEntityVariableIntersectAsBitmaps() {
    List<String> plan = Datalog.builtIns().explain("[:find ?n :where [?e :person/sex :male] [?e :person/age 22]"
        + " [?e :person/name ?n]]", db).plan();
    assertThat(plan).containsExactly("Bitmap intersection of 2 patterns on ?e  rows 1 -> 1",
        "[?e :person/name ?n] at 1:60  estimated 1  rows 1 -> 1");
  }

  @Test
  void comparisonsOnAPatternsValueReadOnlyTheirSliceOfAvet() {
    List<String> plan = Datalog.builtIns().explain("[:find ?n :where [?e :person/age ?a] [(> ?a 30)]"
        + " [?e :person/name ?n]]", db).plan();
    assertThat(plan).containsExactly("[?e :person/age ?a] at 1:17  estimated 5  rows 1 -> 2",
        "[(> ?a 30)] at 1:37  rows 2 -> 1",
        "[?e :person/name ?n] at 1:49  estimated 1  rows 1 -> 1");
  }

  @Test
  void explainShowsTheChosenPlanWithRowCounts() {
    List<String> plan = Datalog.builtIns().explain("[:find ?n :where [?e :person/name ?n] [?e :person/age 15]]", db)
        .plan();
    assertThat(plan).containsExactly("[?e :person/age 15] at 1:38  estimated 2  rows 1 -> 1",
        "[?e :person/name ?n] at 1:17  estimated 1  rows 1 -> 1");
  }
}
