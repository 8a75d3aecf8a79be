package dev.spoor.bench;

import static dev.spoor.bench.BenchSpaces.DB_ID;
import static dev.spoor.bench.BenchSpaces.check;

import dev.spoor.core.Keyword;
import dev.spoor.query.Db;
import dev.spoor.space.Space;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Heap bytes per datom of a loaded space, across the columns and all four indexes. Not a JMH
 * benchmark: it loads about 1,000,000 datoms into a Chronicle-backed space (the log itself is
 * memory-mapped, off the heap) and prints, for each mix of values,
 *
 * <ul>
 *   <li>{@code db.retainedBytes() / rows}: the engine's own estimate, and
 *   <li>the measured heap growth per row: used heap (MemoryMXBean, after {@code System.gc()})
 *       with the space open, minus the same before it was opened; each sample is the median of
 *       several collections, and the figure is the median over several fresh loads.
 * </ul>
 *
 * <p>A "datom" here is an index row: every assertion, including those a later transaction
 * retracted and each transaction's {@code :db/txInstant}.
 *
 * <p>Two mixes: {@code realistic} (people: string names, long ages, keyword statuses, two refs
 * to friends, instants, doubles, booleans, in transactions of 100 entities, and every fifth
 * transaction changes 100 statuses) and {@code inline} (sensor readings of longs, refs and
 * instants only, which the columns hold without a boxed object).
 *
 * <pre>
 * mvn -q package -pl benchmarks
 * java -Xmx4g --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED \
 *   --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED -Dchronicle.analytics.disable=true \
 *   -cp benchmarks/target/benchmarks.jar dev.spoor.bench.MemoryFootprint [datoms] [rounds]
 * </pre>
 */
public final class MemoryFootprint {
  private static final int TARGET_BELOW_BYTES = 48;

  private static final String SCHEMA = """
      [{:db/ident :person/name   :db/valueType :db.type/string  :db/cardinality :db.cardinality/one}
       {:db/ident :person/age    :db/valueType :db.type/long    :db/cardinality :db.cardinality/one}
       {:db/ident :person/status :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one}
       {:db/ident :person/friend :db/valueType :db.type/ref     :db/cardinality :db.cardinality/many}
       {:db/ident :person/joined :db/valueType :db.type/instant :db/cardinality :db.cardinality/one}
       {:db/ident :person/score  :db/valueType :db.type/double  :db/cardinality :db.cardinality/one}
       {:db/ident :person/active :db/valueType :db.type/boolean :db/cardinality :db.cardinality/one}
       {:db/ident :reading/sensor :db/valueType :db.type/ref     :db/cardinality :db.cardinality/one}
       {:db/ident :reading/seq    :db/valueType :db.type/long    :db/cardinality :db.cardinality/one}
       {:db/ident :reading/value  :db/valueType :db.type/long    :db/cardinality :db.cardinality/one}
       {:db/ident :reading/at     :db/valueType :db.type/instant :db/cardinality :db.cardinality/one}]""";

  private static final Keyword NAME = Keyword.of("person/name");
  private static final Keyword AGE = Keyword.of("person/age");
  private static final Keyword STATUS = Keyword.of("person/status");
  private static final Keyword FRIEND = Keyword.of("person/friend");
  private static final Keyword JOINED = Keyword.of("person/joined");
  private static final Keyword SCORE = Keyword.of("person/score");
  private static final Keyword ACTIVE = Keyword.of("person/active");
  private static final Keyword SENSOR = Keyword.of("reading/sensor");
  private static final Keyword SEQ = Keyword.of("reading/seq");
  private static final Keyword VALUE = Keyword.of("reading/value");
  private static final Keyword AT = Keyword.of("reading/at");
  private static final Keyword DB_ADD = Keyword.of("db/add");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private MemoryFootprint() {}

  /** What one load measured. */
  record Load(int rows, long retainedBytes, long heapBytes) {}

  /**
   * A way of filling a space: one transaction per call, until the space has enough rows. A mix
   * allocates whatever it remembers before the first measurement, so its own arrays do not
   * count as the space's.
   */
  interface Mix {
    void transactNext(Space space, int n);
  }

