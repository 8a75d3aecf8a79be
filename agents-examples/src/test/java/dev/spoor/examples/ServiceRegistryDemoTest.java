package dev.spoor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceRegistryDemoTest {
  @TempDir Path tmp;

  @Test
  void theRoutersTableEndsAsTheRoutesOfTheLiveServices() {
    DemoOutput run = DemoOutput.run(new ServiceRegistryDemo(), tmp.resolve("space"));

    assertThat(run.result().failures()).as(run.out()).isEmpty();
    assertThat(run.result().checks()).hasSize(7);
    assertThat(run.out()).contains("users-1 is killed", "/users -> users-2  /users/login -> users-2",
        "all 7 invariants hold");
  }
}
