package dev.spoor.bench;

import static dev.spoor.bench.BenchSpaces.BENCH_SEQ;
import static dev.spoor.bench.BenchSpaces.DB_ADD;
import static dev.spoor.bench.BenchSpaces.TASK_ID;
import static dev.spoor.bench.BenchSpaces.check;

import dev.spoor.core.Keyword;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import dev.spoor.space.Agent;
import dev.spoor.space.Observation;
import dev.spoor.space.Space;
import dev.spoor.space.TransactionException;
import dev.spoor.space.TxReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of the Agents issue, on a Chronicle-backed space in a temp directory
 * ({@code Durability.NONE}), one process:
 *
 * <ul>
 *   <li><b>claims</b>: {@code workers} threads, one agent each, walk the same list of
 *       {@code tasks} task entities in the same order; each skips a task its {@code space.db()}
 *       shows claimed and otherwise calls {@link Agent#claim}, counting a win or a
 *       {@link TransactionException.ClaimConflict}. Reported: tasks claimed per second (wins)
 *       and claim calls per second (wins + conflicts). Checked: every task won exactly once,
 *       every fencing {@code t} distinct, and the space holds one claim per task.
 *   <li><b>writes</b>: single-datom agent transactions per second ({@code [:db/add "e" :bench/seq
 *       i]} by {@link Agent#transact}, which also renews the lease) with 0 and with
 *       {@code observations} idle observations registered by another agent:
 *       {@code [:find ?e :in $ ?k :where [?e :idle/key ?k]]}, each with its own {@code ?k}, on an
 *       attribute nobody writes. Reported as a ratio. Checked: every transaction's datom is in
 *       the space; the idle observations got their snapshot and no change.
 *   <li><b>delivery</b>: one busy observation {@code [:find ?seq :where [?p :bench/probe "p"]
 *       [?p :bench/seq ?seq]]} while a writer replaces the probe's {@code :bench/seq} as fast as
 *       it can: transactions per second and changes delivered per second (a listener that falls
 *       behind gets several transactions coalesced into one change), with 0 and with
 *       {@code observations} idle observations besides, and with {@code observations}
 *       observations of other probes' {@code :bench/seq} (the written attribute, so each
 *       transaction re-evaluates all of them though only one result changes). Checked: the
 *       listener saw increasing values ending with the last one written.
 * </ul>
 *
 * <pre>
 * java --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED \
 *   --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED -Dchronicle.analytics.disable=true \
 *   -cp benchmarks/target/benchmarks.jar dev.spoor.bench.AgentThroughput \
 *   [--rounds 3] [--seconds 5] [--tasks 20000] [--workers 8] [--observations 10000] [--only claims,writes,delivery]
 * </pre>
 */
public final class AgentThroughput {
  private AgentThroughput() {}

  static final Keyword CLAIM_AGENT = Keyword.of("spoor.claim/agent");
  static final String IDLE = "[:find ?e :in $ ?k :where [?e :idle/key ?k]]";
  static final String BUSY = "[:find ?seq :where [?p :bench/probe \"p\"] [?p :bench/seq ?seq]]";
  static final String HOT = "[:find ?seq :in $ ?k :where [?p :bench/probe ?k] [?p :bench/seq ?seq]]";

  // ---------------------------------------------------------------------------------------
  // Claims

  /**
   * @param wins tasks claimed; {@code conflicts} claim calls that lost; {@code skipped} tasks a
   *     worker saw claimed before trying
   */
  record Claims(int workers, int tasks, long wins, long conflicts, long skipped, long nanos) {
    double winsPerSecond() {
      return wins * 1e9 / nanos;
    }

    double attemptsPerSecond() {
      return (wins + conflicts) * 1e9 / nanos;
    }

    String row() {
      return String.format("claims, %d workers, %,d tasks: %,.0f claims/s won, %,.0f claim calls/s (%,d wins + %,d conflicts), %,d skipped as seen claimed",
          workers, tasks, winsPerSecond(), attemptsPerSecond(), wins, conflicts, skipped);
    }
  }

  static Claims claims(int workers, int tasks) throws Exception {
    Path dir = BenchSpaces.tempDir("spoor-claims-");
    try (Space space = Space.open(dir)) {
      space.transact(BenchSpaces.AGENT_SCHEMA);
      long[] ids = createTasks(space, tasks);
      List<Agent> agents = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        agents.add(space.join("worker-" + w, AgentLatency.LEASE));
      }
      long claimAttr = space.db().schema().attribute(CLAIM_AGENT).orElseThrow().id();
      CyclicBarrier start = new CyclicBarrier(workers + 1);
      long[][] won = new long[workers][];
      long[][] fencing = new long[workers][];
      long[] conflicts = new long[workers];
      long[] skipped = new long[workers];
      List<CompletableFuture<Void>> running = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int me = w;
        Agent agent = agents.get(w);
        running.add(AgentLatency.background("claimer-" + w, () -> {
          long[] myWins = new long[tasks];
          long[] myTs = new long[tasks];
          int n = 0;
          start.await();
          for (long task : ids) {
            if (space.db().datoms(Index.EAVT, task, claimAttr).iterator().hasNext()) {
              skipped[me]++;
              continue;
            }
            try {
              myTs[n] = agent.claim(task);
              myWins[n++] = task;
            } catch (TransactionException.ClaimConflict lost) {
              conflicts[me]++;
            }
          }
          won[me] = Arrays.copyOf(myWins, n);
          fencing[me] = Arrays.copyOf(myTs, n);
        }));
      }
      start.await();
      long t0 = System.nanoTime();
      for (CompletableFuture<Void> f : running) {
        AgentLatency.await(f);
      }
      long nanos = System.nanoTime() - t0;
      Set<Long> tasksWon = new HashSet<>();
      Set<Long> ts = new HashSet<>();
      long wins = 0;
      for (int w = 0; w < workers; w++) {
        wins += won[w].length;
        for (int i = 0; i < won[w].length; i++) {
          check(tasksWon.add(won[w][i]), "task " + won[w][i] + " was won twice");
          check(ts.add(fencing[w][i]), "fencing t " + fencing[w][i] + " was returned twice");
        }
      }
      check(wins == tasks, wins + " claims won for " + tasks + " tasks");
      Db db = space.db();
      check(BenchSpaces.count(db, Index.AEVT, claimAttr) == tasks, "the space should hold " + tasks + " claims");
      for (long task : ids) {
        check(BenchSpaces.count(db, Index.EAVT, task, claimAttr) == 1, "task " + task + " should have one claim");
      }
      return new Claims(workers, tasks, wins, Arrays.stream(conflicts).sum(), Arrays.stream(skipped).sum(), nanos);
    } finally {
      BenchSpaces.deleteRecursively(dir);
    }
  }

  private static long[] createTasks(Space space, int tasks) {
    long[] ids = new long[tasks];
    for (int from = 0; from < tasks; from += 1000) {
      int n = Math.min(1000, tasks - from);
      List<Object> tx = new ArrayList<>(n);
      for (int j = 0; j < n; j++) {
        tx.add(List.of(DB_ADD, "t" + j, TASK_ID, (long) (from + j)));
      }
      TxReport r = space.transact(tx);
      for (int j = 0; j < n; j++) {
        ids[from + j] = r.tempids().get("t" + j);
      }
    }
    return ids;
  }

  // ---------------------------------------------------------------------------------------
  // Writes with idle observations

  /** Counts an observation's calls: snapshots and changes. */
  static final class Counting implements Observation.Listener {
    final AtomicLong snapshots = new AtomicLong();
    final AtomicLong changes = new AtomicLong();
    final CountDownLatch ready;

    Counting(int observations) {
      this.ready = new CountDownLatch(observations);
    }

    @Override
    public void onChange(Observation.Change change) {
      if (change.snapshot()) {
        snapshots.incrementAndGet();
        ready.countDown();
      } else {
        changes.incrementAndGet();
      }
    }
  }

  /** @param registerNanos how long registering the observations (and their snapshots) took */
  record Writes(int observations, long txs, long nanos, long registerNanos) {
    double perSecond() {
      return txs * 1e9 / nanos;
    }

    String row() {
      return String.format("writes with %,d idle observations: %,.0f tx/s (%,d tx)%s", observations, perSecond(), txs,
          observations == 0 ? "" : String.format("; registering them took %.1f s", registerNanos / 1e9));
    }
  }

  /** Registers {@code n} observations of {@code query}, input {@code input(k)}, and waits for their snapshots. */
  private static Counting observeMany(Agent watcher, int n, String query, java.util.function.LongFunction<Object> input)
      throws InterruptedException {
    Counting counting = new Counting(n);
    for (int k = 0; k < n; k++) {
      watcher.observe(query, counting, input.apply(k));
    }
    check(counting.ready.await(120, TimeUnit.SECONDS), "the " + n + " observations' snapshots were not delivered");
    return counting;
  }

  static Writes writes(int observations, Duration warmup, Duration measure) throws Exception {
    Path dir = BenchSpaces.tempDir("spoor-writes-");
    try (Space space = Space.open(dir)) {
      space.transact(BenchSpaces.AGENT_SCHEMA);
      Agent watcher = space.join("watcher", AgentLatency.LEASE);
      Agent writer = space.join("writer", AgentLatency.LEASE);
      long r0 = System.nanoTime();
      Counting idle = observeMany(watcher, observations, IDLE, k -> k);
      long registerNanos = System.nanoTime() - r0;
      long seqBefore = BenchSpaces.count(space.db(), Index.AEVT, BENCH_SEQ);
      long i = 0;
      long end = System.nanoTime() + warmup.toNanos();
      while (System.nanoTime() < end) {
        writer.transact(List.of(List.of(DB_ADD, "e", BENCH_SEQ, i++)));
      }
      long measuredFrom = i;
      long t0 = System.nanoTime();
      end = t0 + measure.toNanos();
      long now;
      do {
        writer.transact(List.of(List.of(DB_ADD, "e", BENCH_SEQ, i++)));
        now = System.nanoTime();
      } while (now < end);
      long nanos = now - t0;
      check(BenchSpaces.count(space.db(), Index.AEVT, BENCH_SEQ) == seqBefore + i, "expected " + (seqBefore + i)
          + " :bench/seq datoms after " + i + " transactions");
      check(idle.snapshots.get() == observations && idle.changes.get() == 0, observations
          + " idle observations should have delivered their snapshots and no change; got " + idle.snapshots.get()
          + " snapshots and " + idle.changes.get() + " changes");
      return new Writes(observations, i - measuredFrom, nanos, registerNanos);
    } finally {
      BenchSpaces.deleteRecursively(dir);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Delivery to a busy observation

  enum Others {
    NONE("no other observations"),
    IDLE("%,d idle observations besides"),
    HOT("%,d observations of other probes' :bench/seq besides");

    final String text;

    Others(String text) {
      this.text = text;
    }
  }

  /** The busy observation's listener: values in increasing order, changes, transactions covered. */
  static final class Busy implements Observation.Listener {
    final AtomicLong changes = new AtomicLong();
    final AtomicLong covered = new AtomicLong();
    volatile long last = -1;
    volatile boolean wrongOrder;

    @Override
    public void onChange(Observation.Change change) {
      if (change.snapshot()) {
        return;
      }
      changes.incrementAndGet();
      covered.addAndGet(change.toT() - change.fromT() + 1);
      for (List<Object> row : change.added()) {
        long seq = (Long) row.get(0);
        if (seq <= last) {
          wrongOrder = true;
        }
        last = seq;
      }
    }
  }

  record Delivery(Others others, int observations, long txs, long changes, long nanos) {
    String row() {
      return String.format("delivery, busy observation, %s: %,.0f tx/s written, %,.0f changes/s delivered (%.1f tx per change)",
          String.format(others.text, observations), txs * 1e9 / nanos, changes * 1e9 / nanos,
          changes == 0 ? 0.0 : (double) txs / changes);
    }
  }

  static Delivery delivery(Others others, int observations, Duration warmup, Duration measure) throws Exception {
    Path dir = BenchSpaces.tempDir("spoor-delivery-");
    try (Space space = Space.open(dir)) {
      AgentLatency.Probe probe = AgentLatency.Probe.install(space);
      Agent watcher = space.join("watcher", AgentLatency.LEASE);
      Agent writer = space.join("writer", AgentLatency.LEASE);
      int n = others == Others.NONE ? 0 : observations;
      Counting rest = others == Others.HOT ? observeMany(watcher, n, HOT, k -> "q" + k)
          : observeMany(watcher, n, IDLE, k -> k);
      Busy busy = new Busy();
      watcher.observe(BUSY, busy);
      long i = 0;
      long end = System.nanoTime() + warmup.toNanos();
      while (System.nanoTime() < end) {
        writer.transact(probe.message(i++, 0));
      }
      long changes0 = busy.changes.get();
      long from = i;
      long t0 = System.nanoTime();
      end = t0 + measure.toNanos();
      long now;
      do {
        writer.transact(probe.message(i++, 0));
        now = System.nanoTime();
      } while (now < end);
      long changes = busy.changes.get() - changes0;
      long nanos = now - t0;
      long lastSent = i - 1;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (busy.last != lastSent && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      check(busy.last == lastSent, "the busy observation's last value is " + busy.last + ", not " + lastSent);
      check(!busy.wrongOrder, "the busy observation saw a value again or out of order");
      check(rest.changes.get() == 0, "the other observations' results never change, yet they got "
          + rest.changes.get() + " changes");
      return new Delivery(others, n, i - from, changes, nanos);
    } finally {
      BenchSpaces.deleteRecursively(dir);
    }
  }

  // ---------------------------------------------------------------------------------------

  public static void main(String[] args) throws Exception {
    int rounds = 3;
    int seconds = 5;
    int tasks = 20_000;
    int workers = 8;
    int observations = 10_000;
    List<String> only = List.of("claims", "writes", "delivery");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--tasks" -> tasks = Integer.parseInt(args[++i]);
        case "--workers" -> workers = Integer.parseInt(args[++i]);
        case "--observations" -> observations = Integer.parseInt(args[++i]);
        case "--only" -> only = List.of(args[++i].split(","));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; use --rounds N --seconds N --tasks N --workers N --observations N --only claims,writes,delivery");
      }
    }
    Duration warmup = Duration.ofSeconds(Math.max(1, seconds / 2));
    Duration measure = Duration.ofSeconds(seconds);
    System.out.printf("AgentThroughput: %d rounds (after one warm-up round), %d s measured (after %d s warm-up) per run; %d cpus, java %s%n",
        rounds, seconds, warmup.toSeconds(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    if (only.contains("claims")) {
      claims(workers, tasks);
      List<Double> won = new ArrayList<>();
      List<Double> calls = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        Claims c = claims(workers, tasks);
        System.out.println(c.row());
        won.add(c.winsPerSecond());
        calls.add(c.attemptsPerSecond());
      }
      System.out.printf("=> claims: median %,.0f claims/s won, %,.0f claim calls/s%n", median(won), median(calls));
    }
    if (only.contains("writes")) {
      writes(0, warmup, Duration.ofSeconds(1));
      List<Double> none = new ArrayList<>();
      List<Double> many = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        Writes a = writes(0, warmup, measure);
        System.out.println(a.row());
        none.add(a.perSecond());
        Writes b = writes(observations, warmup, measure);
        System.out.println(b.row());
        many.add(b.perSecond());
      }
      System.out.printf("=> writes: median %,.0f tx/s with no observation, %,.0f tx/s with %,d idle ones: %.2f×%n",
          median(none), median(many), observations, median(many) / median(none));
    }
    if (only.contains("delivery")) {
      for (Others others : Others.values()) {
        List<Double> txs = new ArrayList<>();
        List<Double> changes = new ArrayList<>();
        int runs = others == Others.HOT ? 1 : rounds;
        for (int r = 0; r < runs; r++) {
          Delivery d = delivery(others, observations, warmup, measure);
          System.out.println(d.row());
          txs.add(d.txs() * 1e9 / d.nanos());
          changes.add(d.changes() * 1e9 / d.nanos());
        }
        System.out.printf("=> delivery, %s: median %,.0f tx/s, %,.0f changes/s%n", String.format(others.text, observations),
            median(txs), median(changes));
      }
    }
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
