package dev.spoor.examples;

import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.query.Db;
import dev.spoor.query.Entity;
import dev.spoor.query.Functions;
import dev.spoor.query.QueryExecutionException;
import dev.spoor.space.Agent;
import dev.spoor.space.Observation;
import dev.spoor.space.TransactionException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A watchdog that finds stalled work with a query. Workers claim tasks and report progress as
 * they go; some stall: they stop making progress but stay alive, their heartbeat renewing their
 * lease, so their claims never lapse (unlike the dead worker of {@code work-queue}). Their claims
 * are owned, so nobody else may retract them. The unit of work is therefore an attempt: a task
 * points at its current attempt ({@code :task/attempt}), and a worker claims the attempt, whose
 * claim {@code t} is its fencing token. A watchdog observes attempts nobody has heard of for
 * longer than a limit, the age computed in the query by a registered function, {@code age-ms},
 * against the instant of the latest tick of a clock agent (time is a fact, so the standing query
 * is re-evaluated as it passes). It reopens such a task with a new attempt, which another worker
 * claims with a larger fencing token and finishes. Every write of a worker compares-and-sets the
 * task's current attempt against its own, so when a stalled worker wakes up its late result is
 * rejected.
 *
 * <p>Invariants: no task lost; every task done exactly once, by the holder of the claim on its
 * current attempt, under that claim's fencing token; every stalled task reassigned and finished by
 * another worker with a larger token; the stalled workers' late results rejected and absent from
 * history; the stalled workers kept their leases throughout.
 */
public final class WatchdogDemo implements Demo {
  public static final String NAME = "watchdog";

  static final String SCHEMA = """
      [{:db/ident :task/id      :db/valueType :db.type/string  :db/cardinality :db.cardinality/one
        :db/unique :db.unique/identity}
       {:db/ident :task/input   :db/valueType :db.type/long    :db/cardinality :db.cardinality/one}
       {:db/ident :task/status  :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one
        :db/doc ":open, :in-progress or :done"}
       {:db/ident :task/attempt :db/valueType :db.type/ref     :db/cardinality :db.cardinality/one
        :db/doc "the current attempt: the one a worker may claim and finish"}
       {:db/ident :task/result  :db/valueType :db.type/long    :db/cardinality :db.cardinality/one}
       {:db/ident :task/done-by :db/valueType :db.type/string  :db/cardinality :db.cardinality/one}
       {:db/ident :task/fence   :db/valueType :db.type/long    :db/cardinality :db.cardinality/one
        :db/doc "the fencing token (the attempt's claim t) the result was recorded under"}
       {:db/ident :attempt/n    :db/valueType :db.type/long    :db/cardinality :db.cardinality/one}
       {:db/ident :attempt/beat :db/valueType :db.type/long    :db/cardinality :db.cardinality/one
        :db/doc "progress: 0 when opened, one more per report; its transaction's instant: last heard of"}
       {:db/ident :attempt/replaces :db/valueType :db.type/ref :db/cardinality :db.cardinality/one
        :db/doc "the silent attempt the watchdog replaced with this one"}
       {:db/ident :clock/name   :db/valueType :db.type/string  :db/cardinality :db.cardinality/one
        :db/unique :db.unique/identity}
       {:db/ident :clock/tick   :db/valueType :db.type/long    :db/cardinality :db.cardinality/one
        :db/doc "a counter; the instant of its transaction is now"}]""";

  /** Attempts a worker may claim: the current attempts of open tasks, unclaimed. */
  static final String OPEN_ATTEMPTS = """
      [:find ?id ?a :where [?t :task/status :open] [?t :task/attempt ?a] [?t :task/id ?id]
                           (not [?a :spoor.claim/agent _])]""";

  /**
   * What the watchdog observes: tasks in progress whose current attempt nobody has heard of for
   * longer than {@code ?limit-ms}, by the clock's latest tick.
   */
  static final String SILENT = """
      [:find ?id ?n ?worker
       :in $ ?limit-ms
       :where [_ :clock/tick _ ?tick] [?tick :db/txInstant ?now]
              [?t :task/status :in-progress] [?t :task/attempt ?a] [?a :attempt/beat _ ?heard-tx]
              [?heard-tx :db/txInstant ?heard] [(age-ms ?heard ?now) ?age] [(> ?age ?limit-ms)]
              [?t :task/id ?id] [?a :attempt/n ?n] [?a :spoor.claim/agent ?w] [?w :spoor.agent/name ?worker]]""";

