package dev.spoor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PheromonesDemoTest {
  @TempDir Path tmp;

  @Test
  void antsFindFoodAndConvergeOnATrailThatEvaporatesBehindThem() {
    DemoOutput run = DemoOutput.run(new PheromonesDemo(8, 6, 5, 80, 7), tmp.resolve("space"));

    assertThat(run.result().failures()).as(run.out()).isEmpty();
    assertThat(run.result().checks()).hasSize(5);
    assertThat(run.out()).contains("is the first to find food", "following the strongest trail from the nest",
        "all 5 invariants hold");
  }
}
