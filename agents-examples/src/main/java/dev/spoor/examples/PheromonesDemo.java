package dev.spoor.examples;

import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.datalog.Query;
import dev.spoor.query.Db;
import dev.spoor.query.Functions;
import dev.spoor.query.QueryExecutionException;
import dev.spoor.space.Agent;
import dev.spoor.space.Observation;
import dev.spoor.space.TxReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stigmergy: ants find food by following trails, and the trails are facts. Ants walk a grid from
 * their nest; one that reaches the food walks back along its path (loops removed), depositing
 * pheromone on each cell: a fact {@code {:trail/cell "x,y" :trail/strength s :trail/at instant}},
 * stronger for a shorter path. A foraging ant asks the space how strong the trail is on each
 * neighbouring cell and picks one at random, weighted by strength. Strength decays with age, and
 * the decay is computed in the query by a function registered with the space, {@code decay},
 * against a {@code now} input; deposits weaker than a threshold do not count. An evaporator agent
 * observes the deposits that have decayed below the threshold (its observation calls
 * {@code decay} too, against the simulated clock, which is itself a fact) and retracts them;
 * history keeps them.
 *
 * <p>Time is simulated so the run is the same every time: the ants move in rounds, each round
 * one simulated second; between rounds a world agent advances the clock fact. Every ant reads the
 * database as of the start of its round and chooses with its own seeded random numbers, and
 * since deposits below the threshold are invisible to ants whether or not the evaporator got to
 * them yet, thread scheduling changes nothing the ants see.
 *
 * <p>After the run comes a night: the clock runs on with the ants in the nest until every
 * deposit has faded, and the evaporator retracts them all.
 *
 * <p>Invariants: some ant found food; the colony learned (more trips reached the food in the
 * second half of the run than in the first); following the strongest trail from the nest leads to
 * the food, in fewer steps than a random walk needs on average; when the ants stopped and the
 * evaporator caught up, no standing deposit was below the threshold; by morning every deposit
 * evaporated, each below the threshold when it did (a query on history, with {@code decay},
 * re-checks it), and history still holds them.
 */
public final class PheromonesDemo implements Demo {
  public static final String NAME = "pheromones";

  static final String SCHEMA = """
      [{:db/ident :trail/cell     :db/valueType :db.type/string  :db/cardinality :db.cardinality/one
        :db/doc "the grid cell \\"x,y\\" a deposit lies on"}
       {:db/ident :trail/strength :db/valueType :db.type/double  :db/cardinality :db.cardinality/one
        :db/doc "the strength when deposited; it decays from :trail/at on"}
       {:db/ident :trail/at       :db/valueType :db.type/instant :db/cardinality :db.cardinality/one}
       {:db/ident :trail/evaporated-at :db/valueType :db.type/instant :db/cardinality :db.cardinality/one
        :db/doc "on an evaporation transaction: the simulated time it judged the deposits by"}
       {:db/ident :outing/ant     :db/valueType :db.type/string  :db/cardinality :db.cardinality/one}
       {:db/ident :outing/found   :db/valueType :db.type/boolean :db/cardinality :db.cardinality/one
        :db/doc "whether the ant reached the food, or gave up"}
       {:db/ident :outing/steps   :db/valueType :db.type/long    :db/cardinality :db.cardinality/one
        :db/doc "how many steps the ant walked from the nest"}
       {:db/ident :outing/round   :db/valueType :db.type/long    :db/cardinality :db.cardinality/one
        :db/doc "the round the outing ended in"}
       {:db/ident :sim/clock      :db/valueType :db.type/string  :db/cardinality :db.cardinality/one
        :db/unique :db.unique/identity}
       {:db/ident :sim/now        :db/valueType :db.type/instant :db/cardinality :db.cardinality/one}
       {:db/ident :sim/round      :db/valueType :db.type/long    :db/cardinality :db.cardinality/one}]""";

  /** What an ant asks before each step: the decayed trail strength of the cells it could go to. */
  static final String SCENT = """
      [:find ?cell (sum ?strength)
       :with ?d
       :in $ [?cell ...] ?now ?threshold
       :where [?d :trail/cell ?cell] [?d :trail/strength ?s] [?d :trail/at ?at]
              [(decay ?s ?at ?now) ?strength] [(>= ?strength ?threshold)]]""";

