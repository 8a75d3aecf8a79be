package dev.spoor.space;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spoor.core.Keyword;
import dev.spoor.log.Datom;
import dev.spoor.log.LogEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions another JVM process appends reach this process's cursors and observations by
 * themselves, in log order, none skipped.
 */
class CrossProcessDeliveryTest {
  private static final int ITEMS = 300;

  @TempDir Path dir;

  @Test
  void anotherProcesssTransactionsReachCursorsAndObservationsInOrder() throws Exception {
    try (Space space = Space.open(dir);
        Agent reader = space.join("reader", Duration.ofMinutes(1));
        Cursor cursor = reader.cursor("items", CursorFilter.namespace("item"));
        ChildJvm writer = ChildJvm.start(CrashWriter.class, dir.toString())) {
      List<Long> seen = new ArrayList<>();
      long lastT = 0;
      Set<Object> observed = ConcurrentHashMap.newKeySet();
      Observation observation = null;
      while (seen.size() < ITEMS) {
        Optional<LogEntry> next = cursor.next(Duration.ofSeconds(30));
        assertThat(next).as("transaction after item %d", seen.size()).isPresent();
        LogEntry entry = next.get();
        assertThat(entry.t()).isGreaterThan(lastT);
        lastT = entry.t();
        long itemN = space.db().attribute(Keyword.of("item/n")).id();
        for (Datom d : entry.datoms()) {
          if (d.a() == itemN && (Long) d.v() >= 0) {
            seen.add((Long) d.v());
          }
        }
        if (observation == null) {
          observation = reader.observe("[:find ?n :where [_ :item/n ?n]]",
              change -> change.added().forEach(row -> observed.add(row.get(0))));
        }
      }
      assertThat(seen).isEqualTo(java.util.stream.LongStream.range(0, ITEMS).boxed().toList());
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!observed.containsAll(seen) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(observed).containsAll(seen);
      writer.kill();
    }
  }
}
