package dev.spoor.bench;

import dev.spoor.core.Keyword;
import dev.spoor.log.Durability;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import dev.spoor.space.Space;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the benchmarks share: the schema they write, opening a space on either backend, temp
 * directories that are removed afterwards, and counting datoms to check an answer.
 */
final class BenchSpaces {
  private BenchSpaces() {}

  /**
   * The JVM flags Chronicle Queue needs on Java 17 (DESIGN.md section 6). Kept in step with
   * {@code spoor.jvm.flags} in the parent pom; JMH annotations need a compile-time constant.
   */
  static final String ADD_OPENS_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
  static final String ADD_EXPORTS_NIO = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
  static final String ADD_EXPORTS_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
  static final String NO_ANALYTICS = "-Dchronicle.analytics.disable=true";

  static final Keyword DB_ID = Keyword.of("db/id");
  static final Keyword DB_ADD = Keyword.of("db/add");

  static final Keyword COUNTER_N = Keyword.of("counter/n");
  static final Keyword ITEM_ID = Keyword.of("item/id");
  static final Keyword ITEM_NAME = Keyword.of("item/name");
  static final Keyword ITEM_KIND = Keyword.of("item/kind");
  static final Keyword ITEM_PARENT = Keyword.of("item/parent");
  static final Keyword ITEM_CREATED = Keyword.of("item/created");

  /** Keyword values drawn from a small set, as enum-like attributes are in practice. */
  static final List<Keyword> KINDS = List.of(Keyword.of("kind/todo"), Keyword.of("kind/doing"),
      Keyword.of("kind/done"), Keyword.of("kind/blocked"), Keyword.of("kind/dropped"));

  /** One long counter, and an item with the five value types of the bulk import. */
  static final String SCHEMA = """
      [{:db/ident :counter/n    :db/valueType :db.type/long    :db/cardinality :db.cardinality/one}
       {:db/ident :item/id      :db/valueType :db.type/long    :db/cardinality :db.cardinality/one}
       {:db/ident :item/name    :db/valueType :db.type/string  :db/cardinality :db.cardinality/one}
       {:db/ident :item/kind    :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one}
       {:db/ident :item/parent  :db/valueType :db.type/ref     :db/cardinality :db.cardinality/one}
       {:db/ident :item/created :db/valueType :db.type/instant :db/cardinality :db.cardinality/one}]""";

  /** The Chronicle flags above, for a child JVM started by a measurement. */
  static final List<String> CHRONICLE_FLAGS = List.of(ADD_OPENS_REFLECT, ADD_EXPORTS_NIO, ADD_EXPORTS_REF, NO_ANALYTICS);

  static final Keyword BENCH_PROBE = Keyword.of("bench/probe");
  static final Keyword BENCH_SEQ = Keyword.of("bench/seq");
  static final Keyword BENCH_SENT = Keyword.of("bench/sent");
  static final Keyword IDLE_KEY = Keyword.of("idle/key");
  static final Keyword TASK_ID = Keyword.of("task/id");

  /**
   * What the agent measurements write: a probe entity whose message number and send time
   * ({@link System#nanoTime()}) each transaction replaces, an attribute nobody writes (for idle
   * observations), and tasks to claim.
   */
  static final String AGENT_SCHEMA = """
      [{:db/ident :bench/probe :db/valueType :db.type/string :db/cardinality :db.cardinality/one
        :db/unique :db.unique/identity}
       {:db/ident :bench/seq   :db/valueType :db.type/long   :db/cardinality :db.cardinality/one}
       {:db/ident :bench/sent  :db/valueType :db.type/long   :db/cardinality :db.cardinality/one}
       {:db/ident :idle/key    :db/valueType :db.type/long   :db/cardinality :db.cardinality/one}
       {:db/ident :task/id     :db/valueType :db.type/long   :db/cardinality :db.cardinality/one
        :db/unique :db.unique/identity}]""";

  /** A space with {@link #SCHEMA} installed; {@code dir} is ignored for {@link Backend#MEMORY}. */
  static Space openWithSchema(Backend backend, Path dir) {
    Space space = switch (backend) {
      case CHRONICLE -> Space.open(dir, Space.Options.defaults().withDurability(Durability.NONE));
      case MEMORY -> Space.inMemory();
    };
    space.transact(SCHEMA);
    return space;
  }

  /**
   * One transaction of {@code entities} items, each with the five attributes of the bulk
   * import: {@code :item/parent} points at the previous item of the same transaction (a
   * tempid), or at {@code root} for the first one.
   */
  static List<Object> itemBatch(long firstId, int entities, long root, Instant created) {
    List<Object> tx = new ArrayList<>(entities);
    for (int j = 0; j < entities; j++) {
      long id = firstId + j;
      Object parent = j == 0 ? (Object) root : "i" + (j - 1);
      tx.add(Map.of(
          DB_ID, "i" + j,
          ITEM_ID, id,
          ITEM_NAME, "item-" + id,
          ITEM_KIND, KINDS.get((int) (id % KINDS.size())),
          ITEM_PARENT, parent,
          ITEM_CREATED, created.plusMillis(id)));
    }
    return tx;
  }

  /** The id of a fresh root entity that every batch's first item refers to. */
  static long createRoot(Space space) {
    return space.transact(List.of(List.of(DB_ADD, "root", ITEM_ID, -1L))).tempids().get("root");
  }

  /** The number of datoms {@code db} shows for {@code components} of {@code index}. */
  static long count(Db db, Index index, Object... components) {
    long n = 0;
    for (var ignored : db.datoms(index, components)) {
      n++;
    }
    return n;
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Throws when a benchmark's answer is wrong: a fast wrong answer is not a result. */
  static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("wrong answer: " + what);
    }
  }
}
