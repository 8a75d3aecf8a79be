package dev.spoor.bench;

import static dev.spoor.bench.BenchSpaces.check;

import datomic.Connection;
import datomic.Database;
import datomic.Peer;
import datomic.Util;
import dev.spoor.query.Datalog;
import dev.spoor.query.Db;
import dev.spoor.query.QueryResult;
import dev.spoor.space.Space;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The same Datalog queries, as the same text, on Spoor and on Datomic (in memory, the peer
 * library), over the same data. One op is one query, string in, realized answer out
 * ({@code Datalog.builtIns().q(String, ...)} on Spoor, {@code Peer.query} on Datomic); the
 * database values (current, as-of, history) are taken once in setup.
 *
 * <p>Three databases, loaded from the same EDN text into both systems: the 20,000-person set
 * of {@link PeopleData} followed by a transaction that changes 10 % of the ages (every query
 * but the rule queries runs on it, as-of queries at the t before that transaction); a separate
 * 200-person follows chain for {@link #ruleDeep()}; and a separate {@value #WIDE_PEOPLE}-person
 * follows graph from the same generator, with the same age update, for {@link #ruleWide()} and
 * its variants (left-recursive, called backward, as of the t before the update, on the
 * history). Datomic's recursive rule does not finish on the 20,000-person graph (see
 * docs/benchmarks.md), so the rule queries keep databases of their own.
 *
 * <p>The trial's setup loads the database the benchmark's query needs into both systems, has
 * Datomic index it ({@code requestIndex} + {@code syncIndex}), and runs the query on both: the
 * answers must be non-empty and of the same size (and of the size known from the data where it
 * is: one person, 199 chain members, the number reachable from the probe by a breadth-first
 * walk, three history entries), or the run fails. Then the system not measured is let go. After each iteration the
 * last answer must still have that size.
 *
 * <pre>
 * mvn -q package -pl benchmarks
 * java -jar benchmarks/target/benchmarks.jar QueryBenchmark -f 1 -wi 2 -w 2s -i 3 -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {BenchSpaces.ADD_OPENS_REFLECT, BenchSpaces.ADD_EXPORTS_NIO,
    BenchSpaces.ADD_EXPORTS_REF, BenchSpaces.NO_ANALYTICS})
public class QueryBenchmark {

  /** The follows relation, transitively; Spoor takes the EDN text, Datomic the read form. */
  static final String FOLLOWS_RULES = """
      [[(follows ?a ?b) [?a :person/follows ?b]]
       [(follows ?a ?b) [?a :person/follows ?x] (follows ?x ?b)]]""";

  /** The same relation written left-recursive: the recursive call first, the step after it. */
  static final String FOLLOWS_RULES_LEFT = """
      [[(follows ?a ?b) [?a :person/follows ?b]]
       [(follows ?a ?b) (follows ?a ?x) [?x :person/follows ?b]]]""";

  /** Persons in the graph of {@link #ruleWide()}. */
  static final int WIDE_PEOPLE = 500;

  /** The database a query runs against. */
  enum View { CURRENT, AS_OF, HISTORY, WIDE, WIDE_AS_OF, WIDE_HISTORY, CHAIN }

