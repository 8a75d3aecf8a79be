package dev.spoor.cli;

import static dev.spoor.cli.CliTest.spoor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spoor.cli.CliTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spoor demo} through the command's entry point. */
class DemoCommandTest {
  @TempDir Path tmp;

  @Test
  void workQueueRunsChecksItsInvariantsAndLeavesTheSpaceToQuery() {
    Path space = tmp.resolve("space");
    Result r = spoor("demo", "work-queue", "--space", space.toString());

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.lines().get(0)).isEqualTo("space: " + space);
    assertThat(r.out()).contains("dies holding the claim", "watchdog: ", "all 7 invariants hold",
        "spoor query --space " + space + " --history");

    Result done = spoor("query", "--space", space.toString(),
        "[:find (count ?t) . :where [?t :task/status :done]]");
    assertThat(done.code()).isZero();
    assertThat(done.out().trim()).isEqualTo("20");
  }

  @Test
  void listNamesEveryDemo() {
    Result r = spoor("demo", "--list");
    assertThat(r.code()).isZero();
    assertThat(r.lines()).extracting(l -> l.split(" ")[0])
        .containsExactly("work-queue", "service-registry", "supply-on-demand", "pheromones", "watchdog",
            "recommendations");
  }

  @Test
  void anUnknownDemoIsAUserErrorThatNamesTheDemos() {
    Result r = spoor("demo", "nope");
    assertThat(r.code()).isEqualTo(Spoor.USER_ERROR);
    assertThat(r.err()).isEqualTo("spoor demo: no demo is called \"nope\"; the demos are work-queue,"
        + " service-registry, supply-on-demand, pheromones, watchdog, recommendations\n");
  }

  @Test
  void aSpaceDirectoryThatIsNotEmptyIsRefused() throws Exception {
    Path space = Files.createDirectories(tmp.resolve("used"));
    Files.writeString(space.resolve("something"), "x");
    Result r = spoor("demo", "work-queue", "--space", space.toString());
    assertThat(r.code()).isEqualTo(Spoor.USER_ERROR);
    assertThat(r.err()).contains(space + " is not empty");
  }
}