  static final String DONE_COUNT = "[:find (count ?t) . :where [?t :task/status :done]]";

  private static final Keyword ID = Keyword.of("task/id");
  private static final Keyword INPUT = Keyword.of("task/input");
  private static final Keyword STATUS = Keyword.of("task/status");
  private static final Keyword ATTEMPT = Keyword.of("task/attempt");
  private static final Keyword RESULT = Keyword.of("task/result");
  private static final Keyword DONE_BY = Keyword.of("task/done-by");
  private static final Keyword FENCE = Keyword.of("task/fence");
  private static final Keyword N = Keyword.of("attempt/n");
  private static final Keyword BEAT = Keyword.of("attempt/beat");
  private static final Keyword REPLACES = Keyword.of("attempt/replaces");
  private static final Keyword CLOCK = Keyword.of("clock/name");
  private static final Keyword TICK = Keyword.of("clock/tick");
  private static final Keyword CLAIM = Keyword.of("spoor.claim/agent");
  private static final Keyword DB_ID = Keyword.of("db/id");
  private static final Keyword OPEN = Keyword.of("open");
  private static final Keyword IN_PROGRESS = Keyword.of("in-progress");
  private static final Keyword DONE = Keyword.of("done");
  private static final Keyword CAS = Keyword.of("db/cas");
  private static final Keyword ADD = Keyword.of("db/add");

  static final Duration TICK_EVERY = Duration.ofMillis(50);

  private final int tasks;
  private final int workers;
  private final int stallers;
  private final int steps;
  private final Duration step;
  private final Duration limit;

  /** Twelve tasks, four workers of which two stall, three 30 ms steps per task, a 300 ms limit. */
  public WatchdogDemo() {
    this(12, 4, 2, 3, Duration.ofMillis(30), Duration.ofMillis(300));
  }