  /** Every query measured; {@code %N} stands for the probe person's name. */
  enum Q {
    LOOKUP("[:find ?e :where [?e :person/name %N]]"),
    JOIN2("[:find ?e ?a :where [?e :person/name %N] [?e :person/age ?a]]"),
    JOIN2_NON_UNIQUE("[:find ?e :where [?e :person/sex :male] [?e :person/age 30]]"),
    JOIN3("[:find ?e ?a ?s :where [?e :person/name %N] [?e :person/age ?a] [?e :person/salary ?s]]"),
    JOIN4("[:find ?e ?a ?s ?x :where [?e :person/name %N] [?e :person/age ?a] [?e :person/salary ?s]"
        + " [?e :person/sex ?x]]"),
    JOIN4_FOLLOWS("[:find ?e ?a ?f ?n :where [?e :person/name %N] [?e :person/age ?a] [?e :person/follows ?f]"
        + " [?f :person/name ?n]]"),
    JOIN3_WORST("[:find ?e ?a ?s :where [?e :person/salary ?s] [?e :person/age ?a] [?e :person/name %N]]"),
    JOIN4_WORST("[:find ?e ?a ?s ?x :where [?e :person/sex ?x] [?e :person/salary ?s] [?e :person/age ?a]"
        + " [?e :person/name %N]]"),
    JOIN4_FOLLOWS_WORST("[:find ?e ?a ?f ?n :where [?f :person/name ?n] [?e :person/follows ?f]"
        + " [?e :person/age ?a] [?e :person/name %N]]"),
    PREDICATE("[:find ?e :where [?e :person/age ?a] [(> ?a 90)]]"),
    PREDICATE_INPUT("[:find ?e :in $ ?min :where [?e :person/age ?a] [(> ?a ?min)]]", 90L),
    RULE_WIDE(View.WIDE, "[:find ?b :in $ % :where [?a :person/name %N] (follows ?a ?b)]", FOLLOWS_RULES),
    RULE_DEEP(View.CHAIN, "[:find ?b :in $ % :where [?a :person/name \"chain-0\"] (follows ?a ?b)]",
        FOLLOWS_RULES),
    RULE_WIDE_LEFT(View.WIDE, RULE_WIDE.text, FOLLOWS_RULES_LEFT),
    RULE_WIDE_BACKWARD(View.WIDE, "[:find ?a :in $ % :where [?b :person/name %N] (follows ?a ?b)]", FOLLOWS_RULES),
    RULE_WIDE_AS_OF(View.WIDE_AS_OF, RULE_WIDE.text, FOLLOWS_RULES),
    RULE_WIDE_HISTORY(View.WIDE_HISTORY, RULE_WIDE.text, FOLLOWS_RULES),
    AS_OF_JOIN3(View.AS_OF, JOIN3.text),
    AS_OF_PREDICATE(View.AS_OF, PREDICATE.text),
    HISTORY(View.HISTORY, "[:find ?a ?added :where [?e :person/name %N] [?e :person/age ?a _ ?added]]");

    final View view;
    final String text;
    /** Inputs after the database; a string starting with {@code [[} is rules (Datomic gets it read). */
    final Object[] inputs;

    Q(String text, Object... inputs) {
      this(View.CURRENT, text, inputs);
    }

    Q(View view, String text, Object... inputs) {
      this.view = view;
      this.text = text;
      this.inputs = inputs;
    }

    String text(String probeName) {
      return text.replace("%N", '"' + probeName + '"');
    }
  }

  /** The query each benchmark method measures. */
  static Q queryOf(String method) {
    return switch (method) {
      case "lookup" -> Q.LOOKUP;
      case "join2" -> Q.JOIN2;
      case "join2NonUnique" -> Q.JOIN2_NON_UNIQUE;
      case "join3" -> Q.JOIN3;
      case "join4" -> Q.JOIN4;
      case "join4Follows" -> Q.JOIN4_FOLLOWS;
      case "join3WorstOrder" -> Q.JOIN3_WORST;
      case "join4WorstOrder" -> Q.JOIN4_WORST;
      case "join4FollowsWorstOrder" -> Q.JOIN4_FOLLOWS_WORST;
      case "predicate" -> Q.PREDICATE;
      case "predicateInput" -> Q.PREDICATE_INPUT;
      case "ruleWide" -> Q.RULE_WIDE;
      case "ruleDeep" -> Q.RULE_DEEP;
      case "ruleWideLeft" -> Q.RULE_WIDE_LEFT;
      case "ruleWideBackward" -> Q.RULE_WIDE_BACKWARD;
      case "ruleWideAsOf" -> Q.RULE_WIDE_AS_OF;
      case "ruleWideHistory" -> Q.RULE_WIDE_HISTORY;
      case "asOfJoin3" -> Q.AS_OF_JOIN3;
      case "asOfPredicate" -> Q.AS_OF_PREDICATE;
      case "history" -> Q.HISTORY;
      default -> throw new IllegalArgumentException("no query for benchmark " + method);
    };
  }

