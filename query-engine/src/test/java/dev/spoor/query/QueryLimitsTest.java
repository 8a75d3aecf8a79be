package dev.spoor.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A join that would produce hundreds of millions of rows stops midway, by its row budget or by
 * cancellation, instead of exhausting the heap.
 */
class QueryLimitsTest {
  private static final int NODES = 20_000;
  /** Every node points at node 0: the self-join on the hub has NODES² = 400 million rows. */
  private static final String HUB_PAIRS = "[:find ?a ?b :where [?a :node/next ?h] [?b :node/next ?h]]";

  private static Db hub() {
    List<String> names = new ArrayList<>();
    int[][] next = new int[NODES][];
    for (int i = 0; i < NODES; i++) {
      names.add("n" + i);
      next[i] = new int[] {i, 0};
    }
    return Graphs.graph(names, next, new int[0][]);
  }

  @Test
  void aJoinPastTheRowBudgetStopsMidwayWithAClearError() {
    assertThatThrownBy(() -> Datalog.builtIns().withMaxRows(1_000_000).q(HUB_PAIRS, hub()))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessage("the query produced more than 1000000 intermediate rows and was stopped; narrow it (bind more"
            + " variables, add clauses) or raise the limit");
  }

  @Test
  void interruptingTheThreadCancelsAJoinMidway() throws Exception {
    Db db = hub();
    java.util.concurrent.atomic.AtomicReference<Throwable> ended = new java.util.concurrent.atomic.AtomicReference<>();
    Thread running = new Thread(() -> {
      try {
        Datalog.builtIns().withMaxRows(Long.MAX_VALUE).q(HUB_PAIRS, db);
      } catch (Throwable t) {
        ended.set(t);
      }
    });
    running.start();
    Thread.sleep(200);
    running.interrupt();
    // Liveness, not speed: without a check inside the join it would run until the heap is gone.
    running.join(60_000);
    assertThat(running.isAlive()).isFalse();
    assertThat(ended.get()).isInstanceOf(QueryExecutionException.class).hasMessage("the query was cancelled");
  }
}
