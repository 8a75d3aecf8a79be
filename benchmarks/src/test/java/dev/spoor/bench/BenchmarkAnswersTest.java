package dev.spoor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.spoor.core.Keyword;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Each benchmark, driven by hand for a few invocations outside JMH, passes its own answer
 * check, and the check fails when the space holds something the benchmark did not write.
 * Nothing here measures time: performance lives in the JMH runs (docs/benchmarks.md).
 */
class BenchmarkAnswersTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void transactBenchmarkPassesItsCheck(Backend backend) {
    TransactBenchmark bench = new TransactBenchmark();
    bench.backend = backend;
    bench.openSpace();
    for (int i = 0; i < 100; i++) {
      bench.newEntity();
      bench.updateOne();
    }
    assertThatNoException().isThrownBy(bench::checkAndClose);
  }

  @Test
  void transactBenchmarkCheckCatchesAnUnexpectedDatom() {
    TransactBenchmark bench = new TransactBenchmark();
    bench.backend = Backend.MEMORY;
    bench.openSpace();
    bench.newEntity();
    bench.space.transact(List.of(List.of(Keyword.of("db/add"), "stray", BenchSpaces.COUNTER_N, 42L)));

    assertThatThrownBy(bench::checkAndClose)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("wrong answer: expected");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void bulkImportBenchmarkPassesItsCheck(Backend backend) {
    BulkImportBenchmark bench = new BulkImportBenchmark();
    bench.backend = backend;
    bench.openSpace();
    for (int i = 0; i < 10; i++) {
      assertThat(bench.import1000Entities().txData()).hasSize(BulkImportBenchmark.DATOMS + 1);
    }
    assertThatNoException().isThrownBy(bench::checkAndClose);
  }

  @Test
  void replayBenchmarkReopensTheSpaceItWrote() {
    ReplayBenchmark bench = new ReplayBenchmark();
    bench.entitiesPerTx = 1000;
    bench.writeSpace();
    try {
      assertThat(bench.reopen()).isGreaterThan(ReplayBenchmark.DATOMS);
    } finally {
      bench.removeSpace();
    }
  }

  @Test
  void memoryFootprintLoadsAndReports() throws InterruptedException {
    assertThatNoException().isThrownBy(() -> MemoryFootprint.main(new String[] {"20000", "1"}));
  }

  /**
   * Every query of {@link QueryBenchmark}, on a smaller data set (1,000 people, a 200-person
   * wide graph): Spoor and Datomic agree on the answer sizes in setup, and each benchmark
   * method runs its own query and passes the per-iteration check.
   */
  @ParameterizedTest
  @EnumSource(QuerySystem.class)
  void queryBenchmarkAgreesWithDatomicAndPassesItsCheck(QuerySystem system) throws Exception {
    QueryBenchmark bench = smallQueryBenchmark(system);
    try {
      bench.load(EnumSet.allOf(QueryBenchmark.Q.class));
      int methods = 0;
      for (Method m : QueryBenchmark.class.getMethods()) {
        if (m.isAnnotationPresent(Benchmark.class)) {
          assertThat(m.invoke(bench)).isNotNull();
          assertThatNoException().as(m.getName()).isThrownBy(bench::checkAnswer);
          assertThat(bench.lastQuery()).as(m.getName()).isEqualTo(QueryBenchmark.queryOf(m.getName()));
          methods++;
        }
      }
      assertThat(methods).isEqualTo(QueryBenchmark.Q.values().length);
      assertThat(bench.expectedSizes.get(QueryBenchmark.Q.HISTORY)).isEqualTo(3);
    } finally {
      bench.release();
    }
  }

  @Test
  void queryBenchmarkCheckCatchesAWrongCount() throws Exception {
    QueryBenchmark bench = smallQueryBenchmark(QuerySystem.SPOOR);
    try {
      bench.load(EnumSet.of(QueryBenchmark.Q.JOIN2_NON_UNIQUE));
      bench.join2NonUnique();
      bench.expectedSizes.merge(QueryBenchmark.Q.JOIN2_NON_UNIQUE, 1, Integer::sum);

      assertThatThrownBy(bench::checkAnswer)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("wrong answer: JOIN2_NON_UNIQUE on SPOOR returned");
    } finally {
      bench.release();
    }
  }

  private static QueryBenchmark smallQueryBenchmark(QuerySystem system) {
    QueryBenchmark bench = new QueryBenchmark();
    bench.system = system;
    bench.people = 1_000;
    bench.widePeople = 200;
    return bench;
  }
}
