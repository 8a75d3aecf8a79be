package dev.spoor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchdogDemoTest {
  @TempDir Path tmp;

  @Test
  void aStalledWorkersTaskIsReassignedFinishedOnceAndItsLateResultFencedOut() {
    DemoOutput run = DemoOutput.run(new WatchdogDemo(5, 3, 1, 2, Duration.ofMillis(20), Duration.ofMillis(300)),
        tmp.resolve("space"));

    assertThat(run.result().failures()).as(run.out()).isEmpty();
    assertThat(run.result().checks()).hasSize(6);
    assertThat(run.out()).contains("worker-3 claimed", "and stalls", "watchdog: ", "-> reopened as attempt 2",
        "worker-3 wakes up", "rejected (:transact/cas-mismatch", "all 6 invariants hold");
  }
}
