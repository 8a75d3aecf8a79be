package dev.spoor.space;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spoor.core.Keyword;
import dev.spoor.log.Datom;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight agents on eight threads race to claim the same 1,000 tasks, each in its own random
 * order: every task is claimed exactly once, each loser learns the winner, and the claims the
 * space holds are exactly the wins the agents were told about.
 */
class ClaimRaceTest {
  static final int THREADS = 8;
  static final int TASKS = 1000;

  @TempDir Path dir;

  @Test
  void everyTaskIsClaimedExactlyOnceInAnInMemorySpace() throws Exception {
    try (Space space = Space.inMemory()) {
      race(space);
    }
  }

  @Test
  void everyTaskIsClaimedExactlyOnceInADirectorySpace() throws Exception {
    try (Space space = Space.open(dir)) {
      race(space);
    }
  }

  private static void race(Space space) throws Exception {
    space.transact("[{:db/ident :task/n :db/valueType :db.type/long :db/cardinality :db.cardinality/one"
        + " :db/unique :db.unique/identity}]");
    List<Object> tasks = new ArrayList<>();
    for (long n = 0; n < TASKS; n++) {
      tasks.add(Map.of(Keyword.of("task/n"), n));
    }
    space.transact(tasks);

    Map<Long, String> wins = new ConcurrentHashMap<>();
    Map<Long, Long> tokens = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<Integer>> losses = new ArrayList<>();
    for (int w = 0; w < THREADS; w++) {
      Agent agent = space.join("worker-" + w, Duration.ofMinutes(10));
      long seed = w;
      losses.add(pool.submit(() -> {
        List<Long> order = new ArrayList<>();
        for (long n = 0; n < TASKS; n++) {
          order.add(n);
        }
        Collections.shuffle(order, new Random(seed));
        start.await();
        int lost = 0;
        for (long n : order) {
          try {
            long t = agent.claim(List.of(Keyword.of("task/n"), n));
            String prior = wins.putIfAbsent(n, agent.name());
            assertThat(prior).as("task %d won twice", n).isNull();
            tokens.put(n, t);
          } catch (TransactionException.ClaimConflict e) {
            assertThat(e.winner()).isNotEqualTo(agent.name());
            lost++;
          }
        }
        return lost;
      }));
    }
    start.countDown();
    int totalLost = 0;
    for (Future<Integer> f : losses) {
      totalLost += f.get();
    }
    pool.shutdown();

    assertThat(wins).hasSize(TASKS);
    assertThat(totalLost).isEqualTo(TASKS * (THREADS - 1));
    Db db = space.db();
    Map<Long, String> claimed = new HashMap<>();
    for (Datom d : db.datoms(Index.AEVT, Keyword.of("spoor.claim/agent"))) {
      long n = (Long) db.entity(d.e()).get(Keyword.of("task/n")).orElseThrow();
      claimed.put(n, (String) db.entity(d.v()).get(Keyword.of("spoor.agent/name")).orElseThrow());
      assertThat(Db.txT(d.tx())).isEqualTo(tokens.get(n));
    }
    assertThat(claimed).isEqualTo(wins);
  }
}