  /** What the evaporator observes: deposits that decayed below the threshold by the simulated clock. */
  static final String FADED = """
      [:find ?d
       :in $ ?threshold
       :where [_ :sim/now ?now] [?d :trail/strength ?s] [?d :trail/at ?at]
              [(decay ?s ?at ?now) ?strength] [(< ?strength ?threshold)]]""";

  /** Evaporated deposits that were not below the threshold when they evaporated: none, if the evaporator is right. */
  static final String EVAPORATED_TOO_SOON = """
      [:find ?d ?strength
       :in $ ?threshold
       :where [?d :trail/strength ?s ?tx false] [?d :trail/at ?at] [?tx :trail/evaporated-at ?now]
              [(decay ?s ?at ?now) ?strength] [(>= ?strength ?threshold)]]""";

  static final Instant EPOCH = Instant.parse("2026-01-01T06:00:00Z");
  /** Simulated time per round. */
  static final Duration ROUND = Duration.ofSeconds(1);
  /** Deposits weaker than this do not count and evaporate. */
  static final double THRESHOLD = 0.05;
  /** How many half-lives the night after the run lasts: long enough for any deposit (at most 1.0) to evaporate. */
  static final int NIGHT = 5;
  /** How much an unmarked cell attracts, against the trail strength. */
  private static final double UNMARKED = 0.02;

  private static final Keyword CELL = Keyword.of("trail/cell");
  private static final Keyword STRENGTH = Keyword.of("trail/strength");
  private static final Keyword AT = Keyword.of("trail/at");
  private static final Keyword EVAPORATED_AT = Keyword.of("trail/evaporated-at");
  private static final Keyword OUTING_ANT = Keyword.of("outing/ant");
  private static final Keyword OUTING_FOUND = Keyword.of("outing/found");
  private static final Keyword OUTING_STEPS = Keyword.of("outing/steps");
  private static final Keyword OUTING_ROUND = Keyword.of("outing/round");
  private static final Keyword CLOCK = Keyword.of("sim/clock");
  private static final Keyword NOW = Keyword.of("sim/now");
  private static final Keyword SIM_ROUND = Keyword.of("sim/round");
  private static final Keyword DB_ID = Keyword.of("db/id");
  private static final Keyword RETRACT_ENTITY = Keyword.of("db/retractEntity");

  /** A cell of the grid. */
  record Cell(int x, int y) {
    String key() {
      return x + "," + y;
    }

    static Cell parse(String key) {
      int comma = key.indexOf(',');
      return new Cell(Integer.parseInt(key.substring(0, comma)), Integer.parseInt(key.substring(comma + 1)));
    }

    int distance(Cell o) {
      return Math.abs(x - o.x) + Math.abs(y - o.y);
    }
  }

  private final int width;
  private final int height;
  private final int ants;
  private final int rounds;
  private final long seed;
  private final Cell nest;
  private final Cell food;
  /** A deposit loses half its strength every this long: about the time an ant takes to the food and back. */
  private final Duration halfLife;

  /** Eight ants on a 10 x 7 grid for 120 rounds. */
  public PheromonesDemo() {
    this(10, 7, 8, 120, 6);
  }

  /** The nest is near one corner of the {@code width} x {@code height} grid, the food near the opposite one. */
  public PheromonesDemo(int width, int height, int ants, int rounds, long seed) {
    if (width < 4 || height < 4 || ants < 1 || rounds < 1) {
      throw new IllegalArgumentException("pheromones needs a grid of at least 4 x 4, an ant and a round");
    }
    this.width = width;
    this.height = height;
    this.ants = ants;
    this.rounds = rounds;
    this.seed = seed;
    this.nest = new Cell(1, 1);
    this.food = new Cell(width - 2, height - 2);
    this.halfLife = ROUND.multipliedBy(width + height);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "ants follow pheromone trails that decay in the query (a registered decay function); trails evaporate";
  }

  @Override
  public String inspectHint() {
    return "--history --format table '[:find ?cell ?strength ?added ?tx :where [?d :trail/cell ?cell]"
        + " [?d :trail/strength ?strength ?tx ?added]]'";
  }

