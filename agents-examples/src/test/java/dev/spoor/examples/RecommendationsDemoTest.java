package dev.spoor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommendationsDemoTest {
  @TempDir Path tmp;

  @Test
  void insightsAreJustifiedRankedAndWithdrawnWhenTheUserRatesTheItem() {
    DemoOutput run = DemoOutput.run(new RecommendationsDemo(6, 4, 6, 11), tmp.resolve("space"));

    assertThat(run.result().failures()).as(run.out()).isEmpty();
    assertThat(run.result().checks()).hasSize(4);
    assertThat(run.out()).contains("wave 1: 36 ratings", "top for ana", "tried the item ranked first for them",
        "all 4 invariants hold");
  }
}
