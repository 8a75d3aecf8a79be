package dev.spoor.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemosTest {
  @TempDir Path tmp;

  @Test
  void demosAreFoundByName() {
    assertThat(Demos.all()).extracting(Demo::name)
        .containsExactly("work-queue", "service-registry", "supply-on-demand", "pheromones", "watchdog",
            "recommendations");
    assertThat(Demos.named("work-queue")).containsInstanceOf(WorkQueueDemo.class);
    assertThat(Demos.named("nope")).isEmpty();
  }

  @Test
  void aDemoRefusesADirectoryThatIsNotEmpty() throws Exception {
    Files.writeString(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> DemoOutput.run(new SupplyOnDemandDemo(), tmp))
        .isInstanceOf(DemoException.class)
        .hasMessage(tmp + " is not empty; a demo writes a new space, so give it a new or empty directory"
            + " (or leave --space out for a fresh temporary one)");
  }
}
