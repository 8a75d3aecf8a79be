package dev.spoor.cli;

import static dev.spoor.cli.CliTest.spoor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spoor.cli.CliTest.Result;
import dev.spoor.cli.StatsCommand.AgentState;
import dev.spoor.cli.StatsCommand.AgentStats;
import dev.spoor.cli.StatsCommand.AttributeStats;
import dev.spoor.cli.StatsCommand.Stats;
import dev.spoor.core.Keyword;
import dev.spoor.log.ValueType;
import dev.spoor.space.Agent;
import dev.spoor.space.Space;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spoor stats} and the {@link StatsCommand#stats} it shares with the REPL. */
class StatsCommandTest {
  @TempDir Path tmp;

  Path importExample() throws Exception {
    Path file = tmp.resolve("tasks.edn");
    Files.copy(Path.of("..", "examples", "tasks.edn"), file);
    Path space = tmp.resolve("space");
    assertThat(spoor("import", "--space", space.toString(), file.toString()).code()).isZero();
    return space;
  }

  @Test
  void statsCountsDatomsPerAttributeNowAndOverHistory() throws Exception {
    Path dir = importExample();
    try (Space space = Space.openReadOnly(dir)) {
      Stats stats = StatsCommand.stats(space, Instant.now());
      assertThat(stats.basisT()).isEqualTo(5);
      assertThat(stats.attributes()).contains(
          new AttributeStats(Keyword.of("task/status"), ValueType.KEYWORD, 2, 5, 3),
          new AttributeStats(Keyword.of("task/claimed-by"), ValueType.STRING, 0, 1, 1),
          new AttributeStats(Keyword.of("task/depends-on"), ValueType.REF, 1, 2, 1));
      assertThat(stats.logBytes()).isPresent();
      assertThat(stats.logBytes().getAsLong()).isPositive();
      assertThat(stats.indexRows()).isEqualTo(stats.attributes().stream().mapToLong(AttributeStats::assertions).sum());
      assertThat(stats.agents()).isEmpty();
    }
  }

  @Test
  void statsTellsPresentAgentsFromGoneOnesAndCountsTheirTransactions() throws Exception {
    Path dir = tmp.resolve("agents");
    try (Space space = Space.open(dir)) {
      space.transact("[{:db/ident :n/v :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]");
      Agent alice = space.join("alice", Duration.ofHours(1));
      alice.transact("[{:n/v 1}]");
      try (Agent bob = space.join("bob", Duration.ofHours(1))) {
        bob.transact("[{:n/v 2}]");
      }
      space.transact(java.util.List.of(java.util.Map.of(Keyword.of("n/v"), 3L)), "carol");
      Stats stats = StatsCommand.stats(space, Instant.now());
      assertThat(stats.agents()).extracting(AgentStats::name, AgentStats::state)
          .containsExactly(
              org.assertj.core.api.Assertions.tuple("alice", AgentState.PRESENT),
              org.assertj.core.api.Assertions.tuple("bob", AgentState.GONE),
              org.assertj.core.api.Assertions.tuple("carol", AgentState.NEVER_JOINED));
      assertThat(stats.agents().get(0).leaseUntil()).isPresent();
      assertThat(stats.agents().get(1).leaseUntil()).isEqualTo(Optional.empty());
      assertThat(stats.agents().get(2).transactions()).isEqualTo(1);
    }
  }

  @Test
  void statsPrintsEdnJsonCsvAndTable() throws Exception {
    Path dir = importExample();
    Result edn = spoor("stats", "--space", dir.toString());
    assertThat(edn.code()).isZero();
    assertThat(edn.out()).startsWith("{:basis-t 5, :last-instant #inst \"")
        .contains("{:attr :task/status, :type :db.type/keyword, :current 2, :assertions 5, :retractions 3}")
        .contains(":index-rows {:eavt ").endsWith(":agents []}\n");
    Result json = spoor("stats", "--space", dir.toString(), "--format", "json");
    assertThat(json.out()).startsWith("{\"basis-t\":5,")
        .contains("{\"attr\":\":task/status\",\"type\":\":db.type/keyword\",\"current\":2,\"assertions\":5,"
            + "\"retractions\":3}");
    Result csv = spoor("stats", "--space", dir.toString(), "--format", "csv");
    assertThat(csv.lines()).startsWith("section,name,metric,value", "space,,basis-t,5")
        .contains("attribute,:task/status,current,2", "attribute,:task/status,retractions,3");
    Result table = spoor("stats", "--space", dir.toString(), "--format", "table");
    assertThat(table.out()).contains("basis t ").contains(":task/status     | :db.type/keyword |");
  }
}
