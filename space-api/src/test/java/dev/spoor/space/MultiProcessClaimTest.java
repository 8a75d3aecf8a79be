package dev.spoor.space;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spoor.core.Keyword;
import dev.spoor.log.Datom;
import dev.spoor.log.LogEntry;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight worker threads in three JVM processes claim 10,000 tasks of one space directory at
 * once. Every task is claimed exactly once, every process saw its wins at the {@code t} the
 * shared log gives them, and the result entities the processes minted never collide.
 */
class MultiProcessClaimTest {
  private static final int TASKS = 10_000;

  @TempDir Path dir;

  @Test
  void eightThreadsInThreeProcessesClaimEveryTaskExactlyOnce() throws Exception {
    try (Space space = Space.open(dir)) {
      space.transact("""
          [{:db/ident :task/id :db/valueType :db.type/string :db/cardinality :db.cardinality/one
            :db/unique :db.unique/identity}
           {:db/ident :result/task :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}
           {:db/ident :result/by :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]""");
      space.transact(IntStream.range(0, TASKS)
          .mapToObj(i -> Map.of(Keyword.of("task/id"), "task-" + i)).collect(Collectors.toList()));
    }
    List<ChildJvm> children = List.of(
        ChildJvm.start(ClaimWorkers.class, dir.toString(), "p1", "3", String.valueOf(TASKS)),
        ChildJvm.start(ClaimWorkers.class, dir.toString(), "p2", "3", String.valueOf(TASKS)),
        ChildJvm.start(ClaimWorkers.class, dir.toString(), "p3", "2", String.valueOf(TASKS)));
    Map<String, Long> wonAt = new HashMap<>();
    List<String> duplicates = new ArrayList<>();
    Set<Long> results = new HashSet<>();
    List<String> ends = new ArrayList<>();
    try {
      for (ChildJvm child : children) {
        String line;
        while ((line = child.readLine()) != null && line.startsWith("WON ")) {
          String[] parts = line.split(" ");
          if (wonAt.put(parts[1], Long.parseLong(parts[2])) != null) {
            duplicates.add(parts[1]);
          }
          results.add(Long.parseLong(parts[3]));
        }
        ends.add(String.valueOf(line));
      }
      for (ChildJvm child : children) {
        child.closeInput();
        assertThat(child.waitFor(120)).isZero();
      }
    } finally {
      for (ChildJvm child : children) {
        child.close();
      }
    }
    assertThat(ends).hasSize(3).allMatch(l -> l.startsWith("DONE "));
    assertThat(duplicates).isEmpty();
    assertThat(wonAt).hasSize(TASKS);
    assertThat(results).as("result entities minted by three processes").hasSize(TASKS);

    try (Space space = Space.openReadOnly(dir)) {
      Db db = space.db();
      long claimAttr = db.attribute(AgentSchema.CLAIM_AGENT).id();
      Map<Long, Long> claimsPerTask = new HashMap<>();
      for (Datom d : db.history().datoms(Index.AEVT, claimAttr)) {
        if (d.added()) {
          claimsPerTask.merge(d.e(), 1L, Long::sum);
        }
      }
      assertThat(claimsPerTask).hasSize(TASKS).allSatisfy((task, n) -> assertThat(n).isEqualTo(1));
      for (Map.Entry<String, Long> win : wonAt.entrySet()) {
        long task = db.entid(List.of(Keyword.of("task/id"), win.getKey())).getAsLong();
        LogEntry entry = space.logEntries(win.getValue(), win.getValue()).get(0);
        assertThat(entry.datoms()).as("the claim of %s at t %d", win.getKey(), win.getValue())
            .anyMatch(d -> d.added() && d.e() == task && d.a() == claimAttr);
      }
    }
  }
}
