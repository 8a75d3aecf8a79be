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
