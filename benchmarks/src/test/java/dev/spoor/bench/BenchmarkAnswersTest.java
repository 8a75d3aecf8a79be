package dev.spoor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.spoor.core.Keyword;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
}