  /** The registered query function {@code (decay strength at now)}: strength halved every {@code halfLife} since at. */
  static Object decay(List<Object> args, Duration halfLife) {
    if (args.size() != 3 || !(args.get(0) instanceof Number s) || !(args.get(1) instanceof Instant at)
        || !(args.get(2) instanceof Instant now)) {
      throw new QueryExecutionException("decay-args", "decay takes a strength (a number), the instant it was"
          + " deposited and the instant now, got " + Edn.print(args));
    }
    long age = Math.max(0, Duration.between(at, now).toMillis());
    return s.doubleValue() * Math.pow(0.5, (double) age / halfLife.toMillis());
  }

  Functions functions() {
    return Functions.builtIns().withFunction("decay", args -> decay(args, halfLife));
  }

  static Instant timeOf(int round) {
    return EPOCH.plus(ROUND.multipliedBy(round));
  }

  @Override
  public DemoResult run(Path spaceDir, PrintStream out) {
    out.println("pheromones: " + ants + " ants on a " + width + " x " + height + " grid look for food for " + rounds
        + " rounds; nest " + nest.key() + ", food " + food.key() + " (" + nest.distance(food) + " steps away; a"
        + " random walk takes " + Math.round(randomWalkSteps()) + " on average).");
    out.println("(one round = " + ROUND.toSeconds() + " simulated s; trails halve every " + halfLife.toSeconds()
        + " s, computed in the query by the registered function decay; deposits below " + THRESHOLD + " evaporate)");
    try (Crew crew = Crew.open(spaceDir, functions())) {
      crew.space.transact(SCHEMA);
      Colony colony = new Colony(crew, out);
      Agent evaporator = crew.join("evaporator", Crew.LONG_LEASE);
      Observation faded = evaporator.observe(FADED, change -> colony.evaporate(evaporator, change), THRESHOLD);
      colony.tick();
      CyclicBarrier endOfRound = new CyclicBarrier(ants, colony::endOfRound);
      for (int i = 1; i <= ants; i++) {
        Agent ant = crew.join("ant-" + i, Crew.LONG_LEASE);
        Random random = new Random(seed * 1_000 + i);
        crew.spawn(() -> colony.forage(ant, endOfRound, random));
      }
      crew.awaitThreads(Duration.ofSeconds(120));
      Instant end = colony.now();
      boolean caughtUp = Crew.await(() -> colony.faded(end) == 0, Duration.ofSeconds(20));
      long fadedAtEnd = colony.faded(end);
      Db last = colony.db;
      out.println(colony.render(last, end));
      List<Cell> path = colony.strongestTrail(last, end);
      out.println("following the strongest trail from the nest: " + (path.isEmpty() ? "it leads nowhere"
          : (path.size() - 1) + " steps to the food") + " (shortest " + nest.distance(food) + ")");

      int night = NIGHT * (int) (halfLife.toSeconds() / ROUND.toSeconds());
      out.println("night: the ants stay in the nest and the clock runs on " + NIGHT + " half-lives (" + night
          + " rounds); nothing renews the trails");
      colony.advance(night);
      boolean gone = Crew.await(() -> colony.standing() == 0, Duration.ofSeconds(20));
      faded.close();
      crew.leave(evaporator);
      crew.leave(colony.clock);
      out.println("morning: " + colony.standing() + " deposits standing; the evaporator retracted "
          + colony.retracted() + " in all, and history keeps every one");
      return colony.check(caughtUp && fadedAtEnd == 0, path, gone).finish(NAME, spaceDir, out);
    }
  }

  /**
   * One run: the space, the simulated clock (a fact the world agent advances between rounds) with
   * the database every ant reads in the current round, and what the ants and the evaporator did.
   */
  private final class Colony {
    final Crew crew;
    final PrintStream out;
    final Query scent;
    final Agent clock;
    final AtomicInteger trips = new AtomicInteger();
    final AtomicInteger deposits = new AtomicInteger();
    final AtomicInteger evaporated = new AtomicInteger();
    volatile int round;
    volatile Db db;

    Colony(Crew crew, PrintStream out) {
      this.crew = crew;
      this.out = out;
      this.scent = crew.space.datalog().parse(SCENT);
      this.clock = crew.join("world", Crew.LONG_LEASE);
    }

    Instant now() {
      return timeOf(round);
    }

    /** Advances the clock fact to the next round and pins the database as of that tick. */
    void tick() {
      advance(1);
    }

