package dev.spoor.bench;

import static dev.spoor.bench.BenchSpaces.check;

import dev.spoor.space.Space;
import java.nio.file.Path;
import java.time.Instant;
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
 * Datoms per second replayed when a space is reopened: the timed part is
 * {@link Space#open(Path)} on an existing directory (read the Chronicle log, rebuild columns
 * and the four indexes) and {@link Space#close()}.
 *
 * <p>The trial's setup writes 1,000,000 user datoms: 200,000 items with the five attributes of
 * {@link BulkImportBenchmark}, in transactions of {@link #entitiesPerTx} items (10 items: 20,000
 * transactions of 50 datoms; 1,000 items: 200 transactions of 5,000). The score counts those
 * 1,000,000 datoms; each transaction's {@code :db/txInstant} is replayed too but not counted.
 * Every reopened space must show the rows that were written, or the run fails.
 *
 * <pre>
 * mvn -q package -pl benchmarks
 * java -jar benchmarks/target/benchmarks.jar ReplayBenchmark -f 1 -wi 2 -w 3s -i 3 -r 5s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {BenchSpaces.ADD_OPENS_REFLECT, BenchSpaces.ADD_EXPORTS_NIO,
    BenchSpaces.ADD_EXPORTS_REF, BenchSpaces.NO_ANALYTICS})
public class ReplayBenchmark {
  static final int DATOMS = 1_000_000;
  private static final int ENTITIES = DATOMS / 5;

  @Param({"10", "1000"})
  public int entitiesPerTx;

  private Path dir;
  private int expectedRows;
  private long expectedT;
  private long replays;

  @Setup(Level.Trial)
  public void writeSpace() {
    dir = BenchSpaces.tempDir("spoor-replay-");
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    try (Space space = BenchSpaces.openWithSchema(Backend.CHRONICLE, dir)) {
      long root = BenchSpaces.createRoot(space);
      for (int first = 0; first < ENTITIES; first += entitiesPerTx) {
        space.transact(BenchSpaces.itemBatch(first, entitiesPerTx, root, t0));
      }
      expectedRows = space.db().rowCount();
      expectedT = space.db().basisT();
    }
    check(expectedT == 2 + ENTITIES / entitiesPerTx, "the prepared space should end at t " + (2 + ENTITIES / entitiesPerTx));
  }

  @Benchmark
  @OperationsPerInvocation(DATOMS)
  public int reopen() {
    try (Space space = Space.open(dir)) {
      int rows = space.db().rowCount();
      if (rows != expectedRows || space.db().basisT() != expectedT) {
        throw new IllegalStateException("wrong answer: the reopened space has " + rows + " rows at t "
            + space.db().basisT() + "; " + expectedRows + " rows at t " + expectedT + " were written");
      }
      replays++;
      return rows;
    }
  }

  @TearDown(Level.Trial)
  public void removeSpace() {
    BenchSpaces.deleteRecursively(dir);
    check(replays > 0, "no replay ran");
  }
}
