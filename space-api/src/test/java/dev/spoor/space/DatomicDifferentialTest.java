package dev.spoor.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datomic.Connection;
import datomic.Database;
import datomic.Peer;
import datomic.Util;
import dev.spoor.core.Keyword;
import dev.spoor.query.Datalog;
import dev.spoor.query.Db;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same data and the same query text on Spoor and on Datomic (in memory, the peer library):
 * the answers must be equal. The data is generated (a seeded random social graph with updates,
 * so history and as-of views have something to show); the queries cover every feature, with
 * generated constants. Entity ids differ between the systems, so queries return values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatomicDifferentialTest {
  private static final int PEOPLE = 60;
  private static final String[] NAMES = new String[PEOPLE];

  private Space spoor;
  private Connection datomic;
  /** For each data transaction k: Spoor's t and Datomic's t after it. */
  private final List<long[]> ts = new ArrayList<>();

  @BeforeAll
  void load() throws Exception {
    spoor = Space.inMemory();
    String uri = "datomic:mem://spoor-diff-" + UUID.randomUUID();
    Peer.createDatabase(uri);
    datomic = Peer.connect(uri);
    transactBoth(QueryFeaturesTest.SCHEMA);
    transactBoth(NODE_SCHEMA);
    transactBoth(nodeGraph());
    Random random = new Random(2026);
    for (int i = 0; i < PEOPLE; i++) {
      NAMES[i] = "p" + i;
    }
    for (int batch = 0; batch < 3; batch++) {
      StringBuilder tx = new StringBuilder("[");
      for (int i = batch * PEOPLE / 3; i < (batch + 1) * PEOPLE / 3; i++) {
        tx.append("{:db/id \"").append(NAMES[i]).append("\" :person/name \"").append(NAMES[i]).append('"');
        if (random.nextInt(10) > 0) {
          tx.append(" :person/age ").append(random.nextInt(60));
        }
        tx.append(" :person/sex ").append(random.nextBoolean() ? ":male" : ":female").append("}\n");
      }
      transactBoth(tx.append(']').toString());
    }
    StringBuilder follows = new StringBuilder("[");
    for (int i = 0; i < PEOPLE * 2; i++) {
      follows.append("[:db/add [:person/name \"").append(NAMES[random.nextInt(PEOPLE)])
          .append("\"] :person/follows [:person/name \"").append(NAMES[random.nextInt(PEOPLE)]).append("\"]]\n");
    }
    transactBoth(follows.append(']').toString());
    for (int round = 0; round < 3; round++) {
      StringBuilder updates = new StringBuilder("[");
      for (int i = 0; i < 10; i++) {
        updates.append("{:person/name \"").append(NAMES[(round * 17 + i * 5) % PEOPLE]).append("\" :person/age ")
            .append(random.nextInt(60)).append("}\n");
      }
      updates.append("[:db/retract [:person/name \"").append(NAMES[round]).append("\"] :person/sex :male]");
      transactBoth(updates.append(']').toString());
    }
  }

  static final String NODE_SCHEMA = """
      [{:db/ident :node/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one
        :db/unique :db.unique/identity}
       {:db/ident :node/next :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}
       {:db/ident :node/blocked :db/valueType :db.type/boolean :db/cardinality :db.cardinality/one}]""";

  /**
   * Graphs for the recursive rules, apart from the people: a 120-node chain {@code n0 -> ... ->
   * n119}; a ladder of 10 diamonds {@code d0 -> d1a, d1b -> d2 -> ... -> d20}; a 10-node cycle
   * {@code c0 -> ... -> c9 -> c0}; and 40 nodes {@code r0..r39} with 70 seeded random edges,
   * every fifth of them blocked.
   */
  private static String nodeGraph() {
    StringBuilder tx = new StringBuilder("[");
    for (int i = 0; i < 120; i++) {
      tx.append("{:db/id \"n").append(i).append("\" :node/name \"n").append(i).append("\"}\n");
      if (i > 0) {
        tx.append("[:db/add \"n").append(i - 1).append("\" :node/next \"n").append(i).append("\"]\n");
      }
    }
    for (int i = 0; i <= 20; i += 2) {
      tx.append("{:db/id \"d").append(i).append("\" :node/name \"d").append(i).append("\"}\n");
      if (i < 20) {
        for (String side : new String[] {"a", "b"}) {
          String mid = "d" + (i + 1) + side;
          tx.append("{:db/id \"").append(mid).append("\" :node/name \"").append(mid).append("\"}\n");
          tx.append("[:db/add \"d").append(i).append("\" :node/next \"").append(mid).append("\"]\n");
          tx.append("[:db/add \"").append(mid).append("\" :node/next \"d").append(i + 2).append("\"]\n");
        }
      }
    }
    for (int i = 0; i < 10; i++) {
      tx.append("{:db/id \"c").append(i).append("\" :node/name \"c").append(i).append("\"}\n");
      tx.append("[:db/add \"c").append(i).append("\" :node/next \"c").append((i + 1) % 10).append("\"]\n");
    }
    Random random = new Random(99);
    for (int i = 0; i < 40; i++) {
      tx.append("{:db/id \"r").append(i).append("\" :node/name \"r").append(i).append('"')
          .append(i % 5 == 0 ? " :node/blocked true" : "").append("}\n");
    }
    for (int i = 0; i < 70; i++) {
      tx.append("[:db/add \"r").append(random.nextInt(40)).append("\" :node/next \"r").append(random.nextInt(40))
          .append("\"]\n");
    }
    return tx.append(']').toString();
  }

  static final String REACH_RIGHT = "[[(reach ?a ?b) [?a :node/next ?b]]"
      + " [(reach ?a ?b) [?a :node/next ?x] (reach ?x ?b)]]";
  static final String REACH_LEFT = "[[(reach ?a ?b) [?a :node/next ?b]]"
      + " [(reach ?a ?b) (reach ?a ?x) [?x :node/next ?b]]]";
  static final String REACH_DOUBLY = "[[(reach ?a ?b) [?a :node/next ?b]]"
      + " [(reach ?a ?b) (reach ?a ?x) (reach ?x ?b)]]";
  static final String REACH_OR = "[[(reach ?a ?b) (or-join [?a ?b] [?a :node/next ?b]"
      + " (and [?a :node/next ?x] (reach ?x ?b)))]]";
  static final String REACH_REQUIRED = "[[(reach [?a] ?b) [?a :node/next ?b]]"
      + " [(reach [?a] ?b) [?a :node/next ?x] (reach ?x ?b)]]";
  static final String ODD_EVEN_RIGHT = "[[(odd ?a ?b) [?a :node/next ?b]]"
      + " [(odd ?a ?b) [?a :node/next ?x] (even ?x ?b)] [(even ?a ?b) [?a :node/next ?x] (odd ?x ?b)]]";
  static final String ODD_EVEN_LEFT = "[[(odd ?a ?b) [?a :node/next ?b]]"
      + " [(odd ?a ?b) (even ?a ?x) [?x :node/next ?b]] [(even ?a ?b) (odd ?a ?x) [?x :node/next ?b]]]";
  static final String REACH_OPEN = "[[(open-reach ?a ?b) [?a :node/next ?b] (not [?b :node/blocked true])]"
      + " [(open-reach ?a ?b) [?a :node/next ?x] (not [?x :node/blocked true]) (open-reach ?x ?b)]]";
  static final String UNREACHED = REACH_RIGHT.substring(0, REACH_RIGHT.length() - 1)
      + " [(unreached ?a ?b) [?b :node/name _] (not (reach ?a ?b))]]";
  static final String BY_NAME = "[[(reach-name ?s ?t) [?a :node/name ?s] [?a :node/next ?b] [?b :node/name ?t]]"
      + " [(reach-name ?s ?t) [?a :node/name ?s] [?a :node/next ?b] [?b :node/name ?m] (reach-name ?m ?t)]]";
  static final String FROM = "[:find ?n :in $ % ?s :where [?a :node/name ?s] (reach ?a ?b) [?b :node/name ?n]]";
  static final String TO = "[:find ?n :in $ % ?t :where [?b :node/name ?t] (reach ?a ?b) [?a :node/name ?n]]";

  /** Recursive rules called with bound arguments in every position, on deep, diamond, cyclic and random graphs. */
  private static void ruleCases(List<Arguments> cases) {
    String count = "[:find (count ?b) . :in $ % ?s :where [?a :node/name ?s] (reach ?a ?b)]";
    cases.add(Arguments.of(count, List.of(REACH_RIGHT, "n0"), View.CURRENT));
    cases.add(Arguments.of(count, List.of(REACH_LEFT, "n0"), View.CURRENT));
    cases.add(Arguments.of(count, List.of(REACH_DOUBLY, "n60"), View.CURRENT));
    cases.add(Arguments.of("[:find (count ?a) . :in $ % ?t :where [?b :node/name ?t] (reach ?a ?b)]",
        List.of(REACH_RIGHT, "n119"), View.CURRENT));
    cases.add(Arguments.of("[:find ?t :in $ % ?s [?t ...] :where [?a :node/name ?s] [?b :node/name ?t] (reach ?a ?b)]",
        List.of(REACH_RIGHT, "n3", List.of("n2", "n3", "n4", "n119", "d0")), View.CURRENT));
    cases.add(Arguments.of(FROM, List.of(REACH_RIGHT, "d0"), View.CURRENT));
    cases.add(Arguments.of(TO, List.of(REACH_DOUBLY, "d20"), View.CURRENT));
    cases.add(Arguments.of(FROM, List.of(REACH_OR, "d13a"), View.CURRENT));
    cases.add(Arguments.of(FROM, List.of(REACH_LEFT, "c3"), View.CURRENT));
    cases.add(Arguments.of(TO, List.of(REACH_RIGHT, "c3"), View.CURRENT));
    cases.add(Arguments.of("[:find ?n :in $ % :where [?a :node/name ?n] (reach ?a ?a)]", List.of(REACH_RIGHT),
        View.CURRENT));
    cases.add(Arguments.of("[:find (count ?a) . :in $ % :where (reach ?a ?b)]", List.of(REACH_LEFT), View.CURRENT));
    Random random = new Random(11);
    String[] shapes = {REACH_RIGHT, REACH_LEFT, REACH_DOUBLY, REACH_OR, REACH_REQUIRED};
    for (int i = 0; i < 10; i++) {
      String node = "r" + random.nextInt(40);
      String rules = shapes[i % shapes.length];
      cases.add(Arguments.of(FROM, List.of(rules, node), View.CURRENT));
      if (rules != REACH_REQUIRED) {
        cases.add(Arguments.of(TO, List.of(rules, node), View.CURRENT));
      }
    }
    for (String rules : new String[] {ODD_EVEN_RIGHT, ODD_EVEN_LEFT}) {
      cases.add(Arguments.of("[:find (count ?b) . :in $ % :where [?a :node/name \"n0\"] (odd ?a ?b)]", List.of(rules),
          View.CURRENT));
      cases.add(Arguments.of("[:find ?n :in $ % :where [?a :node/name \"c0\"] (even ?a ?b) [?b :node/name ?n]]",
          List.of(rules), View.CURRENT));
      if (rules == ODD_EVEN_RIGHT) { // Datomic's own evaluation overflows its stack on the left-recursive one
        cases.add(Arguments.of("[:find ?n :in $ % :where [?b :node/name \"r7\"] (even ?a ?b) [?a :node/name ?n]]",
            List.of(rules), View.CURRENT));
      }
    }
    cases.add(Arguments.of("[:find ?n :in $ % :where [?a :node/name \"r1\"] (open-reach ?a ?b) [?b :node/name ?n]]",
        List.of(REACH_OPEN), View.CURRENT));
    cases.add(Arguments.of("[:find (count ?b) . :in $ % :where [?a :node/name \"r2\"] (unreached ?a ?b)]",
        List.of(UNREACHED), View.CURRENT));
    cases.add(Arguments.of("[:find ?t :in $ % :where (reach-name \"d5a\" ?t)]", List.of(BY_NAME), View.CURRENT));
    cases.add(Arguments.of("[:find ?s :in $ % :where (reach-name ?s \"c4\")]", List.of(BY_NAME), View.CURRENT));
    for (View view : new View[] {View.AS_OF, View.HISTORY}) {
      for (String name : new String[] {"p5", "p17"}) {
        cases.add(Arguments.of("[:find ?n2 :in $ % ?n :where [?e :person/name ?n] (reaches ?e ?f) [?f :person/name ?n2]]",
            List.of(QueryFeaturesTest.FOLLOWS_RULES, name), view));
        cases.add(Arguments.of("[:find ?n2 :in $ % ?n :where [?f :person/name ?n] (reaches ?e ?f) [?e :person/name ?n2]]",
            List.of(QueryFeaturesTest.FOLLOWS_RULES, name), view));
      }
    }
  }

  @AfterAll
  void close() {
    spoor.close();
    datomic.release();
  }

  private void transactBoth(String tx) throws Exception {
    long spoorT = spoor.transact(tx).t();
    Map<?, ?> report = datomic.transact((List<?>) Util.readAll(new StringReader(tx)).get(0)).get();
    long datomicT = ((Database) report.get(Connection.DB_AFTER)).basisT();
    ts.add(new long[] {spoorT, datomicT});
  }

  enum View { CURRENT, AS_OF, HISTORY, SINCE }

  Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    Random r = new Random(7);
    String[] ops = {"<", ">", "<=", ">=", "=", "!=", "not="};
    for (int i = 0; i < 40; i++) {
      String op = ops[r.nextInt(ops.length)];
      int k = r.nextInt(60);
      cases.add(Arguments.of("[:find ?n :where [?e :person/age ?a] [(" + op + " ?a " + k + ")] [?e :person/name ?n]]",
          List.of(), View.CURRENT));
    }
    for (int i = 0; i < 10; i++) {
      int lo = r.nextInt(60);
      int hi = lo + r.nextInt(20);
      cases.add(Arguments.of("[:find ?n ?a :where [?e :person/age ?a] [(>= ?a " + lo + ")] [(< ?a " + hi + ")]"
          + " [?e :person/name ?n]]", List.of(), i % 2 == 0 ? View.CURRENT : View.AS_OF));
      cases.add(Arguments.of("[:find ?n :in $ ?lo :where [?e :person/age ?a] [(> ?a ?lo)] [?e :person/name ?n]]",
          List.of((long) lo), View.CURRENT));
      cases.add(Arguments.of("[:find ?n :where [?e :person/name ?n] [(< \"p" + lo + "\" ?n)] [(<= ?n \"p" + hi
          + "\")]]", List.of(), View.CURRENT));
    }
    for (int i = 0; i < 20; i++) {
      String name = NAMES[r.nextInt(PEOPLE)];
      cases.add(Arguments.of("[:find ?n2 :in $ ?n :where [?e :person/name ?n] [?e :person/follows ?f]"
          + " [?f :person/name ?n2]]", List.of(name), View.CURRENT));
      cases.add(Arguments.of("[:find ?n2 :in $ % ?n :where [?e :person/name ?n] (reaches ?e ?f)"
          + " [?f :person/name ?n2]]", List.of(QueryFeaturesTest.FOLLOWS_RULES, name), View.CURRENT));
      cases.add(Arguments.of("[:find (count ?f) . :in $ ?n :where [?e :person/name ?n] [?f :person/follows ?e]]",
          List.of(name), View.CURRENT));
    }
    String oddEven = "[[(odd ?a ?b) [?a :person/follows ?b]] [(odd ?a ?b) (even ?a ?x) [?x :person/follows ?b]]"
        + " [(even ?a ?b) (odd ?a ?x) [?x :person/follows ?b]]]";
    String older = "[[(older [?a] ?b) [?a :person/age ?x] [?b :person/age ?y] [(> ?x ?y)]]]";
    for (int i = 0; i < 10; i++) {
      String name = NAMES[r.nextInt(PEOPLE)];
      cases.add(Arguments.of("[:find ?n2 :in $ % ?n :where [?e :person/name ?n] (even ?e ?f) [?f :person/name ?n2]]",
          List.of(oddEven, name), View.CURRENT));
      cases.add(Arguments.of("[:find (count ?f) . :in $ % ?n :where [?e :person/name ?n] (older ?e ?f)]",
          List.of(older, name), View.CURRENT));
    }
    String[] aggregates = {"(count ?a)", "(count-distinct ?a)", "(sum ?a)", "(min ?a)", "(max ?a)",
        "(distinct ?a)", "(min 3 ?a)", "(max 3 ?a)", "(avg ?a)", "(median ?a)", "(variance ?a)", "(stddev ?a)"};
    for (String agg : aggregates) {
      cases.add(Arguments.of("[:find ?s " + agg + " :where [?e :person/sex ?s] [?e :person/age ?a]]", List.of(),
          View.CURRENT));
      cases.add(Arguments.of("[:find ?s " + agg + " :with ?e :where [?e :person/sex ?s] [?e :person/age ?a]]",
          List.of(), View.CURRENT));
      cases.add(Arguments.of("[:find " + agg + " . :where [?e :person/age ?a]]", List.of(), View.AS_OF));
    }
    String[] shapes = {
        "[:find ?n :where [?e :person/name ?n] (not [?e :person/age _])]",
        "[:find ?n :where [?e :person/name ?n] (not [?e :person/follows ?f] [?f :person/sex :female])]",
        "[:find ?n :where [?e :person/name ?n] (not-join [?e] [?e :person/follows ?f] [?f :person/age ?a]"
            + " [(> ?a 50)])]",
        "[:find ?n :where [?e :person/name ?n] (or [?e :person/age 10] [?e :person/age 20] [?e :person/sex :male])]",
        "[:find ?n :where [?e :person/name ?n] (or-join [?e] (and [?e :person/follows ?f] [?f :person/age 30])"
            + " [?e :person/age 30])]",
        "[:find [?n ...] :where [?e :person/name ?n] [?e :person/age ?a] [(< ?a 5)]]",
        "[:find ?n ?a :keys name age :where [?e :person/name ?n] [?e :person/age ?a] [(> ?a 55)]]",
        "[:find ?n (count ?f) :where [?e :person/name ?n] [?e :person/follows ?f]]",
        "[:find ?n :where [?e :person/name ?n] [(get-else $ ?e :person/age -1) ?a] [(= ?a -1)]]",
        "[:find ?n :where [?e :person/name ?n] [(missing? $ ?e :person/age)]]",
        "[:find ?n ?x :where [?e :person/name ?n] [?e :person/age ?a] [(< ?a 3)] [(* ?a 3) ?x]]",
        "[:find ?s :where [?e :person/name ?n] [?e :person/age ?a] [(< ?a 3)] [(str ?n \"/\" ?a) ?s]]",
        "[:find ?n :where [?e :person/name ?n] [(subs ?n 1) ?rest] [(= ?rest \"1\")]]",
        "[:find ?a ?b :where [?e :person/name \"p1\"] [?e :person/follows ?x] [?x :person/follows ?y]"
            + " [?x :person/name ?a] [?y :person/name ?b]]",
        "[:find (pull ?e [:person/name :person/age]) :where [?e :person/age ?a] [(> ?a 57)]]",
        "[:find ?n :where [?e :person/follows ?e] [?e :person/name ?n]]",
        "[:find ?n :where [?e :person/sex :male] [?e :person/age 30] [?e :person/name ?n]]",
        "[:find (count ?e) . :where [?e :person/sex :female] [?e :person/age _] [?e :person/follows _]]",
        "[:find ?x :where [(ground [1 2 3]) [?x ...]] [(odd? ?x)]]",
        "[:find ?v ?added :where [?e :person/name \"p0\"] [?e :person/sex ?v _ ?added]]",
    };
    for (String q : shapes) {
      for (View v : View.values()) {
        cases.add(Arguments.of(q, List.of(), v));
      }
    }
    for (int i = 0; i < 10; i++) {
      cases.add(Arguments.of("[:find ?n ?a ?added :in $ ?n :where [?e :person/name ?n] [?e :person/age ?a _ ?added]]",
          List.of(NAMES[r.nextInt(PEOPLE)]), View.HISTORY));
    }
    ruleCases(cases);
    return cases.stream();
  }

  @ParameterizedTest(name = "{2} {0} {1}")
  @MethodSource("cases")
  void spoorAnswersLikeDatomic(String query, List<Object> inputs, View view) {
    int k = ts.size() - 3;
    Db sdb = spoor.db();
    Database ddb = datomic.db();
    switch (view) {
      case AS_OF -> {
        sdb = sdb.asOf(ts.get(k)[0]);
        ddb = ddb.asOf(ts.get(k)[1]);
      }
      case SINCE -> {
        sdb = sdb.since(ts.get(k)[0]);
        ddb = ddb.since(ts.get(k)[1]);
      }
      case HISTORY -> {
        sdb = sdb.history();
        ddb = ddb.history();
      }
      default -> { }
    }
    List<Object> spoorInputs = new ArrayList<>(List.of(sdb));
    spoorInputs.addAll(inputs);
    List<Object> datomicInputs = new ArrayList<>(List.of(ddb));
    for (Object in : inputs) {
      datomicInputs.add(in instanceof String s && s.startsWith("[[") ? Util.read(s) : in);
    }
    dev.spoor.datalog.Query parsed = parseOrNull(query);
    if (parsed == null) {
      assertThatThrownBy(() -> Peer.query(query, datomicInputs.toArray()))
          .as("Spoor rejects %s; Datomic must reject it too", query).isInstanceOf(Exception.class);
      return;
    }
    boolean unordered = parsed.find() instanceof dev.spoor.datalog.Query.Find.Collection
        || parsed.find() instanceof dev.spoor.datalog.Query.Find.Relation;
    String expected;
    try {
      expected = canonical(Peer.query(query, datomicInputs.toArray()), unordered);
    } catch (RuntimeException datomicError) {
      assertThatThrownBy(() -> Datalog.builtIns().q(query, spoorInputs.toArray()))
          .as("Datomic rejects %s (%s); Spoor must reject it too", query, datomicError.getMessage())
          .isInstanceOf(dev.spoor.core.SpoorException.class);
      return;
    }
    String actual = canonical(Datalog.builtIns().q(query, spoorInputs.toArray()).value(), unordered);
    assertThat(actual).as(query).isEqualTo(expected);
  }

  private static dev.spoor.datalog.Query parseOrNull(String query) {
    try {
      return Datalog.builtIns().parse(query);
    } catch (dev.spoor.core.SpoorException e) {
      return null;
    }
  }

  /** Both systems' answers as one canonical text: Datomic values mapped to Spoor's, sets sorted. */
  private static String canonical(Object v, boolean unordered) {
    Object n = normalize(v);
    if (unordered && n instanceof List<?> l) {
      List<String> items = new ArrayList<>(l.stream().map(DatomicDifferentialTest::print).toList());
      items.sort(null);
      return "unordered" + items;
    }
    return print(n);
  }

  private static Object normalize(Object v) {
    if (v == null || v instanceof java.util.Optional<?> o && o.isEmpty()) {
      return "nil";
    }
    if (v instanceof java.util.Optional<?> o) {
      return normalize(o.get());
    }
    if (v instanceof clojure.lang.Keyword k) {
      return Keyword.of(k.toString().substring(1));
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((key, value) -> out.put(normalize(key), normalize(value)));
      return out;
    }
    if (v instanceof Set<?> s) {
      Set<Object> out = new LinkedHashSet<>();
      s.forEach(x -> out.add(normalize(x)));
      return out;
    }
    if (v instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>();
      c.forEach(x -> out.add(normalize(x)));
      return out;
    }
    if (v instanceof Double d) {
      return String.format("%.9g", d);
    }
    if (v instanceof java.util.Date d) {
      return d.toInstant();
    }
    return v;
  }

  private static String print(Object v) {
    if (v instanceof Set<?> s) {
      List<String> items = new ArrayList<>();
      s.forEach(x -> items.add(print(x)));
      items.sort(null);
      return "#{" + String.join(" ", items) + "}";
    }
    if (v instanceof List<?> l) {
      List<String> items = new ArrayList<>();
      l.forEach(x -> items.add(print(x)));
      return "[" + String.join(" ", items) + "]";
    }
    if (v instanceof Map<?, ?> m) {
      List<String> items = new ArrayList<>();
      m.forEach((key, value) -> items.add(print(key) + " " + print(value)));
      items.sort(null);
      return "{" + String.join(", ", items) + "}";
    }
    return v instanceof String s ? "\"" + s + "\"" : dev.spoor.core.Edn.print(v);
  }
}
