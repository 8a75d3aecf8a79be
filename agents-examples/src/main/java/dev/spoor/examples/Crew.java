package dev.spoor.examples;

import dev.spoor.datalog.Query;
import dev.spoor.query.Db;
import dev.spoor.query.Functions;
import dev.spoor.query.QueryResult;
import dev.spoor.space.Agent;
import dev.spoor.space.AgentGone;
import dev.spoor.space.Space;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The stage of a demo: a fresh space with short leases checked often, agents that keep their
 * leases renewed by a heartbeat until {@link #kill}ed, and threads to run them on.
 */
final class Crew implements AutoCloseable {
  /** Every demo agent's lease: a killed agent is gone within about this long. */
  static final Duration LEASE = Duration.ofMillis(400);
  /**
   * The lease of agents in demos where nobody is meant to lapse: long enough that a busy machine
   * cannot make one lapse between heartbeats.
   */
  static final Duration LONG_LEASE = Duration.ofSeconds(5);
  /** How often the space looks for lapsed leases. */
  static final Duration LEASE_CHECK = Duration.ofMillis(50);

  final Space space;
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "heartbeat"));
  private final Map<Agent, ScheduledFuture<?>> beating = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> daemon(r, "agent"));
  private final List<Future<?>> running = new ArrayList<>();

  private Crew(Space space) {
    this.space = space;
  }

  /**
   * Opens a new space in {@code dir} for a demo.
   *
   * @throws DemoException when {@code dir} is a file or a non-empty directory
   */
  static Crew open(Path dir) {
    return open(dir, Functions.builtIns());
  }

  /**
   * Opens a new space in {@code dir} whose queries (the crew's, the agents' observations) may
   * also call {@code functions}.
   *
   * @throws DemoException when {@code dir} is a file or a non-empty directory
   */
  static Crew open(Path dir, Functions functions) {
    requireFresh(dir);
    return new Crew(Space.open(dir, Space.Options.defaults().withLeaseCheckInterval(LEASE_CHECK)
        .withFunctions(functions)));
  }

  static void requireFresh(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new DemoException("space-not-fresh", dir + " is a file; a demo needs a new or empty directory for its space");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new DemoException("space-not-fresh", dir + " is not empty; a demo writes a new space, so give it a new"
            + " or empty directory (or leave --space out for a fresh temporary one)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Joins agent {@code name} with {@link #LEASE} and keeps its lease renewed until it is killed or leaves. */
  Agent join(String name) {
    return join(name, LEASE);
  }

  /**
   * Joins agent {@code name} with {@code lease}, renewed by a heartbeat (every quarter lease)
   * until it is killed or leaves: for demos where nobody is meant to lapse, a long lease keeps a
   * busy machine from making one lapse.
   */
  Agent join(String name, Duration lease) {
    Agent agent = space.join(name, lease);
    long every = lease.dividedBy(4).toMillis();
    ScheduledFuture<?> beat = heartbeats.scheduleWithFixedDelay(() -> renewIfDue(agent), every, every,
        TimeUnit.MILLISECONDS);
    beating.put(agent, beat);
    return agent;
  }

  private void renewIfDue(Agent agent) {
    try {
      // An agent that transacted recently renewed its lease then; only idle ones need a beat.
      if (Duration.between(Instant.now(), agent.leaseUntil()).compareTo(agent.lease().dividedBy(2)) < 0) {
        agent.renew();
      }
    } catch (AgentGone e) {
      stopHeartbeat(agent);
    } catch (RuntimeException e) {
      // the space is closing; the next beat (if any) tries again
    }
  }

  /** "Kills" {@code agent}: its heartbeat stops, so unless its thread transacts, its lease lapses. */
  void kill(Agent agent) {
    stopHeartbeat(agent);
  }

  /** Stops the heartbeat and leaves. */
  void leave(Agent agent) {
    stopHeartbeat(agent);
    agent.leave();
  }

  private void stopHeartbeat(Agent agent) {
    ScheduledFuture<?> beat = beating.remove(agent);
    if (beat != null) {
      beat.cancel(false);
    }
  }

  /** Runs {@code body} on a thread of its own; {@link #awaitThreads} rethrows what it throws. */
  void spawn(ThrowingRunnable body) {
    running.add(threads.submit(() -> {
      body.run();
      return null;
    }));
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /**
   * Waits for every spawned thread to finish.
   *
   * @throws IllegalStateException when one threw or they did not finish within {@code timeout}
   */
  void awaitThreads(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Future<?> f : running) {
      try {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw new IllegalStateException("an agent thread failed: " + e.getCause(), e.getCause());
      } catch (TimeoutException e) {
        throw new IllegalStateException("the agent threads did not finish within " + timeout.toSeconds() + " s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the agent threads");
      }
    }
    running.clear();
  }

  /** Runs a query, with the space's functions, on the space's current value. */
  QueryResult q(String query, Object... inputs) {
    return q(space.db(), query, inputs);
  }

  /** Runs a query on the space's history: every assertion and retraction. */
  QueryResult history(String query, Object... inputs) {
    return q(space.db().history(), query, inputs);
  }

  /** Runs a query, with the space's functions, on {@code db} (a value or view of this space). */
  QueryResult q(Db db, String query, Object... inputs) {
    return q(db, space.datalog().parse(query), inputs);
  }

  /** Runs a parsed query (see {@code space.datalog().parse}), with the space's functions, on {@code db}. */
  QueryResult q(Db db, Query query, Object... inputs) {
    Object[] args = new Object[inputs.length + 1];
    args[0] = db;
    System.arraycopy(inputs, 0, args, 1, inputs.length);
    return space.datalog().q(query, args);
  }

  /** The number a {@code (count ...) .} query finds on the current value; 0 when it finds no row. */
  long count(String query, Object... inputs) {
    return q(query, inputs).single().map(v -> (Long) v).orElse(0L);
  }

  /** Waits until {@code condition} holds, checking every 10 ms; returns whether it did within {@code timeout}. */
  static boolean await(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      pause(10);
    }
    return true;
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Stops heartbeats and threads and closes the space; agents still present lapse with it. */
  @Override
  public void close() {
    heartbeats.shutdownNow();
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    space.close();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, "spoor-demo-" + name);
    t.setDaemon(true);
    return t;
  }
}
