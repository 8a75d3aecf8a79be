package dev.spoor.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spoor.core.Keyword;
import dev.spoor.log.Datom;
import dev.spoor.log.LogEntry;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents in another JVM process that dies by SIGKILL: the process's agent-lifetime facts are
 * retracted by the processes that remain once its lease lapses, and its agent's name is
 * refused to others while the process runs but free once it is dead.
 */
class AgentProcessDeathTest {
  private static final Keyword PRESENCE = Keyword.of("presence/of");

  @TempDir Path dir;

  @BeforeEach
  void schema() {
    try (Space space = Space.open(dir)) {
      space.join("setup", Duration.ofMillis(1)); // installs the agent schema
      space.transact("""
          [{:db/ident :presence/of :db/valueType :db.type/string :db/cardinality :db.cardinality/one
            :spoor/lifetime :spoor.lifetime/agent}]""");
    }
  }

  private static List<Datom> presence(Db db) {
    return db.datomList(Index.AEVT, PRESENCE);
  }

  @Test
  void aKilledProcessesFactsAreRetractedByTheOthersWithinItsLease() throws Exception {
    long leaseMs = 1_500;
    try (Space space = Space.open(dir, Space.Options.defaults().withLeaseCheckInterval(Duration.ofMillis(100)));
        ChildJvm holder = ChildJvm.start(LeaseHolder.class, dir.toString(), "holder", String.valueOf(leaseMs))) {
      String[] ready = holder.readLine().split(" ");
      long agentId = Long.parseLong(ready[1]);
      Agent watcher = space.join("watcher", Duration.ofMinutes(1));
      assertThat(presence(space.sync())).extracting(Datom::v).containsExactly("holder");
      assertThatThrownBy(() -> space.join("holder", Duration.ofMinutes(1)))
          .isInstanceOf(SpaceException.class)
          .hasMessageStartingWith("agent \"holder\" is present in another session (process " + holder.pid() + " on host ");

      holder.kill();
      long killedAt = System.nanoTime();
      while (!presence(space.db()).isEmpty() && System.nanoTime() - killedAt < 30_000_000_000L) {
        Thread.sleep(10);
      }
      long tookMs = (System.nanoTime() - killedAt) / 1_000_000;
      assertThat(presence(space.db())).as("presence %d ms after the kill", tookMs).isEmpty();
      // Not a timing assertion on speed: the facts must not outlive the lease by more than the
      // lease check interval and scheduling slack, or the lease means nothing.
      assertThat(tookMs).isLessThan(leaseMs + 5_000);
      LogEntry departure = lastEntry(space);
      Db db = space.db();
      assertThat(departure.datoms()).anyMatch(d -> d.a() == db.attribute(AgentSchema.TX_DEPARTED).id()
          && d.v().equals(agentId));
      assertThat(departure.datoms()).anyMatch(d -> d.a() == db.attribute(AgentSchema.TX_CAUSE).id()
          && d.v().equals(db.entid(AgentSchema.CAUSE_LEASE_EXPIRED).getAsLong()));
      assertThat(presence(db.history())).extracting(Datom::added).containsExactly(true, false);
      assertThat(watcher.isPresent()).isTrue();
    }
  }

  @Test
  void theNameOfAnAgentWhoseProcessDiedCanBeTakenOverAtOnce() throws Exception {
    try (Space space = Space.open(dir);
        ChildJvm holder = ChildJvm.start(LeaseHolder.class, dir.toString(), "holder", "600000")) {
      long agentId = Long.parseLong(holder.readLine().split(" ")[1]);
      holder.kill();
      Agent again = space.join("holder", Duration.ofMinutes(1));
      assertThat(again.id()).isEqualTo(agentId);
      assertThat(presence(space.db())).extracting(Datom::v).containsExactly("holder");
    }
  }

  private static LogEntry lastEntry(Space space) {
    long t = space.db().basisT();
    return space.logEntries(t, t).get(0);
  }
}
