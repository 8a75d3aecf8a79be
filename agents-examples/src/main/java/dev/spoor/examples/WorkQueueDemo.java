package dev.spoor.examples;

import dev.spoor.core.Keyword;
import dev.spoor.query.Entity;
import dev.spoor.space.Agent;
import dev.spoor.space.AgentGone;
import dev.spoor.space.Observation;
import dev.spoor.space.TransactionException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * A work queue without a queue. Producers assert tasks ({@code :task/status :open}); workers
 * claim one ({@link Agent#claim}: exactly one claimer wins, with a fencing token), mark it
 * {@code :in-progress}, work, and record the result with compare-and-sets that fail unless
 * they still hold the claim and nobody recorded a result yet. The last worker dies holding a
 * task: its thread stops, its lease lapses, and the space retracts its claim (claims have agent
 * lifetime). A watchdog observes in-progress tasks nobody holds a claim on and puts them back
 * to {@code :open}; a live worker reclaims the task (with a larger fencing token) and finishes
 * it. When the dead worker's thread "wakes up" and tries to record its result, the space
 * rejects it: the agent is gone.
 *
 * <p>Invariants: every task is done with exactly one result (history holds one assertion of
 * {@code :task/result} per task, never retracted) and it is the right one; no task is lost;
 * the dead worker's claim is in history, retracted by a lease-expired transaction, and not in
 * the current database; its task was requeued by the watchdog and finished by a live worker
 * with a larger fencing token; the late write was rejected.
 */
public final class WorkQueueDemo implements Demo {
  public static final String NAME = "work-queue";

  static final String SCHEMA = """
      [{:db/ident :task/id        :db/valueType :db.type/string  :db/cardinality :db.cardinality/one
        :db/unique :db.unique/identity :db/doc "the task's name"}
       {:db/ident :task/input     :db/valueType :db.type/long    :db/cardinality :db.cardinality/one}
       {:db/ident :task/status    :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one
        :db/doc ":open, :in-progress or :done"}
       {:db/ident :task/result    :db/valueType :db.type/long    :db/cardinality :db.cardinality/one}
       {:db/ident :task/done-by   :db/valueType :db.type/string  :db/cardinality :db.cardinality/one}
       {:db/ident :task/fence     :db/valueType :db.type/long    :db/cardinality :db.cardinality/one
        :db/doc "the fencing token (claim t) the result was recorded under"}
       {:db/ident :task/requeued-by :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]""";

  static final String OPEN_TASKS =
      "[:find [?id ...] :where [?t :task/status :open] [?t :task/id ?id] (not [?t :spoor.claim/agent _])]";
  /** What the watchdog observes: tasks someone started whose claim has vanished. */
  static final String STUCK_TASKS =
      "[:find ?id :where [?t :task/status :in-progress] [?t :task/id ?id] (not [?t :spoor.claim/agent _])]";
  static final String DONE_COUNT = "[:find (count ?t) . :where [?t :task/status :done]]";

  private static final Keyword ID = Keyword.of("task/id");
  private static final Keyword INPUT = Keyword.of("task/input");
  private static final Keyword STATUS = Keyword.of("task/status");
  private static final Keyword RESULT = Keyword.of("task/result");
  private static final Keyword DONE_BY = Keyword.of("task/done-by");
  private static final Keyword FENCE = Keyword.of("task/fence");
  private static final Keyword REQUEUED_BY = Keyword.of("task/requeued-by");
  private static final Keyword CLAIM = Keyword.of("spoor.claim/agent");
  private static final Keyword OPEN = Keyword.of("open");
  private static final Keyword IN_PROGRESS = Keyword.of("in-progress");
  private static final Keyword DONE = Keyword.of("done");
  private static final Keyword CAS = Keyword.of("db/cas");
  private static final Keyword ADD = Keyword.of("db/add");

  private final int producers;
  private final int tasksPerProducer;
  private final int workers;
  private final Duration work;

  /** Two producers of ten tasks each, four workers, 40 ms of work per task. */
  public WorkQueueDemo() {
    this(2, 10, 4, Duration.ofMillis(40));
  }

  /** {@code workers} must be at least 2: the last one dies. */
  public WorkQueueDemo(int producers, int tasksPerProducer, int workers, Duration work) {
    if (producers < 1 || tasksPerProducer < 1 || workers < 2) {
      throw new IllegalArgumentException("a work queue needs a producer, a task and two workers (one dies)");
    }
    this.producers = producers;
    this.tasksPerProducer = tasksPerProducer;
    this.workers = workers;
    this.work = work;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String inspectHint() {
    return "--history --format table '[:find ?task ?who ?added ?tx :where [?t :spoor.claim/agent ?a ?tx ?added]"
        + " [?t :task/id ?task] [?a :spoor.agent/name ?who]]'";
  }

  @Override
  public String summary() {
    return "workers claim tasks exactly once; one dies mid-task, its claim lapses, a watchdog requeues the task";
  }

  /** What the run saw, shared by its threads. */
  private static final class Run {
    final int total;
    final Map<String, AtomicInteger> doneBy = new ConcurrentHashMap<>();
    final AtomicInteger racesLost = new AtomicInteger();
    final AtomicReference<String> killedTask = new AtomicReference<>();
    final AtomicReference<Long> killedFence = new AtomicReference<>();
    final AtomicReference<String> lateWrite = new AtomicReference<>("not attempted");
    final AtomicInteger requeued = new AtomicInteger();
    final long deadline;

    Run(int total) {
      this.total = total;
      this.deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    }

    boolean over(Crew crew) {
      return System.nanoTime() > deadline || doneCount(crew) >= total;
    }
  }

  private static long doneCount(Crew crew) {
    return crew.q(DONE_COUNT).single().map(v -> (Long) v).orElse(0L);
  }

  @Override
  public DemoResult run(Path spaceDir, PrintStream out) {
    int total = producers * tasksPerProducer;
    String doomed = "worker-" + workers;
    out.println("work-queue: " + producers + " producer(s) add " + total + " tasks; " + workers
        + " workers claim them exactly once; " + doomed + " dies mid-task and a watchdog requeues its task.");
    out.println("(every agent is a thread of this JVM: one process writes a space at a time; lease "
        + Crew.LEASE.toMillis() + " ms, checked every " + Crew.LEASE_CHECK.toMillis() + " ms)");
    long started = System.nanoTime();
    Run run = new Run(total);
    try (Crew crew = Crew.open(spaceDir)) {
      crew.space.transact(SCHEMA);
      Agent watchdog = crew.join("watchdog");
      Observation stuck = watchdog.observe(STUCK_TASKS, change -> {
        for (List<Object> row : change.added()) {
          requeue(crew, watchdog, (String) row.get(0), run, out);
        }
      });
      List<Agent> crewAgents = new ArrayList<>();
      for (int w = workers; w >= 1; w--) {     // the doomed worker starts first, so it gets a task
        Agent worker = crew.join("worker-" + w);
        crewAgents.add(worker);
        boolean dies = worker.name().equals(doomed);
        run.doneBy.put(worker.name(), new AtomicInteger());
        crew.spawn(() -> work(crew, worker, dies, run, out));
      }
      for (int p = 1; p <= producers; p++) {
        Agent producer = crew.join("producer-" + p);
        int first = (p - 1) * tasksPerProducer + 1;
        crew.spawn(() -> produce(crew, producer, first, tasksPerProducer, out));
      }
      crew.awaitThreads(Duration.ofSeconds(90));
      stuck.close();
      crew.leave(watchdog);
      long millis = (System.nanoTime() - started) / 1_000_000;
      out.println(doneCount(crew) + " of " + total + " tasks done in " + millis + " ms; done by: "
          + new TreeMap<>(run.doneBy).entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
              .collect(Collectors.joining(", "))
          + "; " + run.racesLost + " claim race(s) lost to another worker (ClaimConflict)");
      return check(crew, run, doomed).finish(NAME, spaceDir, out);
    }
  }

  private static void produce(Crew crew, Agent producer, int first, int count, PrintStream out) {
    for (int i = first; i < first + count; i++) {
      producer.transact(List.of(Map.of(ID, taskId(i), INPUT, (long) i, STATUS, OPEN)));
      Crew.pause(5);
    }
    out.println(producer.name() + " added " + taskId(first) + ".." + taskId(first + count - 1));
    crew.leave(producer);
  }

  static String taskId(int i) {
    return String.format("t%02d", i);
  }

  private void work(Crew crew, Agent me, boolean dies, Run run, PrintStream out) {
    Random random = new Random(me.name().hashCode());
    while (!run.over(crew)) {
      List<Object> open = crew.q(OPEN_TASKS).collection();
      if (open.isEmpty()) {
        Crew.pause(5);
        continue;
      }
      String id = (String) open.get(random.nextInt(open.size()));
      List<Object> task = List.of(ID, id);
      long fence;
      try {
        fence = me.claim(task);
      } catch (TransactionException.ClaimConflict lost) {
        run.racesLost.incrementAndGet();
        continue;
      }
      try {
        me.transact(List.of(List.of(CAS, task, STATUS, OPEN, IN_PROGRESS)));
      } catch (TransactionException.CasMismatch finishedMeanwhile) {
        me.release(task);       // another worker claimed, finished and released it since we looked
        continue;
      }
      Entity e = crew.space.db().entity(task);
      long input = (Long) e.get(INPUT).orElseThrow();
      Optional<Object> requeuedBy = e.get(REQUEUED_BY);
      if (dies) {
        run.killedTask.set(id);
        run.killedFence.set(fence);
        out.println(me.name() + " claimed " + id + " (fencing token " + fence + "), set it :in-progress, and dies"
            + " holding the claim");
        crew.kill(me);
        lateWrite(crew, me, task, id, fence, input, run, out);
        return;
      }
      if (requeuedBy.isPresent()) {
        out.println(me.name() + " reclaimed " + id + " (fencing token " + fence + " > " + run.killedFence.get()
            + ") and finishes it");
      }
      Crew.pause(work.toMillis());
      me.transact(List.of(
          List.of(CAS, task, CLAIM, me.id(), me.id()),              // fenced: only while we hold the claim
          List.of(CAS, task, STATUS, IN_PROGRESS, DONE),
          List.of(CAS, task, RESULT, Optional.empty(), input * input), // exactly one result, ever
          List.of(ADD, task, DONE_BY, me.name()),
          List.of(ADD, task, FENCE, fence)));
      me.release(task);
      run.doneBy.get(me.name()).incrementAndGet();
    }
    crew.leave(me);
  }

  /** The dead worker's thread wakes up after its task was finished and tries to record its result. */
  private static void lateWrite(Crew crew, Agent me, List<Object> task, String id, long fence, long input, Run run,
      PrintStream out) {
    Crew.await(() -> crew.space.db().entity(task).get(STATUS).equals(Optional.of(DONE)), Duration.ofSeconds(30));
    try {
      me.transact(List.of(
          List.of(CAS, task, CLAIM, me.id(), me.id()),
          List.of(CAS, task, RESULT, Optional.empty(), input * input),
          List.of(ADD, task, FENCE, fence)));
      run.lateWrite.set("accepted");
      out.println(me.name() + " woke up and recorded a result for " + id + ": ACCEPTED, which must not happen");
    } catch (AgentGone gone) {
      run.lateWrite.set("rejected: " + gone.code());
      out.println(me.name() + " wakes up after " + id + " was done and tries to record its result: rejected ("
          + gone.code() + ": its lease lapsed and the space retracted its claim)");
    }
  }

  /** The watchdog's reaction to a stuck task: who held it and why it went, then back to :open. */
  private static void requeue(Crew crew, Agent watchdog, String id, Run run, PrintStream out) {
    List<Object> task = List.of(ID, id);
    String why = crew.history("""
        [:find ?who ?cause :in $ ?id
         :where [?t :task/id ?id] [?t :spoor.claim/agent ?a ?tx false]
                [?a :spoor.agent/name ?who] [?tx :spoor.tx/cause ?c] [?c :db/ident ?cause]]""", id)
        .rows().stream().map(r -> ((List<?>) r).get(0) + "'s claim was retracted by " + ((List<?>) r).get(1))
        .collect(Collectors.joining(", "));
    try {
      watchdog.transact(List.of(List.of(CAS, task, STATUS, IN_PROGRESS, OPEN), List.of(ADD, task, REQUEUED_BY,
          watchdog.name())));
      run.requeued.incrementAndGet();
      out.println("watchdog: " + id + " is :in-progress but nobody holds its claim (" + why + ") -> back to :open");
    } catch (TransactionException.CasMismatch settled) {
      // someone else moved it on meanwhile
    }
  }

  private Checks check(Crew crew, Run run, String doomed) {
    Checks checks = new Checks();
    long tasks = crew.q("[:find (count ?t) . :where [?t :task/id _]]").single().map(v -> (Long) v).orElse(0L);
    checks.check("no task lost: every task produced is in the space and :done", tasks == run.total
        && doneCount(crew) == run.total, tasks + " tasks, " + doneCount(crew) + " done, " + run.total + " produced");

    checks.resultOncePerTask(crew, run.total);

    List<Object> wrong = crew.q("[:find ?id ?in ?r :where [?t :task/input ?in] [?t :task/result ?r]"
        + " [(* ?in ?in) ?sq] [(!= ?r ?sq)] [?t :task/id ?id]]").rows();
    checks.check("every result is right (the input squared)", wrong.isEmpty(), wrong.isEmpty() ? "" : "wrong: "
        + wrong);

    String killed = run.killedTask.get();
    List<Object> claimed = crew.history("[:find [?id ...] :in $ ?name :where [?a :spoor.agent/name ?name]"
        + " [?t :spoor.claim/agent ?a _ true] [?t :task/id ?id]]", doomed).collection();
    List<Object> retractions = crew.history("""
        [:find ?id ?cause :in $ ?name
         :where [?a :spoor.agent/name ?name] [?t :spoor.claim/agent ?a ?tx false] [?t :task/id ?id]
                [?tx :spoor.tx/cause ?c] [?c :db/ident ?cause]]""", doomed).rows();
    checks.check(doomed + "'s claim is in history, asserted and then retracted because its lease expired",
        killed != null && claimed.equals(List.of(killed))
            && retractions.equals(List.of(List.of(killed, Keyword.of("spoor.cause", "lease-expired")))),
        "claimed " + claimed + ", retracted " + retractions);
    List<Object> standing = crew.q("[:find ?t :in $ ?name :where [?a :spoor.agent/name ?name]"
        + " [?t :spoor.claim/agent ?a]]", doomed).rows();
    checks.check(doomed + "'s claim is not in the current database", standing.isEmpty(),
        standing.size() + " standing claim(s)");

    if (killed != null) {
      Map<Keyword, Object> t = crew.space.db().entity(List.of(ID, killed)).toMap();
      Object doneBy = t.get(DONE_BY);
      Object fence = t.get(FENCE);
      checks.check("the watchdog requeued " + killed + " and a live worker finished it with a larger fencing token",
          "watchdog".equals(t.get(REQUEUED_BY)) && doneBy != null && !doomed.equals(doneBy) && fence instanceof Long f
              && f > run.killedFence.get(),
          killed + " requeued by " + t.get(REQUEUED_BY) + ", done by " + doneBy + " under token " + fence
              + " (the dead worker's was " + run.killedFence.get() + ")");
    } else {
      checks.check("the watchdog requeued the dead worker's task and a live worker finished it", false,
          doomed + " never got a task");
    }
    checks.check("the dead worker's late result was rejected", run.lateWrite.get().startsWith("rejected"),
        run.lateWrite.get());
    return checks;
  }
}
