package dev.spoor.query;

import dev.spoor.core.Keyword;
import dev.spoor.log.Datom;
import dev.spoor.log.LogEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Small databases of named nodes and edges for rule tests, built straight from datoms:
 * {@code :node/name} (string, unique identity), {@code :node/next} and {@code :node/other}
 * (refs, cardinality many).
 */
final class Graphs {
  static final long NAME = 1000;
  static final long NEXT = 1001;
  static final long OTHER = 1002;
  private static final long FIRST_ENTITY = (4L << 42) + 1;

  private Graphs() {}

  /** A database with nodes {@code names} and {@code next} edges {@code [from, to]} by index; also other edges. */
  static Db graph(List<String> names, int[][] next, int[][] other) {
    Indexer indexer = new Indexer();
    Db boot = indexer.db();
    long ref = boot.entid(Keyword.of("db.type/ref")).orElseThrow();
    long string = boot.entid(Keyword.of("db.type/string")).orElseThrow();
    long one = boot.entid(Keyword.of("db.cardinality/one")).orElseThrow();
    long many = boot.entid(Keyword.of("db.cardinality/many")).orElseThrow();
    long identity = boot.entid(Keyword.of("db.unique/identity")).orElseThrow();
    long tx1 = Db.txEntity(1);
    List<Datom> schema = new ArrayList<>(List.of(
        new Datom(NAME, 1, Keyword.of("node/name"), tx1, true),
        new Datom(NAME, 2, string, tx1, true),
        new Datom(NAME, 3, one, tx1, true),
        new Datom(NAME, 4, identity, tx1, true),
        new Datom(NEXT, 1, Keyword.of("node/next"), tx1, true),
        new Datom(NEXT, 2, ref, tx1, true),
        new Datom(NEXT, 3, many, tx1, true),
        new Datom(OTHER, 1, Keyword.of("node/other"), tx1, true),
        new Datom(OTHER, 2, ref, tx1, true),
        new Datom(OTHER, 3, many, tx1, true)));
    schema.add(new Datom(tx1, 8, Instant.ofEpochSecond(1), tx1, true));
    indexer.apply(new LogEntry(1, Instant.ofEpochSecond(1), "test", 0, schema));
    long tx2 = Db.txEntity(2);
    List<Datom> data = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      data.add(new Datom(FIRST_ENTITY + i, NAME, names.get(i), tx2, true));
    }
    for (int[] e : next) {
      data.add(new Datom(FIRST_ENTITY + e[0], NEXT, FIRST_ENTITY + e[1], tx2, true));
    }
    for (int[] e : other) {
      data.add(new Datom(FIRST_ENTITY + e[0], OTHER, FIRST_ENTITY + e[1], tx2, true));
    }
    data.add(new Datom(tx2, 8, Instant.ofEpochSecond(2), tx2, true));
    return indexer.apply(new LogEntry(2, Instant.ofEpochSecond(2), "test", 1, data));
  }

  /** Edges written "a>b c>d ...", over single-letter node names a, b, c, ... */
  static Db letters(String nextEdges, String otherEdges) {
    List<String> names = new ArrayList<>();
    for (char c = 'a'; c <= 'z'; c++) {
      names.add(String.valueOf(c));
    }
    return graph(names, edges(nextEdges), edges(otherEdges));
  }

  private static int[][] edges(String spec) {
    if (spec.isBlank()) {
      return new int[0][];
    }
    String[] parts = spec.trim().split("\\s+");
    int[][] out = new int[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      out[i] = new int[] {parts[i].charAt(0) - 'a', parts[i].charAt(2) - 'a'};
    }
    return out;
  }
}