  /** A query ready to run on one system: its text and all of its inputs, database first. */
  private record Prepared(String text, Object[] inputs) {}

  /** One database, loaded into both systems. */
  private static final class Both {
    final Space spoor = Space.inMemory();
    final String datomicUri = "datomic:mem://spoor-bench-" + UUID.randomUUID();
    Connection datomic;
    /** Spoor's and Datomic's t of the last transaction before the age update, when there is one. */
    long spoorAsOfT;
    long datomicAsOfT;

    Both() {
      Peer.createDatabase(datomicUri);
      datomic = Peer.connect(datomicUri);
    }

    /** Transacts the same EDN text in both; returns {Spoor's t, Datomic's t}. */
    long[] transact(String tx) throws InterruptedException, ExecutionException {
      long spoorT = spoor.transact(tx).t();
      Map<?, ?> report = datomic.transact((List<?>) Util.readAll(new StringReader(tx)).get(0)).get();
      return new long[] {spoorT, ((Database) report.get(Connection.DB_AFTER)).basisT()};
    }

    /** Datomic's database once its indexing job has caught up, as a long-lived database would be. */
    Database indexedDatomicDb() throws InterruptedException, ExecutionException {
      datomic.requestIndex();
      return datomic.syncIndex(datomic.db().basisT()).get();
    }

    void releaseDatomic() {
      if (datomic != null) {
        datomic.release();
        Peer.deleteDatabase(datomicUri);
        datomic = null;
      }
    }
  }

  @Param({"SPOOR", "DATOMIC"})
  public QuerySystem system;

  /** Persons in the main data set and in the wide graph; tests use fewer. */
  int people = PeopleData.PEOPLE;
  int widePeople = WIDE_PEOPLE;

  private final List<Both> databases = new ArrayList<>();
  /** The answer size both systems agreed on, per checked query. */
  final Map<Q, Integer> expectedSizes = new EnumMap<>(Q.class);

  private final Prepared[] measured = new Prepared[Q.values().length];
  private Object lastAnswer;
  private Q lastQuery;

  @Setup(Level.Trial)
  public void load(BenchmarkParams params) throws Exception {
    String benchmark = params.getBenchmark();
    load(EnumSet.of(queryOf(benchmark.substring(benchmark.lastIndexOf('.') + 1))));
  }

