package dev.spoor.space;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spoor.core.Keyword;
import dev.spoor.log.LogEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cursor of a directory space survives closing and reopening the space: the rejoined agent's
 * cursor continues exactly after the last acknowledged transaction, redelivering what was
 * returned but not acknowledged, skipping nothing.
 */
class CursorResumeTest {
  @TempDir Path dir;

  static List<Long> drain(Cursor c) {
    List<Long> out = new ArrayList<>();
    for (Optional<LogEntry> e = c.poll(); e.isPresent(); e = c.poll()) {
      out.add(e.get().t());
    }
    return out;
  }

  static long addTask(Space space, String id) {
    return space.transact(List.of(List.of(Keyword.of("db/add"), "t", Keyword.of("task/id"), id))).t();
  }

  @Test
  void aRejoinedAgentsCursorResumesExactlyAfterItsLastAckAcrossAReopen() {
    long a;
    long b;
    long c;
    try (Space space = Space.open(dir)) {
      space.transact("[{:db/ident :task/id :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]");
      Agent reader = space.join("reader", Duration.ofMinutes(5));
      Cursor cursor = reader.cursor("tasks", CursorFilter.namespace("task"));
      a = addTask(space, "a");
      b = addTask(space, "b");
      assertThat(drain(cursor)).containsExactly(a, b);
      cursor.poll();
      cursor.ack();
      c = addTask(space, "c");
      assertThat(cursor.poll()).get().extracting(LogEntry::t).isEqualTo(c);   // returned, never acked
    }
    assertThat(dir.resolve("cursors").resolve("reader").resolve("tasks.ack")).hasContent("acked-t=" + b);

    try (Space space = Space.open(dir)) {
      Agent reader = space.join("reader", Duration.ofMinutes(5));
      Cursor cursor = reader.cursor("tasks", CursorFilter.namespace("task"));
      assertThat(cursor.ackedT()).isEqualTo(b);
      long d = addTask(space, "d");
      assertThat(drain(cursor)).containsExactly(c, d);
      cursor.ack();
    }

    try (Space space = Space.open(dir)) {
      Cursor cursor = space.join("reader", Duration.ofMinutes(5)).cursor("tasks", CursorFilter.namespace("task"));
      assertThat(drain(cursor)).isEmpty();
    }
  }

  @Test
  void cursorPositionFilesAreNamedSafelyForAnyAgentAndCursorName() throws Exception {
    try (Space space = Space.open(dir)) {
      Cursor cursor = space.join("team/α 1", Duration.ofMinutes(5)).cursor("../up");
      cursor.poll();
      cursor.ack();
    }
    try (var files = Files.walk(dir.resolve("cursors"))) {
      assertThat(files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).toList())
          .containsExactly("cursors/team%2F%CE%B1%201/%2E%2E%2Fup.ack");
    }
    try (Space space = Space.open(dir)) {
      assertThat(space.join("team/α 1", Duration.ofMinutes(5)).cursor("../up").ackedT()).isEqualTo(1);
    }
  }
}
