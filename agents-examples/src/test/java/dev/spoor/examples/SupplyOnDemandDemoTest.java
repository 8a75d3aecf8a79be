package dev.spoor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupplyOnDemandDemoTest {
  @TempDir Path tmp;

  @Test
  void everythingAskedForIsSuppliedOnceAndDeliveredByTheAsker() {
    DemoOutput run = DemoOutput.run(new SupplyOnDemandDemo(), tmp.resolve("space"));

    assertThat(run.result().failures()).as(run.out()).isEmpty();
    assertThat(run.result().checks()).hasSize(4);
    assertThat(run.out()).contains("supplier sees alice wants sku-7: supplies it", "already in the space",
        "all 4 invariants hold");
  }
}
