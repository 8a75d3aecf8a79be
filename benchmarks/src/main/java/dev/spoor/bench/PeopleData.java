package dev.spoor.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The people data set of the DataScript, Datahike and XTDB query benchmarks, as EDN transaction
 * data that Spoor and Datomic both accept unchanged: {@code people} persons with
 * {@code :person/name} (string, {@code :db.unique/identity}), {@code :person/last-name},
 * {@code :person/sex} ({@code :male}/{@code :female}), {@code :person/age} (0–100),
 * {@code :person/salary} (10,000–100,000) and {@code :person/follows} (refs, cardinality many,
 * 3–5 other persons each, drawn at random).
 *
 * <p>Generated from a fixed seed, so every run and both systems see the same text (and a
 * smaller set is a prefix of the persons of a larger one, follows aside). The transactions, in
 * order: {@link #SCHEMA}; the persons in batches of {@link #BATCH} (no follows yet, so every
 * follow can point anywhere); the follows in batches of {@link #BATCH} persons, by lookup ref
 * {@code [:person/name "..."]}; and then {@link #ageUpdate()}, which gives every tenth person
 * (index ≡ 3 mod 10) a different age, so an as-of view before it and the history have
 * something to show. {@link #chain()} is a separate deep graph of {@link #CHAIN} persons
 * ({@code chain-0} follows {@code chain-1} follows ... {@code chain-199}).
 */
final class PeopleData {
  static final int PEOPLE = 20_000;
  static final int BATCH = 1_000;
  static final int CHAIN = 200;
  static final long SEED = 20_240_101L;

  /** The person the single-entity queries start from; its age changes in {@link #ageUpdate()}. */
  static final int PROBE = 123;

  static final String SCHEMA = """
      [{:db/ident :person/name      :db/valueType :db.type/string  :db/cardinality :db.cardinality/one
        :db/unique :db.unique/identity}
       {:db/ident :person/last-name :db/valueType :db.type/string  :db/cardinality :db.cardinality/one}
       {:db/ident :person/sex       :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one}
       {:db/ident :person/age       :db/valueType :db.type/long    :db/cardinality :db.cardinality/one}
       {:db/ident :person/salary    :db/valueType :db.type/long    :db/cardinality :db.cardinality/one}
       {:db/ident :person/follows   :db/valueType :db.type/ref     :db/cardinality :db.cardinality/many}]""";

  private static final String[] FIRST_NAMES = {"Ivan", "Petr", "Sergei", "Oleg", "Yuri", "Dmitry", "Fedor", "Denis"};
  private static final String[] LAST_NAMES = {"Ivanov", "Petrov", "Sidorov", "Kovalev", "Kuznetsov", "Voronoi"};

  final int people;
  final String[] names;
  private final String[] lastNames;
  private final boolean[] male;
  private final long[] ages;
  private final long[] salaries;
  private final int[][] follows;
  private final long[] newAges;

  PeopleData(int people) {
    if (people <= PROBE) {
      throw new IllegalArgumentException("need more than " + PROBE + " people, got " + people);
    }
    this.people = people;
    Random random = new Random(SEED);
    names = new String[people];
    lastNames = new String[people];
    male = new boolean[people];
    ages = new long[people];
    salaries = new long[people];
    follows = new int[people][];
    for (int i = 0; i < people; i++) {
      names[i] = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + "-" + i;
      lastNames[i] = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
      male[i] = random.nextBoolean();
      ages[i] = random.nextInt(101);
      salaries[i] = 10_000 + random.nextInt(90_001);
    }
    for (int i = 0; i < people; i++) {
      int n = 3 + random.nextInt(3);
      int[] f = new int[n];
      for (int k = 0; k < n; k++) {
        int other;
        do {
          other = random.nextInt(people);
        } while (other == i || contains(f, k, other));
        f[k] = other;
      }
      follows[i] = f;
    }
    newAges = new long[people];
    for (int i = 0; i < people; i++) {
      newAges[i] = (ages[i] + 1 + random.nextInt(100)) % 101;
    }
  }

  private static boolean contains(int[] a, int n, int x) {
    for (int i = 0; i < n; i++) {
      if (a[i] == x) {
        return true;
      }
    }
    return false;
  }

  /** How many others {@link #PROBE} reaches through follows, transitively (itself too if on a cycle). */
  int reachableFromProbe() {
    boolean[] seen = new boolean[people];
    ArrayDeque<Integer> todo = new ArrayDeque<>();
    todo.add(PROBE);
    int n = 0;
    while (!todo.isEmpty()) {
      for (int f : follows[todo.poll()]) {
        if (!seen[f]) {
          seen[f] = true;
          n++;
          todo.add(f);
        }
      }
    }
    return n;
  }

  /** The name of the person the single-entity queries ask about. */
  String probeName() {
    return names[PROBE];
  }

  /** The persons, {@link #BATCH} per transaction, without their follows. */
  List<String> personBatches() {
    List<String> txs = new ArrayList<>();
    for (int first = 0; first < people; first += BATCH) {
      StringBuilder tx = new StringBuilder(BATCH * 140).append('[');
      for (int i = first; i < Math.min(people, first + BATCH); i++) {
        tx.append("{:db/id \"p").append(i).append("\" :person/name ").append(str(names[i]))
            .append(" :person/last-name ").append(str(lastNames[i]))
            .append(" :person/sex ").append(male[i] ? ":male" : ":female")
            .append(" :person/age ").append(ages[i])
            .append(" :person/salary ").append(salaries[i]).append("}\n");
      }
      txs.add(tx.append(']').toString());
    }
    return txs;
  }

  /** Every person's follows, {@link #BATCH} persons per transaction, all by lookup ref. */
  List<String> followBatches() {
    List<String> txs = new ArrayList<>();
    for (int first = 0; first < people; first += BATCH) {
      StringBuilder tx = new StringBuilder(BATCH * 160).append('[');
      for (int i = first; i < Math.min(people, first + BATCH); i++) {
        tx.append("{:db/id ").append(ref(i)).append(" :person/follows [");
        for (int f : follows[i]) {
          tx.append(ref(f)).append(' ');
        }
        tx.append("]}\n");
      }
      txs.add(tx.append(']').toString());
    }
    return txs;
  }

  /** The deep graph: {@code chain-0} follows {@code chain-1} ... follows {@code chain-199}. */
  static String chain() {
    StringBuilder tx = new StringBuilder("[");
    for (int i = 0; i < CHAIN; i++) {
      tx.append("{:db/id \"c").append(i).append("\" :person/name \"chain-").append(i).append('"');
      if (i + 1 < CHAIN) {
        tx.append(" :person/follows \"c").append(i + 1).append('"');
      }
      tx.append("}\n");
    }
    return tx.append(']').toString();
  }

  /** Every tenth person (index ≡ 3 mod 10, so {@link #PROBE} too) gets a new, different age. */
  String ageUpdate() {
    StringBuilder tx = new StringBuilder("[");
    for (int i = 3; i < people; i += 10) {
      tx.append("[:db/add ").append(ref(i)).append(" :person/age ").append(newAges[i]).append("]\n");
    }
    return tx.append(']').toString();
  }

  private String ref(int i) {
    return "[:person/name " + str(names[i]) + "]";
  }

  private static String str(String s) {
    return '"' + s + '"';
  }
}
