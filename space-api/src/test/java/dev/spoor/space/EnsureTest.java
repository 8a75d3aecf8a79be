package dev.spoor.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spoor.core.Keyword;
import dev.spoor.datalog.QueryException;
import dev.spoor.log.Datom;
import dev.spoor.query.Index;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code [:spoor/ensure QUERY ARG...]} and {@code [:spoor/ensure-none QUERY ARG...]} preconditions. */
class EnsureTest {
  private Space space;

  @BeforeEach
  void schema() {
    space = Space.inMemory();
    space.transact("""
        [{:db/ident :seat/id :db/valueType :db.type/long :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}
         {:db/ident :booking/seat :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :booking/by :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]""");
    space.transact("[{:seat/id 1} {:seat/id 2} {:seat/id 3}]");
  }

  @Test
  void aTransactionWhoseEnsureQueryHasAResultCommits() {
    TxReport r = space.transact("""
        [[:spoor/ensure [:find ?s :in $ ?n :where [?s :seat/id ?n]] 2]
         {:booking/seat 2 :booking/by "ann"}]""");
    assertThat(r.dbAfter().datomList(Index.AEVT, Keyword.of("booking/by"))).extracting(Datom::v).containsExactly("ann");
  }

  @Test
  void aTransactionWhoseEnsureQueryHasNoResultIsRejectedWhole() {
    long before = space.db().basisT();
    assertThatThrownBy(() -> space.transact("""
        [{:booking/seat 7 :booking/by "ann"}
         [:spoor/ensure [:find ?s :in $ ?n :where [?s :seat/id ?n]] 7]]"""))
        .isInstanceOf(TransactionException.EnsureFailed.class)
        .hasMessage("tx data item 1: :spoor/ensure failed at t 2: it has no result; the query:"
            + " [:find ?s :in $ ?n :where [?s :seat/id ?n]]")
        .satisfies(e -> assertThat(((TransactionException.EnsureFailed) e).basisT()).isEqualTo(2));
    assertThat(space.db().basisT()).isEqualTo(before);
  }

  @Test
  void ensureNoneRejectsWhenTheQueryFindsSomethingAndNamesTheFirstRow() {
    space.transact("[{:booking/seat 1 :booking/by \"ann\"}]");
    assertThatThrownBy(() -> space.transact("""
        [[:spoor/ensure-none [:find ?who :in $ ?n :where [?b :booking/seat ?n] [?b :booking/by ?who]] 1]
         {:booking/seat 1 :booking/by "bob"}]"""))
        .isInstanceOf(TransactionException.EnsureFailed.class)
        .hasMessage("tx data item 0: :spoor/ensure-none failed at t 3: it has 1 result, the first [\"ann\"]; the query:"
            + " [:find ?who :in $ ?n :where [?b :booking/seat ?n] [?b :booking/by ?who]]");
  }

  @Test
  void ensureQueriesMayUsePredicatesAndFunctionsWrittenAsLists() {
    TxReport r = space.transact("""
        [[:spoor/ensure-none [:find ?s :where [?s :seat/id ?n] [(> ?n 3)]]]
         {:seat/id 3}]""");
    assertThat(r.t()).isEqualTo(3);
    assertThatThrownBy(() -> space.transact("[[:spoor/ensure [:find ?s . :where [?s :seat/id ?n] [(> ?n 3)]]]]"))
        .isInstanceOf(TransactionException.EnsureFailed.class);
  }

  @Test
  void theJavaFormTakesTheQueryAsText() {
    TxReport r = space.transact(List.of(
        List.of(Keyword.of("spoor/ensure"), "[:find ?s :in $ ?n :where [?s :seat/id ?n]]", 1L),
        Map.of(Keyword.of("booking/seat"), 1L)));
    assertThat(r.txData()).hasSize(2);
  }

  @Test
  void aBadEnsureQueryIsAQueryErrorWithItsPosition() {
    assertThatThrownBy(() -> space.transact("[[:spoor/ensure [:find ?x :where [?s :seat/id ?n]]]]"))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("?x");
    assertThatThrownBy(() -> space.transact("[[:spoor/ensure]]"))
        .isInstanceOf(TransactionException.Invalid.class)
        .hasMessage("tx data item 0: :spoor/ensure takes a query and its inputs besides $:"
            + " [:spoor/ensure [:find ... :where ...] arg ...]");
  }

  @Test
  void concurrentBookingsGuardedByEnsureNoneBookEachSeatExactlyOnce() throws Exception {
    List<Thread> threads = new ArrayList<>();
    AtomicInteger won = new AtomicInteger();
    for (int w = 0; w < 8; w++) {
      String who = "w" + w;
      Thread t = new Thread(() -> {
        for (long seat = 1; seat <= 3; seat++) {
          try {
            space.transact(List.of(
                List.of(Keyword.of("spoor/ensure-none"), "[:find ?b :in $ ?n :where [?b :booking/seat ?n]]", seat),
                Map.of(Keyword.of("booking/seat"), seat, Keyword.of("booking/by"), who)));
            won.incrementAndGet();
          } catch (TransactionException.EnsureFailed taken) {
            // someone booked it first
          }
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(won.get()).isEqualTo(3);
    assertThat(space.db().datomList(Index.AEVT, Keyword.of("booking/seat"))).extracting(Datom::v)
        .containsExactlyInAnyOrder(1L, 2L, 3L);
  }
}