  /**
   * {@code tasks} tasks of {@code steps} steps of {@code step} each; the last {@code stallers} of
   * {@code workers} workers stall on their first task; the watchdog reopens a task not heard of
   * for {@code limit}.
   */
  public WatchdogDemo(int tasks, int workers, int stallers, int steps, Duration step, Duration limit) {
    if (stallers < 1 || workers <= stallers || tasks < stallers + 1 || steps < 1) {
      throw new IllegalArgumentException("a watchdog demo needs a staller, a worker that does not stall, a task"
          + " for each staller and one more, and a step per task");
    }
    this.tasks = tasks;
    this.workers = workers;
    this.stallers = stallers;
    this.steps = steps;
    this.step = step;
    this.limit = limit;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String summary() {
    return "some workers stall but stay alive; a watchdog's query finds silent attempts and reassigns them, fenced";
  }

  @Override
  public String inspectHint() {
    return "--format table '[:find ?task ?n ?beat ?worker :where [?t :task/id ?task] [?t :task/attempt ?a]"
        + " [?a :attempt/n ?n] [?a :attempt/beat ?beat] [?t :task/done-by ?worker]]'";
  }

  /** The registered query function {@code (age-ms then now)}: the milliseconds from one instant to another. */
  static Object ageMs(List<Object> args) {
    if (args.size() != 2 || !(args.get(0) instanceof Instant then) || !(args.get(1) instanceof Instant now)) {
      throw new QueryExecutionException("age-ms-args", "age-ms takes two instants, then and now, got "
          + Edn.print(args));
    }
    return Duration.between(then, now).toMillis();
  }

  static String taskId(int i) {
    return String.format("t%02d", i);
  }

  /** A stall: who stalled on which attempt, under which fencing token, and how its late write went. */
  record Stall(String worker, String task, long attempt, long fence, String lateWrite, boolean presentThen) {}

  /** What the run saw, shared by its threads. */
  private final class Run {
    final Crew crew;
    final PrintStream out;
    final Map<String, AtomicInteger> doneBy = new ConcurrentHashMap<>();
    final Map<String, Stall> stalls = new ConcurrentHashMap<>();
    final Map<String, String> reopened = new ConcurrentHashMap<>();   // task -> "attempt n of worker"
    final AtomicInteger fencedOut = new AtomicInteger();
    final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();

    Run(Crew crew, PrintStream out) {
      this.crew = crew;
      this.out = out;
    }

    boolean over() {
      return System.nanoTime() > deadline || crew.count(DONE_COUNT) >= tasks;
    }
  }

  @Override
  public DemoResult run(Path spaceDir, PrintStream out) {
    out.println("watchdog: " + workers + " workers do " + tasks + " tasks of " + steps + " steps, reporting progress;"
        + " the last " + stallers + " stall on their first task but stay alive; a watchdog reopens tasks not heard of"
        + " for " + limit.toMillis() + " ms.");
    out.println("(every agent is a thread of this JVM; leases " + Crew.LONG_LEASE.toSeconds() + " s, so nobody"
        + " lapses; a clock agent ticks every " + TICK_EVERY.toMillis() + " ms; ages are computed in the query by"
        + " age-ms)");
    try (Crew crew = Crew.open(spaceDir, Functions.builtIns().withFunction("age-ms", WatchdogDemo::ageMs))) {
      crew.space.transact(SCHEMA);
      Run run = new Run(crew, out);
      produce(crew, out);

      Agent clock = crew.join("clock", Crew.LONG_LEASE);
      crew.spawn(() -> tick(clock, run));
      Agent watchdog = crew.join("watchdog", Crew.LONG_LEASE);
      Observation silent = watchdog.observe(SILENT, change -> {
        for (List<Object> row : change.added()) {
          reopen(watchdog, (String) row.get(0), (String) row.get(2), run);
        }
      }, limit.toMillis());

      // The stallers start first and each takes a task before the others start, so each has one to stall on.
      for (int w = workers; w >= 1; w--) {
        Agent worker = crew.join("worker-" + w, Crew.LONG_LEASE);
        run.doneBy.put(worker.name(), new AtomicInteger());
        boolean stalls = w > workers - stallers;
        crew.spawn(() -> work(worker, stalls, run));
        if (stalls) {
          Crew.await(() -> run.stalls.containsKey(worker.name()), Duration.ofSeconds(10));
        }
      }
      crew.awaitThreads(Duration.ofSeconds(90));
      silent.close();
      crew.leave(watchdog);
      out.println(crew.count(DONE_COUNT) + " of " + tasks + " tasks done; done by: "
          + new TreeMap<>(run.doneBy).entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
              .collect(Collectors.joining(", "))
          + "; " + run.reopened.size() + " task(s) reopened, " + run.fencedOut + " stale write(s) fenced out");
      return check(run).finish(NAME, spaceDir, out);
    }
  }

  /** Adds every task with its first attempt, open. */
  private void produce(Crew crew, PrintStream out) {
    Agent producer = crew.join("producer", Crew.LONG_LEASE);
    List<Object> tx = new ArrayList<>();
    for (int i = 1; i <= tasks; i++) {
      tx.add(Map.of(ID, taskId(i), INPUT, (long) i, STATUS, OPEN, ATTEMPT, Map.of(DB_ID, "attempt-" + i, N, 1L,
          BEAT, 0L)));
    }
    producer.transact(tx);
    out.println("producer added " + taskId(1) + ".." + taskId(tasks) + ", each with an open attempt 1");
    crew.leave(producer);
  }

  /** The clock agent: a tick every {@link #TICK_EVERY}, so standing queries see time pass. */
  private static void tick(Agent clock, Run run) {
    for (long n = 1; !run.over(); n++) {
      clock.transact(List.of(Map.of(CLOCK, "wall", TICK, n)));
      Crew.pause(TICK_EVERY.toMillis());
    }
    run.crew.leave(clock);
  }

  private void work(Agent me, boolean stalls, Run run) {
    Random random = new Random(me.name().hashCode());
    boolean stalled = false;
    while (!run.over()) {
      List<Object> open = run.crew.q(OPEN_ATTEMPTS).rows();
      if (open.isEmpty()) {
        Crew.pause(5);
        continue;
      }
      List<?> pick = (List<?>) open.get(random.nextInt(open.size()));
      String id = (String) pick.get(0);
      long attempt = (Long) pick.get(1);
      List<Object> task = List.of(ID, id);
      long fence;
      try {
        fence = me.claim(attempt);
      } catch (TransactionException.ClaimConflict lost) {
        continue;
      }
      try {
        progress(me, task, attempt, 1, List.of(List.of(CAS, task, STATUS, OPEN, IN_PROGRESS)));
        if (stalls && !stalled) {
          stalled = true;
          stall(me, task, id, attempt, fence, run);
          continue;
        }
        for (long beat = 2; beat <= steps + 1; beat++) {
          Crew.pause(step.toMillis());
          progress(me, task, attempt, beat, List.of());
        }
        Db db = run.crew.space.db();
        long n = (Long) db.entity(attempt).get(N).orElseThrow();
        if (n > 1) {
          run.out.println(me.name() + " finishes " + id + " (attempt " + n + ", fencing token " + fence + ")");
        }
        finish(me, task, attempt, fence, (Long) db.entity(task).get(INPUT).orElseThrow());
        run.doneBy.get(me.name()).incrementAndGet();
      } catch (TransactionException.CasMismatch fenced) {
        run.fencedOut.incrementAndGet();   // the watchdog reopened the task meanwhile: this attempt is stale
      } finally {
        me.release(attempt);
      }
    }
    run.crew.leave(me);
  }

  /**
   * Reports progress on {@code attempt} (beat number {@code beat}) with {@code more} in the same
   * transaction, fenced: only while it is still the task's current attempt.
   */
  private static void progress(Agent me, List<Object> task, long attempt, long beat, List<Object> more) {
    List<Object> tx = new ArrayList<>(more);
    tx.add(List.of(CAS, task, ATTEMPT, attempt, attempt));
    tx.add(List.of(ADD, attempt, BEAT, beat));
    me.transact(tx);
  }

  /** Records the result, fenced: only while the attempt is current and this worker holds its claim; exactly once. */
  private static void finish(Agent me, List<Object> task, long attempt, long fence, long input) {
    me.transact(List.of(
        List.of(CAS, task, ATTEMPT, attempt, attempt),
        List.of(CAS, attempt, CLAIM, me.id(), me.id()),
        List.of(CAS, task, STATUS, IN_PROGRESS, DONE),
        List.of(CAS, task, RESULT, Optional.empty(), input * input),
        List.of(ADD, task, DONE_BY, me.name()),
        List.of(ADD, task, FENCE, fence)));
  }

  /**
   * A stall: the worker stops reporting progress but its heartbeat keeps its lease. It wakes up
   * when the task is done (by someone else) and tries to record its result under its old token.
   */
  private void stall(Agent me, List<Object> task, String id, long attempt, long fence, Run run) {
    run.out.println(me.name() + " claimed " + id + " (attempt 1, fencing token " + fence + "), reported progress once,"
        + " and stalls; its heartbeat keeps its lease alive");
    run.stalls.put(me.name(), new Stall(me.name(), id, attempt, fence, "not attempted", true));
    Crew.await(() -> run.crew.space.db().entity(task).get(STATUS).equals(Optional.of(DONE)), Duration.ofSeconds(60));
    boolean present = me.isPresent();
    String outcome;
    try {
      finish(me, task, attempt, fence, (Long) run.crew.space.db().entity(task).get(INPUT).orElseThrow());
      outcome = "accepted";
      run.out.println(me.name() + " wakes up and records a result for " + id + ": ACCEPTED, which must not happen");
    } catch (TransactionException.CasMismatch fenced) {
      outcome = "rejected: " + fenced.code();
      run.fencedOut.incrementAndGet();
      run.out.println(me.name() + " wakes up and records its result for " + id + " under token " + fence
          + ": rejected (" + fenced.code() + ": its attempt 1 is no longer " + id + "'s current attempt)");
    }
    run.stalls.put(me.name(), new Stall(me.name(), id, attempt, fence, outcome, present));
  }

  /** The watchdog's reaction to a silent attempt: a new attempt, unless the old one spoke up or finished meanwhile. */
  private void reopen(Agent watchdog, String id, String worker, Run run) {
    List<Object> task = List.of(ID, id);
    Db db = run.crew.space.db();
    long attempt = (Long) db.entity(task).get(ATTEMPT).orElseThrow();
    Entity a = db.entity(attempt);
    Object beat = a.get(BEAT).orElseThrow();
    long n = (Long) a.get(N).orElseThrow();
    try {
      watchdog.transact(List.of(
          List.of(CAS, task, STATUS, IN_PROGRESS, OPEN),
          List.of(CAS, attempt, BEAT, beat, beat),                 // nothing heard since the query looked
          List.of(CAS, task, ATTEMPT, attempt, "next"),
          Map.of(DB_ID, "next", N, n + 1, BEAT, 0L, REPLACES, attempt)));
      run.reopened.put(id, "attempt " + n + " of " + worker);
      run.out.println("watchdog: " + id + " is in progress but its attempt " + n + " (" + worker + ") has been silent"
          + " for over " + limit.toMillis() + " ms -> reopened as attempt " + (n + 1));
    } catch (TransactionException.CasMismatch movedOn) {
      // it finished, reported progress or was reopened meanwhile
    }
  }

  private Checks check(Run run) {
    Crew crew = run.crew;
    Checks checks = new Checks();
    long done = crew.count(DONE_COUNT);
    checks.check("no task lost: every task is :done", done == tasks, done + " of " + tasks + " done");

    checks.resultOncePerTask(crew, tasks);

    // Who recorded each result, and whether they held the claim on the task's current attempt under that token.
    List<Object> rows = crew.q(crew.space.db(), """
        [:find ?id ?by ?fence ?writer ?holder ?claim-tx
         :in $ $h
         :where [?t :task/id ?id] [?t :task/done-by ?by] [?t :task/fence ?fence] [?t :task/attempt ?a]
                [$h ?t :task/result _ ?result-tx true] [$h ?result-tx :spoor.tx/agent ?writer]
                [$h ?a :spoor.claim/agent ?w ?claim-tx true] [$h ?w :spoor.agent/name ?holder]]""",
        crew.space.db().history()).rows();
    List<Object> wrong = rows.stream().map(r -> (List<?>) r).filter(r -> !r.get(1).equals(r.get(3))
        || !r.get(1).equals(r.get(4)) || (Long) r.get(2) != Db.txT((Long) r.get(5))).map(r -> (Object) r).toList();
    checks.check("every result was recorded by the holder of the claim on the task's current attempt, under its token",
        rows.size() == tasks && wrong.isEmpty(), rows.size() + " results checked" + (wrong.isEmpty() ? ""
            : ", wrong [task done-by token writer holder claim-tx]: " + wrong));

    List<String> notReassigned = new ArrayList<>();
    for (Stall s : run.stalls.values()) {
      Map<Keyword, Object> t = crew.space.db().entity(List.of(ID, s.task())).toMap();
      Object by = t.get(DONE_BY);
      Object fence = t.get(FENCE);
      boolean reassigned = run.reopened.containsKey(s.task()) && !s.worker().equals(by) && fence instanceof Long f
          && f > s.fence();
      if (!reassigned) {
        notReassigned.add(s.task() + " (stalled by " + s.worker() + ", token " + s.fence() + "; done by " + by
            + ", token " + fence + ")");
      }
    }
    checks.check("every stalled task was reopened by the watchdog and finished by another worker with a larger token",
        run.stalls.size() == stallers && notReassigned.isEmpty(), run.stalls.size() + " stalled: "
            + run.stalls.values().stream().map(s -> s.task() + " by " + s.worker()).sorted()
                .collect(Collectors.joining(", ")) + (notReassigned.isEmpty() ? "" : "; not reassigned: "
            + notReassigned));

    List<Object> stalledResults = crew.history("""
        [:find ?id ?writer :in $ [[?writer ?id]]
         :where [?t :task/id ?id] [?t :task/result _ ?tx true] [?tx :spoor.tx/agent ?writer]]""",
        run.stalls.values().stream().map(s -> List.of(s.worker(), s.task())).toList()).rows();
    checks.check("the stalled workers' late results were rejected and are nowhere in history",
        run.stalls.values().stream().allMatch(s -> s.lateWrite().startsWith("rejected")) && stalledResults.isEmpty(),
        run.stalls.values().stream().map(s -> s.worker() + " " + s.lateWrite()).sorted()
            .collect(Collectors.joining(", ")));

    long lapsed = crew.history("[:find (count ?tx) . :where [?tx :spoor.tx/cause :spoor.cause/lease-expired]]")
        .single().map(v -> (Long) v).orElse(0L);
    checks.check("the stalled workers stayed alive: their tasks were reassigned for silence, not a lapsed lease",
        run.stalls.values().stream().allMatch(Stall::presentThen) && lapsed == 0, lapsed + " lease(s) lapsed");
    return checks;
  }
}