    /** Advances the clock fact by {@code n} rounds and pins the database as of that tick. */
    void advance(int n) {
      int next = round + n;
      TxReport r = clock.transact(List.of(Map.of(CLOCK, "world", NOW, timeOf(next), SIM_ROUND, (long) next)));
      db = r.dbAfter();   // holds every deposit of the round before: they committed before the tick
      round = next;
    }

    /** Between rounds, on the last ant to finish its step: a progress line now and then, and the clock moves on. */
    void endOfRound() {
      if (round % Math.max(1, rounds / 4) == 0) {
        out.println("round " + round + ": " + trips + " trip(s) to the food so far, " + deposits + " deposits laid, "
            + standing() + " standing, " + evaporated + " evaporated");
      }
      if (round < rounds) {
        tick();
      }
    }

    /**
     * One ant's life, one step a round: forage from the nest until it reaches the food (or has
     * walked {@link #patience} steps and gives up), then walk home along its path without the loops,
     * laying a trail if it carries food.
     */
    void forage(Agent me, CyclicBarrier endOfRound, Random random) throws Exception {
      Cell at = nest;
      Cell from = null;
      List<Cell> walked = new ArrayList<>(List.of(nest));
      Deque<Cell> home = new ArrayDeque<>();
      double deposit = 0;
      try {
        for (int r = 1; r <= rounds; r++) {
          if (home.isEmpty()) {
            Cell next = choose(at, from, random);
            from = at;
            at = next;
            walked.add(at);
            boolean found = at.equals(food);
            if (found || walked.size() > patience()) {
              List<Cell> path = withoutLoops(walked);
              deposit = found ? (double) nest.distance(food) / (path.size() - 1) : 0;
              outing(me, found, walked.size() - 1, path.size() - 1);
              for (int i = path.size() - 2; i >= 0; i--) {
                home.add(path.get(i));
              }
            }
          } else {
            at = home.poll();
            if (at.equals(nest)) {
              from = null;
              walked = new ArrayList<>(List.of(nest));
            } else if (deposit > 0) {
              me.transact(List.of(Map.of(CELL, at.key(), STRENGTH, deposit, AT, now())));
              deposits.incrementAndGet();
            }
          }
          endOfRound.await(60, TimeUnit.SECONDS);
        }
        crew.leave(me);
      } catch (BrokenBarrierException | TimeoutException | RuntimeException e) {
        endOfRound.reset();    // the other ants stop waiting for this one
        throw e;
      }
    }

    /** Records an outing that ended at the food or in giving up. */
    private void outing(Agent me, boolean found, int steps, int wayBack) {
      me.transact(List.of(Map.of(OUTING_ANT, me.name(), OUTING_FOUND, found, OUTING_STEPS, (long) steps,
          OUTING_ROUND, (long) round)));
      if (found && trips.incrementAndGet() == 1) {
        out.println("round " + round + ": " + me.name() + " is the first to find food, after " + steps + " steps;"
            + " it carries it home along its path without the loops (" + wayBack + " steps), laying a trail");
      }
    }

    /**
     * The next cell of a foraging ant: the food if it is next door; otherwise one of the neighbours
     * (not back where it came from, unless it must), weighted by the square of its scent.
     */
    private Cell choose(Cell at, Cell from, Random random) {
      List<Cell> options = neighbours(at);
      if (options.contains(food)) {
        return food;
      }
      if (options.size() > 1) {
        options.remove(from);
      }
      Map<Cell, Double> scents = scent(db, options, now());
      double[] weights = new double[options.size()];
      double total = 0;
      for (int i = 0; i < options.size(); i++) {
        double w = UNMARKED + scents.getOrDefault(options.get(i), 0.0);
        weights[i] = w * w;
        total += weights[i];
      }
      double pick = random.nextDouble() * total;
      for (int i = 0; i < options.size() - 1; i++) {
        pick -= weights[i];
        if (pick < 0) {
          return options.get(i);
        }
      }
      return options.get(options.size() - 1);
    }

    /** The trail strength on {@code cells} at {@code now}, decayed by the space's {@code decay}; absent: none. */
    Map<Cell, Double> scent(Db db, List<Cell> cells, Instant now) {
      Map<Cell, Double> out = new HashMap<>();
      for (Object row : crew.q(db, scent, cells.stream().map(Cell::key).toList(), now, THRESHOLD).rows()) {
        List<?> r = (List<?>) row;
        out.put(Cell.parse((String) r.get(0)), ((Number) r.get(1)).doubleValue());
      }
      return out;
    }

