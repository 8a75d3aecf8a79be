package dev.spoor.examples;

import dev.spoor.core.Keyword;
import dev.spoor.query.Db;
import dev.spoor.space.Agent;
import dev.spoor.space.Observation;
import dev.spoor.space.TransactionException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Collaborative filtering as standing queries. Users (agents) rate items. A recommender observes
 * a Datalog query with an aggregate: for each user and item the user has not rated, how many
 * other users liked something the user liked and also liked that item. It turns the rows into
 * insight facts ({@code :insight/user}, {@code :insight/item}, {@code :insight/support}), adding,
 * updating and withdrawing them as the observation's changes arrive. A curator observes the
 * insights and refines them: it ranks each user's best {@link #TOP} ({@code :insight/rank}),
 * each write guarded by a compare-and-set on the support it read, so it never ranks an insight
 * that changed or vanished under it. The ratings come in waves; in the second wave every user
 * tries the item ranked first for them and rates it, which withdraws that insight.
 *
 * <p>Invariants: every insight is justified (the standing insights equal a fresh run of the
 * query); no user is recommended an item they rated; the ranks are each user's top insights by
 * support; the items users tried were withdrawn (history keeps the insights).
 */
public final class RecommendationsDemo implements Demo {
  public static final String NAME = "recommendations";

  static final String SCHEMA = """
      [{:db/ident :rating/key     :db/valueType :db.type/string :db/cardinality :db.cardinality/one
        :db/unique :db.unique/identity :db/doc "user/item"}
       {:db/ident :rating/user    :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
       {:db/ident :rating/item    :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
       {:db/ident :rating/stars   :db/valueType :db.type/long   :db/cardinality :db.cardinality/one}
       {:db/ident :insight/key    :db/valueType :db.type/string :db/cardinality :db.cardinality/one
        :db/unique :db.unique/identity :db/doc "user/item"}
       {:db/ident :insight/user   :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
       {:db/ident :insight/item   :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
       {:db/ident :insight/support :db/valueType :db.type/long  :db/cardinality :db.cardinality/one
        :db/doc "how many other users liked something this user liked, and liked the item"}
       {:db/ident :insight/rank   :db/valueType :db.type/long   :db/cardinality :db.cardinality/one
        :db/doc "the curator's refinement: 1 for the user's best insight, up to the top few"}]""";

  /** Users who liked what you liked also liked: per user and item not rated yet, how many such peers. */
  static final String ALSO_LIKED = """
      [:find ?user ?item (count-distinct ?peer)
       :where [?mine :rating/user ?user] [?mine :rating/stars ?s1] [(>= ?s1 4)] [?mine :rating/item ?shared]
              [?theirs :rating/item ?shared] [?theirs :rating/stars ?s2] [(>= ?s2 4)] [?theirs :rating/user ?peer]
              [(!= ?peer ?user)]
              [?rec :rating/user ?peer] [?rec :rating/stars ?s3] [(>= ?s3 4)] [?rec :rating/item ?item]
              (not-join [?user ?item] [?r :rating/user ?user] [?r :rating/item ?item])]""";

  /** The insights, as the curator observes them and the checks read them. */
  static final String INSIGHTS = "[:find ?user ?item ?support"
      + " :where [?i :insight/user ?user] [?i :insight/item ?item] [?i :insight/support ?support]]";

  /** One user's insights with their ranks (0: unranked), for the curator. */
  static final String USER_INSIGHTS = """
      [:find ?i ?item ?support ?rank
       :in $ ?user
       :where [?i :insight/user ?user] [?i :insight/item ?item] [?i :insight/support ?support]
              [(get-else $ ?i :insight/rank 0) ?rank]]""";

  /** How many users must back an item for it to become an insight. */
  static final long MIN_SUPPORT = 2;
  /** How many insights per user the curator ranks. */
  static final int TOP = 3;