  public static void main(String[] args) throws InterruptedException {
    int datoms = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    System.out.printf("MemoryFootprint: %,d datoms per load, %d loads per mix, max heap %,d MB%n", datoms, rounds,
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf("%-10s %10s %16s %16s %12s %12s%n", "mix", "rows", "retained B", "heap B (median)",
        "retained/row", "heap/row");
    boolean met = true;
    for (String mix : List.of("realistic", "inline")) {
      met &= report(mix, () -> mix.equals("realistic") ? new People(datoms) : new Readings(), datoms, rounds);
    }
    System.out.println(met ? "target (< " + TARGET_BELOW_BYTES + " B/datom) met by every mix"
        : "target (< " + TARGET_BELOW_BYTES + " B/datom) missed");
  }

  private static boolean report(String name, Supplier<Mix> mixes, int datoms, int rounds) throws InterruptedException {
    long[] heap = new long[rounds];
    Load last = null;
    for (int r = 0; r < rounds; r++) {
      last = load(mixes.get(), datoms);
      heap[r] = last.heapBytes();
    }
    Arrays.sort(heap);
    long medianHeap = heap[rounds / 2];
    double retainedPerRow = (double) last.retainedBytes() / last.rows();
    double heapPerRow = (double) medianHeap / last.rows();
    System.out.printf("%-10s %,10d %,16d %,16d %12.1f %12.1f   (heap per load: %s)%n", name, last.rows(),
        last.retainedBytes(), medianHeap, retainedPerRow, heapPerRow, Arrays.toString(heap));
    return heapPerRow < TARGET_BELOW_BYTES && retainedPerRow < TARGET_BELOW_BYTES;
  }

  /** Loads a fresh space to {@code datoms} rows and measures what it holds. */
  private static Load load(Mix mix, int datoms) throws InterruptedException {
    Path dir = BenchSpaces.tempDir("spoor-footprint-");
    try {
      long before = usedHeapAfterGc();
      Space space = Space.open(dir);
      space.transact(SCHEMA);
      for (int n = 0; space.db().rowCount() < datoms; n++) {
        mix.transactNext(space, n);
      }
      Db db = space.db();
      long after = usedHeapAfterGc();
      Load load = new Load(db.rowCount(), db.retainedBytes(), after - before);
      check(load.rows() >= datoms, "the load stopped at " + load.rows() + " rows");
      Reference.reachabilityFence(db);
      space.close();
      return load;
    } finally {
      BenchSpaces.deleteRecursively(dir);
    }
  }

  /**
   * Transactions of 100 people (eight datoms each: name, age, status, two friends, joined,
   * score, active); every fifth transaction instead moves 100 existing people to another
   * status (a cardinality-one replacement: one new row, and the old row retracted).
   */
  static final class People implements Mix {
    private static final int PER_TX = 100;
    private final long[] ids;
    private int created;

    People(int datoms) {
      ids = new long[datoms / 8 + PER_TX];
    }

    @Override
    public void transactNext(Space space, int n) {
      List<Object> tx = new ArrayList<>(PER_TX * 3);
      if (n % 5 == 4) {
        for (int j = 0; j < PER_TX; j++) {
          long person = ids[(int) (((long) n * 7919 + j * 31L) % created)];
          tx.add(List.of(DB_ADD, person, STATUS, BenchSpaces.KINDS.get((n + j) % BenchSpaces.KINDS.size())));
        }
        space.transact(tx);
        return;
      }
      for (int j = 0; j < PER_TX; j++) {
        long p = created + j;
        String self = "p" + j;
        tx.add(Map.of(DB_ID, self, NAME, "Person " + p, AGE, 18 + p % 70,
            STATUS, BenchSpaces.KINDS.get((int) (p % BenchSpaces.KINDS.size())),
            JOINED, T0.plusSeconds(p), SCORE, (p % 1000) / 10.0, ACTIVE, p % 3 != 0));
        tx.add(List.of(DB_ADD, self, FRIEND, "p" + ((j + PER_TX - 1) % PER_TX)));
        tx.add(List.of(DB_ADD, self, FRIEND, "p" + ((j * 37 + 11) % PER_TX)));
      }
      Map<String, Long> tempids = space.transact(tx).tempids();
      for (int j = 0; j < PER_TX; j++) {
        ids[created++] = tempids.get("p" + j);
      }
    }
  }

  /** Transactions of 250 sensor readings (four inline datoms each) from 16 sensors. */
  static final class Readings implements Mix {
    private static final int PER_TX = 250;
    private final long[] sensors = new long[16];

    @Override
    public void transactNext(Space space, int n) {
      if (n == 0) {
        List<Object> tx = new ArrayList<>();
        for (int s = 0; s < sensors.length; s++) {
          tx.add(List.of(DB_ADD, "s" + s, SEQ, (long) -s));
        }
        Map<String, Long> tempids = space.transact(tx).tempids();
        for (int s = 0; s < sensors.length; s++) {
          sensors[s] = tempids.get("s" + s);
        }
        return;
      }
      List<Object> tx = new ArrayList<>(PER_TX);
      for (int j = 0; j < PER_TX; j++) {
        long seq = (long) n * PER_TX + j;
        tx.add(Map.of(DB_ID, "r" + j, SENSOR, sensors[(int) (seq % sensors.length)], SEQ, seq,
            VALUE, seq * 13 % 1_000, AT, T0.plusMillis(seq)));
      }
      space.transact(tx);
    }
  }

  /** Used heap after a full collection: the median of five collections. */
  static long usedHeapAfterGc() throws InterruptedException {
    long[] samples = new long[5];
    for (int i = 0; i < samples.length; i++) {
      System.gc();
      Thread.sleep(50);
      samples[i] = MEMORY.getHeapMemoryUsage().getUsed();
    }
    Arrays.sort(samples);
    return samples[samples.length / 2];
  }
}