    /** The evaporator's reaction: retract the deposits that faded, noting the simulated time it judged them by. */
    void evaporate(Agent evaporator, Observation.Change change) {
      if (change.added().isEmpty()) {
        return;
      }
      // Strength only decays, so what faded by the clock the query saw has faded by the clock now.
      Object clockNow = crew.space.db().entity(List.of(CLOCK, "world")).get(NOW).orElseThrow();
      List<Object> tx = new ArrayList<>();
      for (List<Object> row : change.added()) {
        tx.add(List.of(RETRACT_ENTITY, row.get(0)));
      }
      tx.add(Map.of(DB_ID, "datomic.tx", EVAPORATED_AT, clockNow));
      evaporator.transact(tx);
      evaporated.addAndGet(change.added().size());
    }

    long retracted() {
      return crew.history("[:find (count ?d) . :where [?d :trail/strength _ _ false]]").single()
          .map(v -> (Long) v).orElse(0L);
    }

    long standing() {
      return crew.count("[:find (count ?d) . :where [?d :trail/cell _]]");
    }

    long faded(Instant now) {
      return crew.count("[:find (count ?d) . :in $ ?now ?threshold :where [?d :trail/strength ?s] [?d :trail/at ?at]"
          + " [(decay ?s ?at ?now) ?strength] [(< ?strength ?threshold)]]", now, THRESHOLD);
    }