  /**
   * Loads the databases that {@code queries} need into both systems, checks each query on
   * both, and keeps them ready to run on {@link #system}.
   */
  void load(Set<Q> queries) throws Exception {
    Set<View> views = EnumSet.noneOf(View.class);
    for (Q q : queries) {
      views.add(q.view);
    }
    PeopleData data = new PeopleData(people);
    Map<View, Db> spoorDbs = new EnumMap<>(View.class);
    Map<View, Database> datomicDbs = new EnumMap<>(View.class);
    if (views.contains(View.CURRENT) || views.contains(View.AS_OF) || views.contains(View.HISTORY)) {
      Both main = load(data, true);
      Db db = main.spoor.db();
      Database ddb = main.indexedDatomicDb();
      spoorDbs.put(View.CURRENT, db);
      spoorDbs.put(View.AS_OF, db.asOf(main.spoorAsOfT));
      spoorDbs.put(View.HISTORY, db.history());
      datomicDbs.put(View.CURRENT, ddb);
      datomicDbs.put(View.AS_OF, ddb.asOf(main.datomicAsOfT));
      datomicDbs.put(View.HISTORY, ddb.history());
    }
    if (views.contains(View.CHAIN)) {
      Both chain = new Both();
      databases.add(chain);
      chain.transact(PeopleData.SCHEMA);
      chain.transact(PeopleData.chain());
      spoorDbs.put(View.CHAIN, chain.spoor.db());
      datomicDbs.put(View.CHAIN, chain.indexedDatomicDb());
    }
    PeopleData wideData = new PeopleData(widePeople);
    if (views.contains(View.WIDE) || views.contains(View.WIDE_AS_OF) || views.contains(View.WIDE_HISTORY)) {
      Both wide = load(wideData, true);
      Db db = wide.spoor.db();
      Database ddb = wide.indexedDatomicDb();
      spoorDbs.put(View.WIDE, db);
      spoorDbs.put(View.WIDE_AS_OF, db.asOf(wide.spoorAsOfT));
      spoorDbs.put(View.WIDE_HISTORY, db.history());
      datomicDbs.put(View.WIDE, ddb);
      datomicDbs.put(View.WIDE_AS_OF, ddb.asOf(wide.datomicAsOfT));
      datomicDbs.put(View.WIDE_HISTORY, ddb.history());
    }

    for (Q q : queries) {
      String text = q.text(data.probeName());
      Prepared onSpoor = new Prepared(text, inputs(spoorDbs.get(q.view), q.inputs, false));
      Prepared onDatomic = new Prepared(text, inputs(datomicDbs.get(q.view), q.inputs, true));
      int s = size(spoorQuery(onSpoor));
      int d = size(datomicQuery(onDatomic));
      check(s == d, q + ": Spoor returns " + s + " results, Datomic " + d);
      check(s > 0, q + ": both systems return no results");
      Integer known = switch (q) {
        case LOOKUP, JOIN2, JOIN3, JOIN4, JOIN3_WORST, JOIN4_WORST, AS_OF_JOIN3 -> 1;
        case HISTORY -> 3; // the old age asserted and retracted, the new one asserted
        case RULE_DEEP -> PeopleData.CHAIN - 1;
        // The age update leaves the follows alone, so the as-of view and the history reach as many.
        case RULE_WIDE, RULE_WIDE_LEFT, RULE_WIDE_AS_OF, RULE_WIDE_HISTORY -> wideData.reachableFromProbe();
        default -> null;
      };
      check(known == null || s == known, q + ": both systems return " + s + " results, the data says " + known);
      expectedSizes.put(q, s);
      // Keep only the measured system's side.
      measured[q.ordinal()] = system == QuerySystem.SPOOR ? onSpoor : onDatomic;
    }

    // Let the other system go, so its data and threads do not run alongside the measurement.
    for (Both db : databases) {
      if (system == QuerySystem.SPOOR) {
        db.releaseDatomic();
      } else {
        db.spoor.close();
      }
    }
  }

  /**
   * The schema, the persons and their follows in both systems; with {@code ageUpdate}, then the
   * age update, after noting each system's t before it in {@link Both}.
   */
  private Both load(PeopleData data, boolean ageUpdate) throws Exception {
    Both both = new Both();
    databases.add(both);
    both.transact(PeopleData.SCHEMA);
    for (String tx : data.personBatches()) {
      both.transact(tx);
    }
    long[] before = null;
    for (String tx : data.followBatches()) {
      before = both.transact(tx);
    }
    if (ageUpdate) {
      both.spoorAsOfT = before[0];
      both.datomicAsOfT = before[1];
      both.transact(data.ageUpdate());
    }
    return both;
  }

  private static Object[] inputs(Object db, Object[] rest, boolean forDatomic) {
    Object[] all = new Object[rest.length + 1];
    all[0] = db;
    for (int i = 0; i < rest.length; i++) {
      boolean rules = rest[i] instanceof String s && s.startsWith("[[");
      all[i + 1] = rules && forDatomic ? Util.read((String) rest[i]) : rest[i];
    }
    return all;
  }

  private static QueryResult spoorQuery(Prepared p) {
    return Datalog.builtIns().q(p.text, p.inputs);
  }

  private static Collection<?> datomicQuery(Prepared p) {
    return Peer.query(p.text, p.inputs);
  }

  static int size(Object answer) {
    if (answer instanceof QueryResult r) {
      return r.size();
    }
    return ((Collection<?>) answer).size();
  }

  Object run(Q q) {
    Prepared p = measured[q.ordinal()];
    Object answer = system == QuerySystem.SPOOR ? spoorQuery(p) : datomicQuery(p);
    lastAnswer = answer;
    lastQuery = q;
    return answer;
  }

  /** The query the last benchmark call ran. */
  Q lastQuery() {
    return lastQuery;
  }

  /** 1. One pattern, a unique attribute's value: one person. */
  @Benchmark
  public Object lookup() {
    return run(Q.LOOKUP);
  }

