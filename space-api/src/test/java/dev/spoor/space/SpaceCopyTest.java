package dev.spoor.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spoor.log.Datom;
import dev.spoor.log.LogEntry;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpaceCopyTest {
  @TempDir Path dir;

  private static Space source() {
    Space s = Space.inMemory();
    s.transact("[{:db/ident :task/id :db/valueType :db.type/string :db/cardinality :db.cardinality/one"
        + " :db/unique :db.unique/identity}"
        + " {:db/ident :task/status :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one}]");
    s.transact("[{:task/id \"a\" :task/status :open} {:task/id \"b\" :task/status :open}]");
    Agent w = s.join("worker", Duration.ofMinutes(5));
    w.transact("[{:task/id \"a\" :task/status :done}]");
    s.transact("[[:db/retractEntity [:task/id \"b\"]]]");
    return s;
  }

  private static List<Datom> history(Db db) {
    return db.history().datomList(Index.EAVT);
  }

  @Test
  void aSpaceCopiedEntryByEntryHasTheSameDatomsInstantsAndAgents() {
    try (Space from = source(); Space to = Space.open(dir)) {
      from.readLog(1, Long.MAX_VALUE, to::copy);
      assertThat(history(to.db())).isEqualTo(history(from.db()));
      assertThat(to.logEntries(1, Long.MAX_VALUE)).isEqualTo(from.logEntries(1, Long.MAX_VALUE));
      assertThat(to.db().basisT()).isEqualTo(from.db().basisT());
    }
    try (Space reopened = Space.openReadOnly(dir); Space from = source()) {
      assertThat(reopened.db().basisT()).isEqualTo(from.db().basisT());
    }
  }

  @Test
  void anEntryOutOfOrderIsRefused() {
    try (Space from = source(); Space to = Space.inMemory()) {
      LogEntry second = from.logEntries(2, 2).get(0);
      assertThatThrownBy(() -> to.copy(second))
          .isInstanceOf(TransactionException.Invalid.class)
          .hasMessage("transaction t 2 cannot be copied into this space: its t is 2 but this space's next t is 1");
    }
  }

  @Test
  void aValueOfTheWrongTypeIsRefused() {
    try (Space from = source(); Space to = Space.inMemory()) {
      to.copy(from.logEntries(1, 1).get(0));
      LogEntry data = from.logEntries(2, 2).get(0);
      long statusId = to.db().attribute(dev.spoor.core.Keyword.of("task/status")).id();
      List<Datom> bad = data.datoms().stream()
          .map(d -> d.a() == statusId ? new Datom(d.e(), d.a(), "open", d.tx(), d.added()) : d)
          .toList();
      LogEntry wrong = new LogEntry(data.t(), data.instant(), data.agent(), data.basisT(), bad);
      assertThatThrownBy(() -> to.copy(wrong))
          .isInstanceOf(TransactionException.Invalid.class)
          .hasMessageStartingWith("transaction t 2 cannot be copied into this space: value \"open\" for :task/status"
              + " is a string");
      assertThat(to.db().basisT()).isEqualTo(1);
    }
  }
}