  private static final Keyword RATING_KEY = Keyword.of("rating/key");
  private static final Keyword RATING_USER = Keyword.of("rating/user");
  private static final Keyword RATING_ITEM = Keyword.of("rating/item");
  private static final Keyword STARS = Keyword.of("rating/stars");
  private static final Keyword KEY = Keyword.of("insight/key");
  private static final Keyword USER = Keyword.of("insight/user");
  private static final Keyword ITEM = Keyword.of("insight/item");
  private static final Keyword SUPPORT = Keyword.of("insight/support");
  private static final Keyword RANK = Keyword.of("insight/rank");
  private static final Keyword CAS = Keyword.of("db/cas");
  private static final Keyword ADD = Keyword.of("db/add");
  private static final Keyword RETRACT = Keyword.of("db/retract");
  private static final Keyword RETRACT_ENTITY = Keyword.of("db/retractEntity");

  static final List<String> NAMES = List.of("ana", "ben", "cy", "dee", "eli", "fay", "gus", "hal", "ivy", "jo",
      "kai", "lu");
  static final List<String> GENRES = List.of("film", "book", "game");

  private final int users;
  private final int itemsPerGenre;
  private final int firstRatings;
  private final long seed;

  /** Ten users, six items in each of three genres, eight ratings each in the first wave. */
  public RecommendationsDemo() {
    this(10, 6, 8, 11);
  }

  public RecommendationsDemo(int users, int itemsPerGenre, int firstRatings, long seed) {
    if (users < 3 || users > NAMES.size() || itemsPerGenre < 2 || firstRatings < 2
        || firstRatings >= itemsPerGenre * GENRES.size()) {
      throw new IllegalArgumentException("recommendations needs 3 to " + NAMES.size() + " users, two items per genre,"
          + " and at least two but not all items rated at first");
    }
    this.users = users;
    this.itemsPerGenre = itemsPerGenre;
    this.firstRatings = firstRatings;
    this.seed = seed;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "a recommender observes a collaborative-filtering query and emits insights; a curator ranks them";
  }

  @Override
  public String inspectHint() {
    return "--history --format table '[:find ?user ?item ?support ?added ?tx :where [?i :insight/user ?user]"
        + " [?i :insight/item ?item] [?i :insight/support ?support ?tx ?added]]'";
  }

  static String key(String user, String item) {
    return user + "/" + item;
  }

  /** A user's taste: the genre they love (4 or 5 stars mostly); the others get 1 to 5 stars at random. */
  static String favourite(int user) {
    return GENRES.get(user % 2);
  }

  private List<String> items() {
    List<String> out = new ArrayList<>();
    for (String g : GENRES) {
      for (int i = 1; i <= itemsPerGenre; i++) {
        out.add(String.format("%s-%02d", g, i));
      }
    }
    return out;
  }

  private long stars(int user, String item, Random random) {
    return item.startsWith(favourite(user)) ? 4 + random.nextInt(2) - (random.nextInt(6) == 0 ? 2 : 0)
        : 1 + random.nextInt(5);
  }

  /** What the agents saw, shared by their threads. */
  private static final class Run {
    final AtomicInteger recommenderChanges = new AtomicInteger();
    final AtomicInteger curatorWrites = new AtomicInteger();
    final AtomicInteger curatorRetries = new AtomicInteger();
    final Map<String, String> tried = new ConcurrentHashMap<>();   // user -> item ranked first, then rated
  }

