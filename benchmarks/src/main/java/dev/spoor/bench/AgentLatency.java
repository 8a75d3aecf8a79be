package dev.spoor.bench;

import static dev.spoor.bench.BenchSpaces.BENCH_PROBE;
import static dev.spoor.bench.BenchSpaces.BENCH_SENT;
import static dev.spoor.bench.BenchSpaces.BENCH_SEQ;
import static dev.spoor.bench.BenchSpaces.DB_ADD;
import static dev.spoor.bench.BenchSpaces.DB_ID;
import static dev.spoor.bench.BenchSpaces.check;

import dev.spoor.log.Datom;
import dev.spoor.log.LogEntry;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import dev.spoor.space.Agent;
import dev.spoor.space.Cursor;
import dev.spoor.space.CursorFilter;
import dev.spoor.space.Space;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * One-way delivery latency of the Agents issue: from the moment a writer starts a transaction
 * to the moment a reader has it, as p50/p90/p99/p99.9/max over {@code samples} messages after
 * {@code warmup} messages, for:
 *
 * <ul>
 *   <li>{@code chronicle-1p}, {@code chronicle-2p}: the baseline, Chronicle Queue alone. A raw
 *       appender writes {@code (seq, System.nanoTime())} as one excerpt; a tailer that busy-spins
 *       on {@code readingDocument()} reads it, in the same process or in another one.
 *   <li>{@code cursor-1p}, {@code cursor-2p}: an agent's {@link Agent#transact} of
 *       {@code [[:db/add probe :bench/seq i] [:db/add probe :bench/sent nanos]]} to another agent's
 *       {@link Cursor#next(Duration)} (blocked, woken by the commit), the writer in this process or
 *       in a second JVM on the same directory (then this process's follower thread applies it).
 *   <li>{@code cursor-poll-1p}: the same with the reader spinning on {@link Cursor#poll()}, which
 *       takes the wake-up out of the number (the Chronicle tailer spins too).
 *   <li>{@code observe-1p}, {@code observe-2p}: the same transactions to the listener of an
 *       observation {@code [:find ?seq ?sent :where [?p :bench/probe "p"] [?p :bench/seq ?seq]
 *       [?p :bench/sent ?sent]]}: one row, replaced by every transaction.
 * </ul>
 *
 * <p>The writer is paced: it sleeps {@code interval} ({@code LockSupport.parkNanos}, so about
 * 60 µs more on Linux) after each message, so that this measures latency, not queueing. The
 * send time travels in the message; {@link System#nanoTime()} is CLOCK_MONOTONIC on Linux, so
 * it is comparable across processes. The child JVM gets the same classpath and Chronicle's
 * flags. Every run checks its answer: each message delivered exactly once and in order (an
 * observation may coalesce messages that arrive while its listener is busy, but never repeats
 * or reorders one, and delivers the last).
 *
 * <pre>
 * java --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED \
 *   --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED -Dchronicle.analytics.disable=true \
 *   -cp benchmarks/target/benchmarks.jar dev.spoor.bench.AgentLatency \
 *   [--samples 50000] [--warmup 20000] [--interval-us 100] [--only cursor-1p,observe-1p]
 *   [--follower-spin-us 100]
 * </pre>
 */
public final class AgentLatency {
  private AgentLatency() {}

  static final Duration LEASE = Duration.ofHours(1);

  static final String OBSERVED = "[:find ?seq ?sent :where [?p :bench/probe \"p\"] [?p :bench/seq ?seq] [?p :bench/sent ?sent]]";

  /** How many messages, and the writer's pause after each. */
  record Settings(int warmup, int samples, long intervalNanos) {
    Settings {
      if (warmup < 0 || samples < 1 || intervalNanos < 0) {
        throw new IllegalArgumentException("warmup >= 0, samples >= 1, interval >= 0; got " + warmup + ", "
            + samples + ", " + intervalNanos);
      }
    }

    int total() {
      return warmup + samples;
    }

    List<String> args() {
      return List.of(Integer.toString(warmup), Integer.toString(samples), Long.toString(intervalNanos));
    }

    static Settings of(String[] args, int from) {
      return new Settings(Integer.parseInt(args[from]), Integer.parseInt(args[from + 1]), Long.parseLong(args[from + 2]));
    }

    /** Generous: how long the writer may take for all its messages, child start included. */
    long timeoutSeconds() {
      return 120 + total() * (Math.max(intervalNanos, 100_000L) + 500_000L) / 1_000_000_000L;
    }
  }

  /** The measurements, in the order a full run makes them. */
  enum Measurement {
    CHRONICLE_1P("chronicle-1p", "Chronicle alone: appender -> busy-spinning tailer, 1 process"),
    CHRONICLE_2P("chronicle-2p", "Chronicle alone: appender -> busy-spinning tailer, 2 processes"),
    CURSOR_1P("cursor-1p", "agent.transact -> cursor.next (blocked), 1 process"),
    CURSOR_POLL_1P("cursor-poll-1p", "agent.transact -> cursor.poll (spinning), 1 process"),
    CURSOR_2P("cursor-2p", "agent.transact -> cursor.next (blocked), 2 processes"),
    OBSERVE_1P("observe-1p", "agent.transact -> observation listener, 1 process"),
    OBSERVE_2P("observe-2p", "agent.transact -> observation listener, 2 processes");

    final String id;
    final String description;

    Measurement(String id, String description) {
      this.id = id;
      this.description = description;
    }

    /** Whether the reader may see several messages as one (an observation coalesces). */
    boolean mayCoalesce() {
      return this == OBSERVE_1P || this == OBSERVE_2P;
    }

    static Measurement byId(String id) {
      for (Measurement m : values()) {
        if (m.id.equals(id)) {
          return m;
        }
      }
      throw new IllegalArgumentException("no measurement " + id + "; one of " + Arrays.stream(values()).map(m -> m.id).toList());
    }

    Result run(Settings s) throws Exception {
      return switch (this) {
        case CHRONICLE_1P -> chronicle(this, s, false);
        case CHRONICLE_2P -> chronicle(this, s, true);
        case CURSOR_1P, CURSOR_POLL_1P, OBSERVE_1P -> spoor(this, s, false);
        case CURSOR_2P, OBSERVE_2P -> spoor(this, s, true);
      };
    }
  }

  /**
   * One measurement's outcome.
   *
   * @param sorted the measured latencies (messages after the warm-up), ascending, in nanoseconds
   * @param rate messages per second as they arrived
   */
  record Result(Measurement measurement, int sent, int received, int duplicates, int outOfOrder, int coalesced,
      boolean lastDelivered, long[] sorted, double rate, String commit) {

    /** This result with the writer's commit times (transact call to return), as text. */
    Result withCommit(String text) {
      return new Result(measurement, sent, received, duplicates, outOfOrder, coalesced, lastDelivered, sorted, rate, text);
    }

    long percentile(double q) {
      if (sorted.length == 0) {
        return -1;
      }
      int i = (int) Math.ceil(q * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /**
     * Throws unless every message arrived once and in order; an observation may instead have
     * coalesced some (never repeated or reordered one) but must have delivered the last.
     */
    Result verify() {
      check(duplicates == 0, measurement.id + ": " + duplicates + " messages delivered more than once");
      check(outOfOrder == 0, measurement.id + ": " + outOfOrder + " messages delivered out of order");
      check(lastDelivered, measurement.id + ": the last message (" + (sent - 1) + ") was not delivered");
      if (!measurement.mayCoalesce()) {
        check(received == sent && coalesced == 0, measurement.id + ": " + received + " of " + sent + " messages delivered");
      }
      return this;
    }

    String row() {
      return String.format("| %s | %,d | %s | %s | %s | %s | %s | %,.0f | %s | %s |", measurement.id, sorted.length,
          micros(percentile(0.5)), micros(percentile(0.9)), micros(percentile(0.99)), micros(percentile(0.999)),
          micros(sorted.length == 0 ? -1 : sorted[sorted.length - 1]), rate,
          coalesced == 0 ? "all " + received + " once, in order" : received + " changes for " + sent + " messages",
          commit.isEmpty() ? "–" : commit);
    }

    /** p50 / p99 / p99.9 of {@code nanos} after the warm-up, in µs. */
    static String percentiles(long[] nanos, int warmup) {
      long[] x = Arrays.copyOfRange(nanos, warmup, nanos.length);
      Arrays.sort(x);
      return micros(x[x.length / 2]) + " / " + micros(x[(int) Math.ceil(0.99 * x.length) - 1]) + " / "
          + micros(x[(int) Math.ceil(0.999 * x.length) - 1]);
    }

    private static String micros(long nanos) {
      return String.format("%.1f", nanos / 1000.0);
    }
  }

  /**
   * Collects arrivals: a message's latency by its number, and what shows a wrong answer. Safe
   * from any thread (an observation's listener runs on the space's observation threads).
   */
  static final class Recorder {
    private final Settings settings;
    private final long[] latency;
    private final int[] deliveries;
    private long last = -1;
    private int received;
    private int duplicates;
    private int outOfOrder;
    private int coalesced;
    private long firstArrival;
    private long lastArrival;
    private volatile boolean finished;

    Recorder(Settings settings) {
      this.settings = settings;
      this.latency = new long[settings.total()];
      this.deliveries = new int[settings.total()];
    }

    synchronized void record(long seq, long sentNanos, long nowNanos) {
      check(seq >= 0 && seq < settings.total(), "message " + seq + " was never sent");
      if (received++ == 0) {
        firstArrival = nowNanos;
      }
      lastArrival = nowNanos;
      if (deliveries[(int) seq]++ > 0) {
        duplicates++;
      }
      if (seq <= last) {
        outOfOrder++;
      } else {
        coalesced += (int) (seq - last - 1);
        last = seq;
      }
      latency[(int) seq] = nowNanos - sentNanos;
      if (last == settings.total() - 1) {
        finished = true;
        notifyAll();
      }
    }

    boolean finished() {
      return finished;
    }

    /** Waits up to {@code timeout} for the last message, then stops the reader either way. */
    synchronized void awaitLast(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!finished && System.nanoTime() < deadline) {
        TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, deadline - System.nanoTime()));
      }
      finished = true;
    }

    synchronized Result result(Measurement m) {
      long[] measured = new long[settings.samples()];
      int n = 0;
      for (int i = settings.warmup(); i < settings.total(); i++) {
        if (deliveries[i] > 0) {
          measured[n++] = latency[i];
        }
      }
      long[] sorted = Arrays.copyOf(measured, n);
      Arrays.sort(sorted);
      double span = (lastArrival - firstArrival) / 1e9;
      return new Result(m, settings.total(), received, duplicates, outOfOrder, coalesced,
          deliveries[settings.total() - 1] > 0, sorted, span > 0 ? (received - 1) / span : 0, "");
    }
  }

  // ---------------------------------------------------------------------------------------
  // Chronicle alone

  static Result chronicle(Measurement m, Settings s, boolean twoProcesses) throws Exception {
    Path dir = BenchSpaces.tempDir("spoor-latency-chronicle-");
    try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).build()) {
      Recorder recorder = new Recorder(s);
      CompletableFuture<Void> reading = background("chronicle-tailer", () -> chronicleRead(queue, recorder));
      if (twoProcesses) {
        try (ChildProcess child = child("chronicle", dir, s)) {
          child.awaitSuccess(s.timeoutSeconds());
        }
      } else {
        chronicleWrite(queue, s);
      }
      recorder.awaitLast(Duration.ofSeconds(10));
      await(reading);
      return recorder.result(m);
    } finally {
      BenchSpaces.deleteRecursively(dir);
    }
  }

  static void chronicleWrite(SingleChronicleQueue queue, Settings s) {
    ExcerptAppender appender = queue.createAppender();
    try {
      for (int i = 0; i < s.total(); i++) {
        long sent = System.nanoTime();
        try (DocumentContext dc = appender.writingDocument()) {
          Bytes<?> bytes = dc.wire().bytes();
          bytes.writeLong(i);
          bytes.writeLong(sent);
        }
        pause(s);
      }
    } finally {
      appender.close();
    }
  }

  /** Spins on the tailer once the first message is in (parks before, while the writer starts). */
  static void chronicleRead(SingleChronicleQueue queue, Recorder recorder) {
    ExcerptTailer tailer = queue.createTailer();
    try {
      boolean started = false;
      while (!recorder.finished()) {
        boolean got;
        try (DocumentContext dc = tailer.readingDocument()) {
          got = dc.isPresent();
          if (got) {
            long now = System.nanoTime();
            Bytes<?> bytes = dc.wire().bytes();
            long seq = bytes.readLong();
            recorder.record(seq, bytes.readLong(), now);
          }
        }
        if (got) {
          started = true;
        } else if (started) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(50_000);
        }
      }
    } finally {
      tailer.close();
    }
  }

  // ---------------------------------------------------------------------------------------
  // Spoor

  /** The entity every message replaces the values of, and the ids of those attributes. */
  record Probe(long entity, long seqAttribute, long sentAttribute) {
    /** Installs the agent schema and the probe ({@code :bench/seq -1}). */
    static Probe install(Space space) {
      space.transact(BenchSpaces.AGENT_SCHEMA);
      long e = space.transact(List.of(Map.of(DB_ID, "p", BENCH_PROBE, "p", BENCH_SEQ, -1L, BENCH_SENT, 0L)))
          .tempids().get("p");
      return of(space.db(), e);
    }

    /** The probe another process installed. */
    static Probe find(Space space) {
      Db db = space.sync();
      return of(db, db.datoms(Index.AVET, BENCH_PROBE, "p").iterator().next().e());
    }

    private static Probe of(Db db, long e) {
      return new Probe(e, db.schema().attribute(BENCH_SEQ).orElseThrow().id(),
          db.schema().attribute(BENCH_SENT).orElseThrow().id());
    }

    List<Object> message(long seq, long sent) {
      return List.of(List.of(DB_ADD, entity, BENCH_SEQ, seq), List.of(DB_ADD, entity, BENCH_SENT, sent));
    }

    /** Records the message {@code entry} carries; ignores a transaction that carries none. */
    void record(LogEntry entry, Recorder recorder, long now) {
      long seq = -1;
      long sent = 0;
      for (Datom d : entry.datoms()) {
        if (d.added() && d.e() == entity) {
          if (d.a() == seqAttribute) {
            seq = (Long) d.v();
          } else if (d.a() == sentAttribute) {
            sent = (Long) d.v();
          }
        }
      }
      if (seq >= 0) {
        recorder.record(seq, sent, now);
      }
    }
  }

  /** Writes the messages; returns the commit times: from the transact call to its return, by message. */
  static long[] spoorWrite(Agent writer, Probe probe, Settings s) {
    long[] commit = new long[s.total()];
    for (int i = 0; i < s.total(); i++) {
      long sent = System.nanoTime();
      writer.transact(probe.message(i, sent));
      commit[i] = System.nanoTime() - sent;
      pause(s);
    }
    return commit;
  }

  private static final String COMMIT = "commit p50/p99/p99.9 us: ";

  /** The reader space's {@link Space.Options#followerSpin()} ({@code --follower-spin-us}). */
  private static java.time.Duration followerSpin = Space.Options.defaults().followerSpin();

  static Result spoor(Measurement m, Settings s, boolean twoProcesses) throws Exception {
    Path dir = BenchSpaces.tempDir("spoor-latency-");
    try (Space space = Space.open(dir, Space.Options.defaults().withFollowerSpin(followerSpin))) {
      Probe probe = Probe.install(space);
      Agent reader = space.join("reader", LEASE);
      Recorder recorder = new Recorder(s);
      CompletableFuture<Void> reading;
      if (m.mayCoalesce()) {
        reader.observe(OBSERVED, change -> {
          long now = System.nanoTime();
          if (!change.snapshot()) {
            for (List<Object> row : change.added()) {
              recorder.record((Long) row.get(0), (Long) row.get(1), now);
            }
          }
        });
        reading = CompletableFuture.completedFuture(null);
      } else {
        Cursor cursor = reader.cursor("latency", CursorFilter.namespace("bench"));
        boolean spin = m == Measurement.CURSOR_POLL_1P;
        reading = background("cursor-reader", () -> readCursor(cursor, probe, recorder, spin));
      }
      String commit;
      if (twoProcesses) {
        try (ChildProcess child = child("spoor", dir, s)) {
          child.awaitSuccess(s.timeoutSeconds());
          String out = child.output();
          int at = out.lastIndexOf(COMMIT);
          commit = at < 0 ? "" : out.substring(at + COMMIT.length()).lines().findFirst().orElse("");
        }
      } else {
        commit = Result.percentiles(spoorWrite(space.join("writer", LEASE), probe, s), s.warmup());
      }
      recorder.awaitLast(Duration.ofSeconds(10));
      await(reading);
      return recorder.result(m).withCommit(commit);
    } finally {
      BenchSpaces.deleteRecursively(dir);
    }
  }

  private static void readCursor(Cursor cursor, Probe probe, Recorder recorder, boolean spin) throws InterruptedException {
    while (!recorder.finished()) {
      Optional<LogEntry> e;
      if (spin) {
        e = cursor.poll();
        if (e.isEmpty()) {
          Thread.onSpinWait();
          continue;
        }
      } else {
        e = cursor.next(Duration.ofMillis(100));
        if (e.isEmpty()) {
          continue;
        }
      }
      probe.record(e.get(), recorder, System.nanoTime());
    }
  }

  // ---------------------------------------------------------------------------------------
  // Plumbing

  private static void pause(Settings s) {
    if (s.intervalNanos() > 0) {
      LockSupport.parkNanos(s.intervalNanos());
    }
  }

  private static ChildProcess child(String kind, Path dir, Settings s) {
    List<String> args = new ArrayList<>(List.of("--child", kind, dir.toString()));
    args.addAll(s.args());
    return ChildProcess.start(AgentLatency.class, args.toArray(String[]::new));
  }

  /** The writer side of a two-process measurement, in the child JVM. */
  private static void runChild(String kind, Path dir, Settings s) {
    switch (kind) {
      case "chronicle" -> {
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).build()) {
          chronicleWrite(queue, s);
        }
      }
      case "spoor" -> {
        try (Space space = Space.open(dir)) {
          Probe probe = Probe.find(space);
          Agent writer = space.join("writer", LEASE);
          long[] commit = spoorWrite(writer, probe, s);
          writer.leave();
          System.out.println(COMMIT + Result.percentiles(commit, s.warmup()));
        }
      }
      default -> throw new IllegalArgumentException("no child kind " + kind);
    }
  }

  interface Body {
    void run() throws Exception;
  }

  /** Runs {@code body} on a daemon thread of its own. */
  static CompletableFuture<Void> background(String name, Body body) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        body.run();
        done.complete(null);
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return done;
  }

  static void await(CompletableFuture<Void> f) throws Exception {
    try {
      f.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception x) {
        throw x;
      }
      throw e;
    }
  }

  static String header() {
    return "| measurement | samples | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs | msgs/s | delivery | writer's commit p50 / p99 / p99.9 µs |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|---|---|";
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      runChild(args[1], Path.of(args[2]), Settings.of(args, 3));
      return;
    }
    int samples = 50_000;
    int warmup = 20_000;
    long intervalUs = 100;
    List<Measurement> which = List.of(Measurement.values());
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--samples" -> samples = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--interval-us" -> intervalUs = Long.parseLong(args[++i]);
        case "--only" -> which = Arrays.stream(args[++i].split(",")).map(Measurement::byId).toList();
        case "--follower-spin-us" -> followerSpin = java.time.Duration.ofNanos(Long.parseLong(args[++i]) * 1000);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; use --samples N --warmup N --interval-us N --only a,b --follower-spin-us N");
      }
    }
    Settings s = new Settings(warmup, samples, intervalUs * 1000);
    System.out.printf("AgentLatency: %,d samples after %,d warm-up messages, writer pauses %d µs after each; %d cpus, java %s%n",
        samples, warmup, intervalUs, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    List<Result> results = new ArrayList<>();
    for (Measurement m : which) {
      long t0 = System.nanoTime();
      Result r = m.run(s).verify();
      results.add(r);
      System.out.println(m.description + " (" + (System.nanoTime() - t0) / 1_000_000_000 + " s)");
      System.out.println(header());
      System.out.println(r.row());
    }
    System.out.println();
    System.out.println(header());
    results.forEach(r -> System.out.println(r.row()));
  }
}
