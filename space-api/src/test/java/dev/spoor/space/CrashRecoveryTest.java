package dev.spoor.space;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spoor.core.Keyword;
import dev.spoor.log.Datom;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import dev.spoor.query.Indexer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real writer JVM with SIGKILL at random moments, many times over one space, and
 * checks after each reopen that every acknowledged transaction is there, that no partial
 * transaction is visible, and that the four indexes agree with each other and with a fresh
 * replay of the log.
 */
class CrashRecoveryTest {
  private static final int KILLS = 12;

  @TempDir Path dir;

  @Test
  void killedWritersLoseNoAcknowledgedTransactionAndLeaveNoPartialOne() throws Exception {
    Random random = new Random(42);
    long lastAckedT = 0;
    for (int round = 0; round < KILLS; round++) {
      ChildJvm writer = ChildJvm.start(CrashWriter.class, dir.toString());
      long killAfter = 20 + random.nextInt(400);
      long acked = 0;
      String line;
      while (acked < killAfter && (line = writer.readLine()) != null) {
        lastAckedT = Long.parseLong(line.split(" ")[0]);
        acked++;
      }
      assertThat(acked).as("writer output in round %d", round).isEqualTo(killAfter);
      writer.kill();

      try (Space space = Space.open(dir)) {
        Db db = space.db();
        assertThat(db.basisT()).as("round %d", round).isGreaterThanOrEqualTo(lastAckedT);
        checkChain(db);
        checkIndexesAgree(db);
        checkEqualsFreshReplay(space, db);
      }
    }
  }

  @Test
  void aProcessKeepsWritingWhileAnotherWriterIsKilledAtRandomMoments() throws Exception {
    Random random = new Random(7);
    try (Space survivor = Space.open(dir)) {
      survivor.transact("[{:db/ident :probe/n :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]");
      for (int round = 0; round < KILLS / 2; round++) {
        ChildJvm writer = ChildJvm.start(CrashWriter.class, dir.toString());
        long killAfter = 20 + random.nextInt(400);
        long lastAckedT = 0;
        for (long acked = 0; acked < killAfter; acked++) {
          survivor.transact(List.of(List.of(Keyword.of("db/add"), "p", Keyword.of("probe/n"), (long) round)));
          String line = writer.readLine();
          assertThat(line).as("writer output in round %d", round).isNotNull();
          lastAckedT = Long.parseLong(line.split(" ")[0]);
        }
        writer.kill();
        TxReport after = survivor.transact(List.of(List.of(Keyword.of("db/add"), "p", Keyword.of("probe/n"), -1L)));
        Db db = after.dbAfter();
        assertThat(db.basisT()).as("round %d", round).isGreaterThan(lastAckedT);
        checkChain(db);
        checkIndexesAgree(db);
        checkEqualsFreshReplay(survivor, db);
      }
      assertThat(survivor.db().datomList(Index.AEVT, Keyword.of("probe/n"))).isNotEmpty();
    }
  }

  /** Every item is there, each committed with its link: a transaction is whole or absent. */
  private static void checkChain(Db db) {
    List<Datom> items = db.datomList(Index.AEVT, Keyword.of("item/n"));
    Set<Long> numbers = items.stream().map(d -> (Long) d.v()).collect(Collectors.toSet());
    long max = numbers.stream().mapToLong(Long::longValue).max().orElse(-1);
    for (long n = -1; n <= max; n++) {
      assertThat(numbers).contains(n);
    }
    assertThat(db.datomList(Index.AEVT, Keyword.of("item/next"))).hasSize((int) max);
    assertThat(db.datomList(Index.AEVT, Keyword.of("item/payload"))).hasSize((int) max + 1);
  }

  private static void checkIndexesAgree(Db db) {
    Set<Datom> eavt = new HashSet<>(db.history().datomList(Index.EAVT));
    assertThat(new HashSet<>(db.history().datomList(Index.AEVT))).isEqualTo(eavt);
    assertThat(new HashSet<>(db.history().datomList(Index.AVET))).isEqualTo(eavt);
    Set<Datom> refs = eavt.stream().filter(d -> db.attribute(d.a()).isRef()).collect(Collectors.toSet());
    assertThat(new HashSet<>(db.history().datomList(Index.VAET))).isEqualTo(refs);
  }

  private static void checkEqualsFreshReplay(Space space, Db db) {
    Indexer fresh = new Indexer();
    space.readLog(1, Long.MAX_VALUE, fresh::apply);
    for (Index index : Index.values()) {
      assertThat(fresh.db().history().datomList(index)).isEqualTo(db.history().datomList(index));
    }
  }
}