  /** 2. One person's age, by name. */
  @Benchmark
  public Object join2() {
    return run(Q.JOIN2);
  }

  /** 2. Men aged 30: two non-unique values. */
  @Benchmark
  public Object join2NonUnique() {
    return run(Q.JOIN2_NON_UNIQUE);
  }

  /** 3. Name, age and salary of one person. */
  @Benchmark
  public Object join3() {
    return run(Q.JOIN3);
  }

  /** 3. Name, age, salary and sex of one person. */
  @Benchmark
  public Object join4() {
    return run(Q.JOIN4);
  }

  /** 3. One person's age and the names of the people they follow. */
  @Benchmark
  public Object join4Follows() {
    return run(Q.JOIN4_FOLLOWS);
  }

  /** 4. {@link #join3()} with the most general clause first and the name last. */
  @Benchmark
  public Object join3WorstOrder() {
    return run(Q.JOIN3_WORST);
  }

  /** 4. {@link #join4()} with the most general clause first and the name last. */
  @Benchmark
  public Object join4WorstOrder() {
    return run(Q.JOIN4_WORST);
  }

  /** 4. {@link #join4Follows()} starting from every person's name, the probe's name last. */
  @Benchmark
  public Object join4FollowsWorstOrder() {
    return run(Q.JOIN4_FOLLOWS_WORST);
  }

  /** 5. Everyone older than 90, the bound inline. */
  @Benchmark
  public Object predicate() {
    return run(Q.PREDICATE);
  }

  /** 5. Everyone older than 90, the bound an {@code :in} input. */
  @Benchmark
  public Object predicateInput() {
    return run(Q.PREDICATE_INPUT);
  }

  /** 6. Everyone the probe reaches through follows, on the {@value #WIDE_PEOPLE}-person graph. */
  @Benchmark
  public Object ruleWide() {
    return run(Q.RULE_WIDE);
  }

  /** 6. Everyone {@code chain-0} reaches: the 199 others of the chain, 199 levels deep. */
  @Benchmark
  public Object ruleDeep() {
    return run(Q.RULE_DEEP);
  }

  /** 6. {@link #ruleWide()} with the rules written left-recursive. */
  @Benchmark
  public Object ruleWideLeft() {
    return run(Q.RULE_WIDE_LEFT);
  }

  /** 6. Everyone who reaches the probe through follows: the rule called with its second argument bound. */
  @Benchmark
  public Object ruleWideBackward() {
    return run(Q.RULE_WIDE_BACKWARD);
  }

  /** 7. {@link #ruleWide()} as of the t before the wide graph's age update. */
  @Benchmark
  public Object ruleWideAsOf() {
    return run(Q.RULE_WIDE_AS_OF);
  }

  /** 7. {@link #ruleWide()} on the wide graph's history (every follows datom ever asserted). */
  @Benchmark
  public Object ruleWideHistory() {
    return run(Q.RULE_WIDE_HISTORY);
  }

  /** 7. {@link #join3()} as of the t before the age update. */
  @Benchmark
  public Object asOfJoin3() {
    return run(Q.AS_OF_JOIN3);
  }

  /** 7. {@link #predicate()} as of the t before the age update. */
  @Benchmark
  public Object asOfPredicate() {
    return run(Q.AS_OF_PREDICATE);
  }

  /** 7. The probe's ages in the history: the old one asserted and retracted, the new one asserted. */
  @Benchmark
  public Object history() {
    return run(Q.HISTORY);
  }

  @TearDown(Level.Iteration)
  public void checkAnswer() {
    check(lastQuery != null, "no query ran");
    Integer expected = expectedSizes.get(lastQuery);
    check(expected != null, lastQuery + " was not checked against the other system in setup");
    int size = size(lastAnswer);
    check(size == expected, lastQuery + " on " + system + " returned " + size + " results, expected " + expected);
  }

  @TearDown(Level.Trial)
  public void release() {
    for (Both db : databases) {
      db.spoor.close();
      db.releaseDatomic();
    }
    databases.clear();
  }
}