    /** The grid as text: the nest N, the food F, and trail strength as . : - = + * # (stronger to the right). */
    String render(Db db, Instant now) {
      List<Cell> all = new ArrayList<>();
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          all.add(new Cell(x, y));
        }
      }
      Map<Cell, Double> scents = scent(db, all, now);
      double max = scents.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
      String shades = ".:-=+*#";
      StringBuilder sb = new StringBuilder("the trails at the end (N nest, F food, trail . weak to # strong):\n");
      for (int y = 0; y < height; y++) {
        sb.append("  ");
        for (Cell c : all.subList(y * width, (y + 1) * width)) {
          double s = scents.getOrDefault(c, 0.0);
          sb.append(c.equals(nest) ? 'N' : c.equals(food) ? 'F' : s == 0 ? ' '
              : shades.charAt((int) Math.min(shades.length() - 1, s / max * shades.length()))).append(' ');
        }
        sb.append('\n');
      }
      return sb.toString().stripTrailing();
    }

    /**
     * The way from the nest to the food along the trail: depth first from the nest, trying the
     * neighbours with the strongest trail first, never onto unmarked cells or back; empty when the
     * trail does not reach the food.
     */
    List<Cell> strongestTrail(Db db, Instant now) {
      return follow(db, now, new ArrayList<>(List.of(nest)), new HashSet<>(List.of(nest)));
    }

    private List<Cell> follow(Db db, Instant now, List<Cell> path, Set<Cell> tried) {
      Cell at = path.get(path.size() - 1);
      if (at.equals(food)) {
        return path;
      }
      List<Cell> options = neighbours(at);
      options.removeAll(tried);
      if (options.contains(food)) {
        options = List.of(food);
      } else {
        Map<Cell, Double> scents = scent(db, options, now);
        options = scents.entrySet().stream().sorted(Map.Entry.<Cell, Double>comparingByValue().reversed())
            .map(Map.Entry::getKey).toList();
      }
      for (Cell next : options) {
        tried.add(next);
        path.add(next);
        List<Cell> found = follow(db, now, path, tried);
        if (!found.isEmpty()) {
          return found;
        }
        path.remove(path.size() - 1);
      }
      return List.of();
    }

    Checks check(boolean noneFaded, List<Cell> path, boolean gone) {
      Checks checks = new Checks();
      List<Object> trips = crew.q("[:find ?ant ?round ?steps :where [?o :outing/found true] [?o :outing/ant ?ant]"
          + " [?o :outing/round ?round] [?o :outing/steps ?steps]]").rows();
      checks.check("food was found", !trips.isEmpty(), trips.size() + " trip(s) to the food by "
          + trips.stream().map(r -> ((List<?>) r).get(0)).distinct().count() + " ant(s)");

      String outings = "[:find ?found (count ?o) :in $ ?from ?to :where [?o :outing/found ?found]"
          + " [?o :outing/round ?r] [(>= ?r ?from)] [(< ?r ?to)]]";
      long[] before = foundOf(crew.q(outings, 0L, (long) rounds / 2 + 1).rows());
      long[] after = foundOf(crew.q(outings, (long) rounds / 2 + 1, (long) rounds + 1).rows());
      checks.check("the colony learned: more trips to the food in the second half of the run than in the first",
          after[0] > before[0], String.format("rounds 1-%d: %d of %d outings found food; rounds %d-%d: %d of %d",
              rounds / 2, before[0], before[1], rounds / 2 + 1, rounds, after[0], after[1]));

      double randomWalk = randomWalkSteps();
      checks.check("the strongest trail leads from the nest to the food, shorter than a random walk's expected length",
          !path.isEmpty() && path.size() - 1 < randomWalk, path.isEmpty() ? "the trail leads nowhere"
              : String.format("%d steps (shortest %d, random walk %.0f)", path.size() - 1, nest.distance(food),
                  randomWalk));

      checks.check("when the ants stopped, after the evaporator caught up, no standing deposit was below the"
          + " threshold " + THRESHOLD, noneFaded, "");

      long retracted = retracted();
      long tooSoon = crew.history(EVAPORATED_TOO_SOON, THRESHOLD).rows().size();
      long laid = crew.history("[:find (count ?d) . :where [?d :trail/cell _ _ true]]").single()
          .map(v -> (Long) v).orElse(0L);
      checks.check("by morning every deposit evaporated, each below the threshold when it did, and history keeps them",
          gone && laid == deposits.get() && retracted == laid && tooSoon == 0,
          laid + " laid, " + standing() + " standing, " + retracted + " retracted (in history), " + tooSoon
              + " retracted too soon");
      return checks;
    }
  }

  /** From rows {@code [found count]}: how many outings found food and how many there were. */
  private static long[] foundOf(List<Object> rows) {
    long found = 0;
    long all = 0;
    for (Object row : rows) {
      List<?> r = (List<?>) row;
      long n = (Long) r.get(1);
      all += n;
      found += Boolean.TRUE.equals(r.get(0)) ? n : 0;
    }
    return new long[] {found, all};
  }

  /** How many steps a foraging ant walks before it gives up and goes home. */
  int patience() {
    return 2 * (width + height);
  }

  List<Cell> neighbours(Cell c) {
    List<Cell> out = new ArrayList<>(4);
    int[][] steps = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
    for (int[] s : steps) {
      int x = c.x() + s[0];
      int y = c.y() + s[1];
      if (x >= 0 && y >= 0 && x < width && y < height) {
        out.add(new Cell(x, y));
      }
    }
    return out;
  }

  /** {@code walk} with every loop cut out: the way back an ant remembers. */
  static List<Cell> withoutLoops(List<Cell> walk) {
    List<Cell> path = new ArrayList<>();
    Map<Cell, Integer> index = new HashMap<>();
    for (Cell c : walk) {
      Integer seen = index.get(c);
      if (seen != null) {
        for (int i = path.size() - 1; i > seen; i--) {
          index.remove(path.remove(i));
        }
      } else {
        index.put(c, path.size());
        path.add(c);
      }
    }
    return path;
  }

  /** The expected number of steps a random walk on the grid takes from the nest to the food. */
  double randomWalkSteps() {
    double[][] h = new double[width][height];
    for (int sweep = 0; sweep < 100_000; sweep++) {
      double change = 0;
      for (int x = 0; x < width; x++) {
        for (int y = 0; y < height; y++) {
          Cell c = new Cell(x, y);
          if (c.equals(food)) {
            continue;
          }
          List<Cell> ns = neighbours(c);
          double sum = 0;
          for (Cell n : ns) {
            sum += h[n.x()][n.y()];
          }
          double v = 1 + sum / ns.size();
          change = Math.max(change, Math.abs(v - h[x][y]));
          h[x][y] = v;
        }
      }
      if (change < 1e-6) {
        break;
      }
    }
    return h[nest.x()][nest.y()];
  }
}
