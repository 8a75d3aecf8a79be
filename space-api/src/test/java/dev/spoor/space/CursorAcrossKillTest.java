package dev.spoor.space;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spoor.log.LogEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process reading a cursor is killed with SIGKILL; the agent, rejoined by another process,
 * resumes its cursor exactly after the last acknowledged transaction: the one read but not
 * acknowledged comes again, then the rest in order, none skipped.
 */
class CursorAcrossKillTest {
  @TempDir Path dir;

  @Test
  void aCursorResumesExactlyAfterItsLastAckWhenItsProcessIsKilled() throws Exception {
    List<Long> tasks = new ArrayList<>();
    try (Space space = Space.open(dir)) {
      space.transact("[{:db/ident :task/id :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]");
      for (int i = 0; i < 40; i++) {
        tasks.add(space.transact("[{:task/id \"t" + i + "\"}]").t());
      }
    }
    List<Long> acked = new ArrayList<>();
    long unacked;
    try (ChildJvm child = ChildJvm.start(CursorReader.class, dir.toString(), "15")) {
      String line;
      while ((line = child.readLine()).startsWith("ACKED ")) {
        acked.add(Long.parseLong(line.substring(6)));
      }
      assertThat(line).startsWith("GOT ");
      unacked = Long.parseLong(line.substring(4));
      child.kill();
    }
    assertThat(acked).isEqualTo(tasks.subList(0, 15));
    assertThat(unacked).isEqualTo(tasks.get(15));

    try (Space space = Space.open(dir);
        Agent reader = space.join("reader", Duration.ofMinutes(1));
        Cursor inbox = reader.cursor("inbox", CursorFilter.namespace("task"))) {
      List<Long> rest = new ArrayList<>();
      for (Optional<LogEntry> e = inbox.poll(); e.isPresent(); e = inbox.poll()) {
        rest.add(e.get().t());
      }
      assertThat(rest).as("the unacknowledged transaction again, then the rest").isEqualTo(tasks.subList(15, tasks.size()));
    }
  }
}
