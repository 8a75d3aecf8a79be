package dev.spoor.bench;

import static dev.spoor.bench.BenchSpaces.ITEM_NAME;
import static dev.spoor.bench.BenchSpaces.check;

import dev.spoor.query.Db;
import dev.spoor.query.Index;
import dev.spoor.space.Space;
import dev.spoor.space.TxReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Datoms per second imported in transactions of 1,000 new entities with five attributes each
 * ({@code :item/id} long, {@code :item/name} string, {@code :item/kind} keyword,
 * {@code :item/parent} ref to the previous item by tempid, {@code :item/created} instant).
 * The score counts the 5,000 user datoms of an invocation (the transaction's own
 * {@code :db/txInstant} is not counted). Runs on a Chronicle-backed space in a temp directory
 * ({@code Durability.NONE}) and on {@link Space#inMemory()}.
 *
 * <p>The transaction data is built before the measurement (a few distinct batches, used in
 * turn), so the score is the space's work, not the benchmark's. Each iteration starts from a
 * fresh space and must end with exactly the entities it imported.
 *
 * <pre>
 * mvn -q package -pl benchmarks
 * java -jar benchmarks/target/benchmarks.jar BulkImportBenchmark -f 1 -wi 2 -w 3s -i 3 -r 5s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {BenchSpaces.ADD_OPENS_REFLECT, BenchSpaces.ADD_EXPORTS_NIO,
    BenchSpaces.ADD_EXPORTS_REF, BenchSpaces.NO_ANALYTICS})
public class BulkImportBenchmark {
  static final int ENTITIES = 1_000;
  static final int ATTRIBUTES = 5;
  static final int DATOMS = ENTITIES * ATTRIBUTES;
  private static final int BATCHES = 8;

  @Param({"CHRONICLE", "MEMORY"})
  public Backend backend;

  private Path dir;
  private Space space;
  private List<List<Object>> batches;
  private int rowsBefore;
  private long invocations;

  @Setup(Level.Iteration)
  public void openSpace() {
    dir = BenchSpaces.tempDir("spoor-bulk-");
    space = BenchSpaces.openWithSchema(backend, dir);
    long root = BenchSpaces.createRoot(space);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    batches = new ArrayList<>(BATCHES);
    for (int b = 0; b < BATCHES; b++) {
      batches.add(BenchSpaces.itemBatch((long) b * ENTITIES, ENTITIES, root, t0));
    }
    rowsBefore = space.db().rowCount();
    invocations = 0;
  }

  @Benchmark
  @OperationsPerInvocation(DATOMS)
  public TxReport import1000Entities() {
    return space.transact(batches.get((int) (invocations++ % BATCHES)));
  }

  @TearDown(Level.Iteration)
  public void checkAndClose() {
    try {
      Db db = space.db();
      long expectedRows = rowsBefore + invocations * (DATOMS + 1);
      check(db.rowCount() == expectedRows, "expected " + expectedRows + " rows after " + invocations
          + " imports, found " + db.rowCount());
      long names = BenchSpaces.count(db, Index.AEVT, ITEM_NAME);
      check(names == invocations * ENTITIES, "expected " + invocations * ENTITIES + " :item/name datoms, found "
          + names);
    } finally {
      space.close();
      BenchSpaces.deleteRecursively(dir);
    }
  }
}
