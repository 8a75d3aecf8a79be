package dev.spoor.space;

import dev.spoor.log.LogEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A process reading a cursor, for {@link CursorAcrossKillTest}: {@code CursorReader DIR K}. Joins
 * as {@code reader}, opens its cursor {@code inbox} over {@code :task/*}, reads and acknowledges
 * K transactions (printing {@code ACKED t} after each ack), reads one more without acknowledging
 * it (printing {@code GOT t}), then waits to be killed.
 */
public final class CursorReader {
  public static void main(String[] args) throws Exception {
    Space space = Space.open(Path.of(args[0]));
    int k = Integer.parseInt(args[1]);
    Agent reader = space.join("reader", Duration.ofMinutes(10));
    Cursor inbox = reader.cursor("inbox", CursorFilter.namespace("task"));
    for (int i = 0; i <= k; i++) {
      Optional<LogEntry> e = inbox.next(Duration.ofSeconds(30));
      if (e.isEmpty()) {
        System.out.println("TIMEOUT");
        System.out.flush();
        return;
      }
      if (i < k) {
        inbox.ack();
        System.out.println("ACKED " + e.get().t());
      } else {
        System.out.println("GOT " + e.get().t());
      }
      System.out.flush();
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
