package dev.spoor.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spoor.core.Bytes;
import dev.spoor.core.Keyword;
import dev.spoor.core.Symbol;
import dev.spoor.log.internal.EntryCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleDatomLogTest {
  @TempDir Path dir;

  private static LogEntry entry(long t, Object... values) {
    long tx = EntryCodec.txEntity(t);
    List<Datom> datoms = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      datoms.add(new Datom(100 + i, 10 + i, values[i], tx, i % 2 == 0));
    }
    return new LogEntry(t, Instant.ofEpochMilli(1_700_000_000_000L + t), "agent-" + t, t - 1, datoms);
  }

  @Test
  void entriesOfEveryValueTypeReadBackEqualAfterReopen() {
    List<LogEntry> written = List.of(
        entry(1, 42L, 1.5, new BigInteger("123456789012345678901234567890"), new BigDecimal("-3.14159")),
        entry(2, "héllo \n world", true, Keyword.of("task/status"), Symbol.of("my.ns/fn")),
        entry(3, Instant.parse("2026-11-22T10:00:00.123Z"), UUID.fromString("2f3e0f8a-5d1c-4b8e-9d2a-1c0e4b6f7a90"),
            Bytes.copyOf(new byte[] {0, 1, -1}), List.of(1L, "two", Keyword.of("three"))),
        entry(4));
    try (ChronicleDatomLog log = ChronicleDatomLog.open(dir, Durability.NONE, false)) {
      written.forEach(log::append);
      assertThat(log.lastT()).isEqualTo(4);
    }
    try (ChronicleDatomLog log = ChronicleDatomLog.open(dir, Durability.NONE, true);
         DatomLog.EntryIterator it = log.read(1)) {
      List<LogEntry> read = new ArrayList<>();
      it.forEachRemaining(read::add);
      assertThat(read).isEqualTo(written);
      assertThat(log.lastT()).isEqualTo(4);
    }
  }

  @Test
  void anIteratorAtTheEndSeesLaterAppendsAndCanSkipWithoutDecoding() {
    try (ChronicleDatomLog log = ChronicleDatomLog.open(dir, Durability.NONE, false);
         DatomLog.EntryIterator reader = log.read(1);
         DatomLog.EntryIterator watcher = log.read(1)) {
      assertThat(reader.hasNext()).isFalse();
      assertThat(watcher.skipNext()).isZero();
      try (DatomLog.AppendLock held = log.lockAppends()) {
        for (int t = 1; t <= 4; t++) {
          log.append(entry(t, (long) t));
        }
      }
      assertThat(watcher.skipNext()).isEqualTo(1);
      assertThat(watcher.skipNext()).isEqualTo(2);
      reader.skipBefore(3);
      assertThat(reader.next().t()).isEqualTo(3);
      assertThat(reader.next().t()).isEqualTo(4);
      assertThat(reader.hasNext()).isFalse();
      assertThat(watcher.skipNext()).isEqualTo(3);
      assertThat(watcher.skipNext()).isEqualTo(4);
      assertThat(watcher.skipNext()).isZero();
    }
  }

  @Test
  void aReadOnlyLogRefusesTheAppendLock() {
    try (ChronicleDatomLog log = ChronicleDatomLog.open(dir, Durability.NONE, false)) {
      log.append(entry(1, 1L));
    }
    try (ChronicleDatomLog log = ChronicleDatomLog.open(dir, Durability.NONE, true)) {
      assertThatThrownBy(log::lockAppends).isInstanceOf(LogException.class).hasMessage("this log was opened read-only");
    }
  }

  @Test
  void readingFromTSkipsEarlierEntries() {
    try (ChronicleDatomLog log = ChronicleDatomLog.open(dir, Durability.EVERY_TRANSACTION, false)) {
      for (int t = 1; t <= 5; t++) {
        log.append(entry(t, (long) t));
      }
      try (DatomLog.EntryIterator it = log.read(4)) {
        List<Long> ts = new ArrayList<>();
        it.forEachRemaining(e -> ts.add(e.t()));
        assertThat(ts).containsExactly(4L, 5L);
      }
    }
  }

  @Test
  void anEntryThatDoesNotFollowTheLastTIsRefused() {
    try (ChronicleDatomLog log = ChronicleDatomLog.open(dir, Durability.NONE, false)) {
      log.append(entry(1));
      assertThatThrownBy(() -> log.append(entry(3)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("log entry t 3 does not follow the last t 1");
    }
  }

  @Test
  void openingAMissingLogReadOnlyIsAClearError() {
    assertThatThrownBy(() -> ChronicleDatomLog.open(dir.resolve("nope"), Durability.NONE, true))
        .isInstanceOf(LogException.class)
        .hasMessage("no log at " + dir.resolve("nope"));
  }
}
