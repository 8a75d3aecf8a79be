package dev.spoor.bench;

import static dev.spoor.bench.BenchSpaces.COUNTER_N;
import static dev.spoor.bench.BenchSpaces.DB_ADD;
import static dev.spoor.bench.BenchSpaces.check;

import dev.spoor.log.Datom;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import dev.spoor.space.Space;
import dev.spoor.space.TxReport;
import java.nio.file.Path;
import java.util.List;
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

/**
 * Single-datom transactions per second through {@link Space#transact(List)}, one writer thread.
 * {@link #newEntity} asserts {@code [:db/add "e" :counter/n i]}, minting an entity each time;
 * {@link #updateOne} replaces the cardinality-one {@code :counter/n} of one existing entity (a
 * retraction and an assertion). Each runs on a Chronicle-backed space in a temp directory
 * ({@code Durability.NONE}) and on {@link Space#inMemory()}, so the log's share is the
 * difference. Every transaction also records its {@code :db/txInstant}.
 *
 * <p>Each measurement iteration starts from a fresh space; after it, the space must hold
 * exactly the datoms the iteration asserted, or the run fails.
 *
 * <pre>
 * mvn -q package -pl benchmarks
 * java -jar benchmarks/target/benchmarks.jar TransactBenchmark -f 1 -wi 2 -w 3s -i 3 -r 5s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {BenchSpaces.ADD_OPENS_REFLECT, BenchSpaces.ADD_EXPORTS_NIO,
    BenchSpaces.ADD_EXPORTS_REF, BenchSpaces.NO_ANALYTICS})
public class TransactBenchmark {

  @Param({"CHRONICLE", "MEMORY"})
  public Backend backend;

  private Path dir;
  Space space;
  private long target;
  private int rowsBefore;
  private long created;
  private long updated;
  private long lastValue;

  @Setup(Level.Iteration)
  public void openSpace() {
    dir = BenchSpaces.tempDir("spoor-transact-");
    space = BenchSpaces.openWithSchema(backend, dir);
    target = space.transact(List.of(List.of(DB_ADD, "target", COUNTER_N, 0L))).tempids().get("target");
    rowsBefore = space.db().rowCount();
    created = 0;
    updated = 0;
    lastValue = 0;
  }

  /** A new entity per transaction: one datom plus the transaction's instant. */
  @Benchmark
  public TxReport newEntity() {
    return space.transact(List.of(List.of(DB_ADD, "e", COUNTER_N, ++created)));
  }

  /** The same entity's cardinality-one value, replaced each transaction. */
  @Benchmark
  public TxReport updateOne() {
    updated++;
    lastValue = updated;
    return space.transact(List.of(List.of(DB_ADD, target, COUNTER_N, lastValue)));
  }

  @TearDown(Level.Iteration)
  public void checkAndClose() {
    try {
      Db db = space.db();
      long txs = created + updated;
      // Each transaction adds its datom and its :db/txInstant; a replacement's retraction
      // ends the old row rather than adding one.
      check(db.rowCount() == rowsBefore + 2 * txs,
          "expected " + (rowsBefore + 2 * txs) + " rows after " + txs + " transactions, found " + db.rowCount());
      check(BenchSpaces.count(db, Index.AEVT, COUNTER_N) == 1 + created,
          "expected " + (1 + created) + " live :counter/n datoms");
      List<Datom> current = db.datomList(Index.EAVT, target, COUNTER_N);
      check(current.size() == 1 && current.get(0).v().equals(lastValue),
          "the updated entity should hold " + lastValue + ", holds " + current);
    } finally {
      space.close();
      BenchSpaces.deleteRecursively(dir);
    }
  }
}
