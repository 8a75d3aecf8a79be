package dev.spoor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkQueueDemoTest {
  @TempDir Path tmp;

  @Test
  void everyTaskIsDoneExactlyOnceAndTheDeadWorkersTaskIsRequeuedAndFinished() {
    DemoOutput run = DemoOutput.run(new WorkQueueDemo(2, 4, 3, Duration.ofMillis(10)), tmp.resolve("space"));

    assertThat(run.result().failures()).as(run.out()).isEmpty();
    assertThat(run.result().checks()).hasSize(7);
    assertThat(run.out()).contains("worker-3 claimed", "dies holding the claim", "watchdog: ", "-> back to :open",
        "reclaimed", "wakes up", "rejected", "all 7 invariants hold");
  }
}
