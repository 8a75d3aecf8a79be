package dev.spoor.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spoor.core.Keyword;
import dev.spoor.log.Datom;
import dev.spoor.log.LogEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The evaluator's unordered scans see exactly the datoms the ordered ones do, on every kind of
 * view, ranges included.
 */
class UnorderedScanTest {
  private static final long N = 1000;
  private static final long E0 = (4L << 42) + 1;

  /** t1 installs :n/v (long); t2 asserts 1..100; t3 retracts the multiples of 3; t4 asserts 101..130 and re-asserts 3. */
  private static Db db() {
    Indexer indexer = new Indexer();
    Db boot = indexer.db();
    long tx1 = Db.txEntity(1);
    indexer.apply(new LogEntry(1, Instant.ofEpochSecond(1), "", 0, List.of(
        new Datom(N, 1, Keyword.of("n/v"), tx1, true),
        new Datom(N, 2, boot.entid(Keyword.of("db.type/long")).orElseThrow(), tx1, true),
        new Datom(N, 3, boot.entid(Keyword.of("db.cardinality/many")).orElseThrow(), tx1, true))));
    List<Datom> t2 = new ArrayList<>();
    for (long v = 1; v <= 100; v++) {
      t2.add(new Datom(E0 + v % 7, N, v, Db.txEntity(2), true));
    }
    indexer.apply(new LogEntry(2, Instant.ofEpochSecond(2), "", 1, t2));
    List<Datom> t3 = new ArrayList<>();
    for (long v = 3; v <= 100; v += 3) {
      t3.add(new Datom(E0 + v % 7, N, v, Db.txEntity(3), false));
    }
    indexer.apply(new LogEntry(3, Instant.ofEpochSecond(3), "", 2, t3));
    List<Datom> t4 = new ArrayList<>();
    for (long v = 101; v <= 130; v++) {
      t4.add(new Datom(E0 + v % 7, N, v, Db.txEntity(4), true));
    }
    t4.add(new Datom(E0 + 3, N, 3L, Db.txEntity(4), true));
    return indexer.apply(new LogEntry(4, Instant.ofEpochSecond(4), "", 3, t4));
  }

  private static List<Db> views(Db db) {
    return List.of(db, db.asOf(2), db.asOf(3), db.since(2), db.since(3), db.history(), db.asOf(3).history(),
        db.since(2).history());
  }

  private static Set<Datom> set(Iterable<Datom> datoms) {
    Set<Datom> out = new HashSet<>();
    datoms.forEach(out::add);
    return out;
  }

  @Test
  void anUnorderedScanSeesWhatTheOrderedOneSees() {
    for (Db view : views(db())) {
      for (Index index : List.of(Index.EAVT, Index.AEVT, Index.AVET)) {
        assertThat(set(view.scan(index))).as("%s %s", view, index).isEqualTo(set(view.datoms(index)));
      }
      assertThat(set(view.scan(Index.AVET, N))).as("%s", view).isEqualTo(set(view.datoms(Index.AVET, N)));
      assertThat(set(view.scan(Index.EAVT, E0 + 3))).as("%s", view).isEqualTo(set(view.datoms(Index.EAVT, E0 + 3)));
    }
  }

  @Test
  void anUnorderedRangeSeesTheValuesBetweenItsBoundsInclusive() {
    for (Db view : views(db())) {
      Set<Datom> expected = set(view.datoms(Index.AVET, N)).stream()
          .filter(d -> (Long) d.v() >= 9 && (Long) d.v() <= 105).collect(Collectors.toSet());
      assertThat(set(view.scanRange(Index.AVET, new Object[] {N, 9L}, new Object[] {N, 105L}))).as("%s", view)
          .isEqualTo(expected);
      assertThat(set(view.scanRange(Index.AVET, new Object[] {N}, new Object[] {N})))
          .isEqualTo(set(view.datoms(Index.AVET, N)));
    }
  }
}