  @Override
  public DemoResult run(Path spaceDir, PrintStream out) {
    List<String> items = items();
    out.println("recommendations: " + users + " users rate " + items.size() + " items (" + String.join(", ", GENRES)
        + "); a recommender observes a collaborative-filtering query and emits insights with support >= "
        + MIN_SUPPORT + "; a curator ranks each user's top " + TOP + ".");
    out.println("(every agent is a thread of this JVM; each user loves one genre: even users films, odd users books)");
    Run run = new Run();
    try (Crew crew = Crew.open(spaceDir)) {
      crew.space.transact(SCHEMA);
      Agent recommender = crew.join("recommender", Crew.LONG_LEASE);
      Observation alsoLiked = recommender.observe(ALSO_LIKED, change -> recommend(crew, recommender, change, run));
      Agent curator = crew.join("curator", Crew.LONG_LEASE);
      Observation insights = curator.observe(INSIGHTS, change -> curate(crew, curator, change, run));
      List<Agent> people = new ArrayList<>();
      for (int u = 0; u < users; u++) {
        people.add(crew.join(NAMES.get(u), Crew.LONG_LEASE));
      }

      // Wave 1: everyone rates a few items at random (their taste shows in the stars).
      for (int u = 0; u < users; u++) {
        int user = u;
        Agent me = people.get(u);
        Random random = new Random(seed * 100 + u);
        List<String> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, random);
        crew.spawn(() -> {
          for (String item : shuffled.subList(0, firstRatings)) {
            rate(me, item, stars(user, item, random));
          }
        });
      }
      crew.awaitThreads(Duration.ofSeconds(60));
      boolean settled1 = settle(crew);
      out.println("wave 1: " + users * firstRatings + " ratings; " + (settled1 ? "" : "NOT SETTLED: ")
          + crew.count("[:find (count ?i) . :where [?i :insight/key _]]") + " insights, " + run.recommenderChanges
          + " change(s) seen by the recommender");
      printTop(crew, out);

      // Wave 2: everyone tries the item ranked first for them, and rates it.
      for (int u = 0; u < users; u++) {
        int user = u;
        Agent me = people.get(u);
        Random random = new Random(seed * 100 + 50 + u);
        crew.spawn(() -> {
          List<Object> best = crew.q("[:find [?item ...] :in $ ?user :where [?i :insight/user ?user]"
              + " [?i :insight/rank 1] [?i :insight/item ?item]]", me.name()).collection();
          if (!best.isEmpty()) {
            String item = (String) best.get(0);
            run.tried.put(me.name(), item);
            rate(me, item, stars(user, item, random));
          }
        });
      }
      crew.awaitThreads(Duration.ofSeconds(60));
      boolean settled2 = settle(crew);
      out.println("wave 2: " + run.tried.size() + " users tried the item ranked first for them and rated it: "
          + new TreeMap<>(run.tried).entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
              .collect(Collectors.joining(", ")));
      out.println((settled2 ? "" : "NOT SETTLED: ") + crew.count("[:find (count ?i) . :where [?i :insight/key _]]")
          + " insights now; the recommender saw " + run.recommenderChanges + " change(s), the curator wrote "
          + run.curatorWrites + " time(s) (" + run.curatorRetries + " retried after its read went stale)");
      printTop(crew, out);
      explainOne(crew, out);

      alsoLiked.close();
      insights.close();
      people.forEach(crew::leave);
      crew.leave(recommender);
      crew.leave(curator);
      return check(crew, run, settled1 && settled2).finish(NAME, spaceDir, out);
    }
  }

  private static void rate(Agent me, String item, long stars) {
    me.transact(List.of(Map.of(RATING_KEY, key(me.name(), item), RATING_USER, me.name(), RATING_ITEM, item, STARS,
        stars)));
  }

  /** Waits until the recommender and the curator have caught up with the ratings. */
  private static boolean settle(Crew crew) {
    return Crew.await(() -> justified(crew).isEmpty() && misranked(crew).isEmpty(), Duration.ofSeconds(30));
  }

  /**
   * The recommender's reaction to a change of its query: add or update the insights whose rows
   * entered (with enough support), withdraw those whose rows left and did not come back.
   */
  private static void recommend(Crew crew, Agent recommender, Observation.Change change, Run run) {
    run.recommenderChanges.incrementAndGet();
    Map<String, List<Object>> now = new HashMap<>();
    for (List<Object> row : change.added()) {
      if ((Long) row.get(2) >= MIN_SUPPORT) {
        now.put(key((String) row.get(0), (String) row.get(1)), row);
      }
    }
    Set<String> gone = new TreeSet<>();
    for (List<Object> row : change.removed()) {
      gone.add(key((String) row.get(0), (String) row.get(1)));
    }
    for (List<Object> row : change.added()) {
      gone.add(key((String) row.get(0), (String) row.get(1)));
    }
    gone.removeAll(now.keySet());
    List<Object> tx = new ArrayList<>();
    for (Map.Entry<String, List<Object>> e : now.entrySet()) {
      List<Object> row = e.getValue();
      tx.add(Map.of(KEY, e.getKey(), USER, row.get(0), ITEM, row.get(1), SUPPORT, row.get(2)));
    }
    Db db = crew.space.db();
    for (String k : gone) {
      if (db.entid(List.of(KEY, k)).isPresent()) {
        tx.add(List.of(RETRACT_ENTITY, List.of(KEY, k)));
      }
    }
    if (!tx.isEmpty()) {
      recommender.transact(tx);
    }
  }

  /** The curator's reaction to changed insights: re-rank the users they belong to. */
  private static void curate(Crew crew, Agent curator, Observation.Change change, Run run) {
    Set<String> affected = new TreeSet<>();
    change.added().forEach(r -> affected.add((String) r.get(0)));
    change.removed().forEach(r -> affected.add((String) r.get(0)));
    for (String user : affected) {
      rerank(crew, curator, user, run);
    }
  }

  /**
   * Ranks {@code user}'s top insights by support (then item), each write guarded by a
   * compare-and-set of the support it read; when an insight changed or vanished meanwhile, it
   * reads again.
   */
  private static void rerank(Crew crew, Agent curator, String user, Run run) {
    for (int attempt = 0; attempt < 50; attempt++) {
      List<List<?>> rows = ranked(crew.q(USER_INSIGHTS, user).rows());
      List<Object> tx = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        List<?> r = rows.get(i);
        long want = i < TOP ? i + 1 : 0;
        long have = (Long) r.get(3);
        if (want == have) {
          continue;
        }
        tx.add(List.of(CAS, r.get(0), SUPPORT, r.get(2), r.get(2)));
        tx.add(want > 0 ? List.of(ADD, r.get(0), RANK, want) : List.of(RETRACT, r.get(0), RANK, have));
      }
      if (tx.isEmpty()) {
        return;
      }
      try {
        curator.transact(tx);
        run.curatorWrites.incrementAndGet();
        return;
      } catch (TransactionException.CasMismatch stale) {
        run.curatorRetries.incrementAndGet();
      }
    }
  }

  /** Rows {@code [insight item support rank]} ordered best first: support descending, then item. */
  private static List<List<?>> ranked(List<Object> rows) {
    return rows.stream().<List<?>>map(r -> (List<?>) r)
        .sorted(Comparator.<List<?>, Long>comparing(r -> -(Long) r.get(2)).thenComparing(r -> (String) r.get(1)))
        .toList();
  }

  /** Insight rows that a fresh run of the query does not back, and backed rows with no insight. */
  private static Set<List<Object>> justified(Crew crew) {
    Set<List<Object>> expected = new LinkedHashSet<>();
    for (Object row : crew.q(ALSO_LIKED).rows()) {
      List<?> r = (List<?>) row;
      if ((Long) r.get(2) >= MIN_SUPPORT) {
        expected.add(List.copyOf(r));
      }
    }
    Set<List<Object>> actual = new LinkedHashSet<>();
    for (Object row : crew.q(INSIGHTS).rows()) {
      actual.add(List.copyOf((List<?>) row));
    }
    Set<List<Object>> diff = new LinkedHashSet<>(expected);
    diff.removeAll(actual);
    Set<List<Object>> extra = new LinkedHashSet<>(actual);
    extra.removeAll(expected);
    diff.addAll(extra);
    return diff;
  }

  /** Users whose ranks are not their top insights, and ranks on entities that are not insights. */
  private static Set<String> misranked(Crew crew) {
    Set<String> wrong = new TreeSet<>();
    for (Object u : crew.q("[:find [?user ...] :where [_ :insight/user ?user]]").collection()) {
      List<List<?>> rows = ranked(crew.q(USER_INSIGHTS, u).rows());
      for (int i = 0; i < rows.size(); i++) {
        if ((Long) rows.get(i).get(3) != (i < TOP ? i + 1 : 0)) {
          wrong.add((String) u);
        }
      }
    }
    if (!crew.q("[:find ?i :where [?i :insight/rank _] (not [?i :insight/key _])]").rows().isEmpty()) {
      wrong.add("(a rank on a withdrawn insight)");
    }
    return wrong;
  }

  private void printTop(Crew crew, PrintStream out) {
    Map<String, List<String>> top = new TreeMap<>();
    for (Object row : crew.q("[:find ?user ?rank ?item ?support :where [?i :insight/rank ?rank]"
        + " [?i :insight/user ?user] [?i :insight/item ?item] [?i :insight/support ?support]]").rows()) {
      List<?> r = (List<?>) row;
      top.computeIfAbsent((String) r.get(0), k -> new ArrayList<>()).add(r.get(2) + " (" + r.get(3) + ")");
    }
    for (int u = 0; u < Math.min(users, 4); u++) {
      String name = NAMES.get(u);
      out.println("  top for " + name + " (loves " + favourite(u) + "s): " + String.join(", ",
          top.getOrDefault(name, List.of("none yet"))));
    }
  }

  /** Prints why the first user's best insight stands: the peers behind it. */
  private static void explainOne(Crew crew, PrintStream out) {
    List<Object> best = crew.q("[:find ?user ?item :where [?i :insight/rank 1] [?i :insight/user ?user]"
        + " [?i :insight/item ?item]]").rows();
    if (best.isEmpty()) {
      return;
    }
    List<?> b = (List<?>) best.get(0);
    List<Object> peers = crew.q("""
        [:find [?peer ...]
         :in $ ?user ?item
         :where [?mine :rating/user ?user] [?mine :rating/stars ?s1] [(>= ?s1 4)] [?mine :rating/item ?shared]
                [?theirs :rating/item ?shared] [?theirs :rating/stars ?s2] [(>= ?s2 4)] [?theirs :rating/user ?peer]
                [(!= ?peer ?user)] [?rec :rating/user ?peer] [?rec :rating/item ?item] [?rec :rating/stars ?s3]
                [(>= ?s3 4)]]""", b.get(0), b.get(1)).collection();
    out.println("why " + b.get(1) + " for " + b.get(0) + ": " + peers.stream().map(Object::toString)
        .collect(Collectors.joining(", ")) + " liked something " + b.get(0) + " liked, and liked " + b.get(1));
  }

  private static Checks check(Crew crew, Run run, boolean settled) {
    Checks checks = new Checks();
    long insights = crew.count("[:find (count ?i) . :where [?i :insight/key _]]");
    Set<List<Object>> unjustified = justified(crew);
    checks.check("every insight is justified: the insights are exactly what a fresh run of the query finds",
        settled && unjustified.isEmpty() && insights > 0, insights + " insights" + (unjustified.isEmpty() ? ""
            : "; differing rows [user item support]: " + unjustified));

    List<Object> rated = crew.q("[:find ?user ?item :where [?i :insight/user ?user] [?i :insight/item ?item]"
        + " [?r :rating/user ?user] [?r :rating/item ?item]]").rows();
    checks.check("no user is recommended an item they rated", rated.isEmpty(), rated.isEmpty() ? ""
        : "rated: " + rated);

    Set<String> misranked = misranked(crew);
    long ranked = crew.count("[:find (count ?i) . :where [?i :insight/rank _]]");
    checks.check("the curator's ranks are each user's top " + TOP + " insights by support, then item",
        misranked.isEmpty() && ranked > 0, ranked + " ranked" + (misranked.isEmpty() ? "" : "; wrong for "
            + misranked));

    List<String> notWithdrawn = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(run.tried).entrySet()) {
      String k = key(e.getKey(), e.getValue());
      boolean standing = crew.space.db().entid(List.of(KEY, k)).isPresent();
      boolean inHistory = !crew.history("[:find ?i :in $ ?k :where [?i :insight/key ?k _ false]]", k).rows()
          .isEmpty();
      if (standing || !inHistory) {
        notWithdrawn.add(k);
      }
    }
    checks.check("the insights users acted on were withdrawn when they rated the item, and history keeps them",
        !run.tried.isEmpty() && notWithdrawn.isEmpty(), run.tried.size() + " tried" + (notWithdrawn.isEmpty() ? ""
            : "; not withdrawn: " + notWithdrawn));
    return checks;
  }
}
