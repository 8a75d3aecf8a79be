package dev.spoor.cli;

import static dev.spoor.cli.CliTest.spoor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spoor.cli.CliTest.Result;
import dev.spoor.core.Bytes;
import dev.spoor.core.Keyword;
import dev.spoor.core.Symbol;
import dev.spoor.log.Datom;
import dev.spoor.log.LogEntry;
import dev.spoor.query.Index;
import dev.spoor.space.Agent;
import dev.spoor.space.Space;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spoor export} then {@code spoor import}: the copy is the same space. */
class ExportImportTest {
  @TempDir Path tmp;

  private static final String SCHEMA = """
      [{:db/ident :v/id :db/valueType :db.type/string :db/cardinality :db.cardinality/one :db/unique :db.unique/identity}
       {:db/ident :v/long :db/valueType :db.type/long :db/cardinality :db.cardinality/many}
       {:db/ident :v/double :db/valueType :db.type/double :db/cardinality :db.cardinality/many}
       {:db/ident :v/bigint :db/valueType :db.type/bigint :db/cardinality :db.cardinality/many}
       {:db/ident :v/bigdec :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/many}
       {:db/ident :v/string :db/valueType :db.type/string :db/cardinality :db.cardinality/many}
       {:db/ident :v/boolean :db/valueType :db.type/boolean :db/cardinality :db.cardinality/many}
       {:db/ident :v/keyword :db/valueType :db.type/keyword :db/cardinality :db.cardinality/many}
       {:db/ident :v/symbol :db/valueType :db.type/symbol :db/cardinality :db.cardinality/many}
       {:db/ident :v/ref :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}
       {:db/ident :v/instant :db/valueType :db.type/instant :db/cardinality :db.cardinality/many}
       {:db/ident :v/uuid :db/valueType :db.type/uuid :db/cardinality :db.cardinality/many}
       {:db/ident :v/bytes :db/valueType :db.type/bytes :db/cardinality :db.cardinality/many}
       {:db/ident :v/tuple :db/valueType :db.type/tuple :db/tupleTypes [:db.type/long :db.type/string :db.type/keyword]
        :db/cardinality :db.cardinality/one}
       {:db/ident :tx/reason :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]""";

  /** A space with every value type, edge values, agents (one present, one gone), retractions and tx metadata. */
  Path buildSource() {
    Path dir = tmp.resolve("source");
    try (Space s = Space.open(dir)) {
      s.transact(SCHEMA);
      Map<Object, Object> a = new HashMap<>();
      a.put(Keyword.of("v/id"), "a");
      a.put(Keyword.of("v/long"), List.of(0L, Long.MIN_VALUE, Long.MAX_VALUE, -7L));
      a.put(Keyword.of("v/double"), List.of(0.0, -0.0, 1.5e300, Double.MIN_VALUE, Double.NaN,
          Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, -2.0));
      a.put(Keyword.of("v/bigint"), List.of(BigInteger.ONE, new BigInteger("-123456789012345678901234567890")));
      a.put(Keyword.of("v/bigdec"), List.of(new BigDecimal("1.50"), new BigDecimal("1E+3"), new BigDecimal("-0.000001"),
          new BigDecimal("12345678901234567890.123456789")));
      a.put(Keyword.of("v/string"), List.of("", "quote \" backslash \\ newline \n tab \t", "unicode é ü 日本 😀",
          "control \u0001 \u001f", "#inst \"not an instant\""));
      a.put(Keyword.of("v/boolean"), List.of(true, false));
      a.put(Keyword.of("v/keyword"), List.of(Keyword.of("plain"), Keyword.of("ns.x", "name-with-dash?")));
      a.put(Keyword.of("v/symbol"), List.of(Symbol.of("sym"), Symbol.of("my.ns/f!")));
      a.put(Keyword.of("v/instant"), List.of(Instant.parse("1969-07-20T20:17:40.123Z"),
          Instant.parse("2026-11-22T10:00:00Z")));
      a.put(Keyword.of("v/uuid"), List.of(UUID.fromString("6f1c2a0e-1d2b-4c3d-8e4f-5a6b7c8d9e0f")));
      a.put(Keyword.of("v/bytes"), List.of(Bytes.copyOf(new byte[0]), Bytes.copyOf(new byte[] {0, -1, 127, -128, 42})));
      a.put(Keyword.of("v/tuple"), List.of(1L, "two", Keyword.of("three")));
      s.transact(List.of(a, Map.of(Keyword.of("db/id"), "datomic.tx", Keyword.of("tx/reason"), "every type")));
      s.transact("[{:db/id \"b\" :v/id \"b\" :v/ref [:v/id \"a\"]} [:db/retract [:v/id \"a\"] :v/long -7]]");
      try (Agent gone = s.join("worker-gone", Duration.ofMinutes(5))) {
        gone.transact("[{:v/id \"c\" :v/string \"by an agent\"}]");
      }
      Agent present = s.join("worker-present", Duration.ofHours(1));
      present.transact("[[:db/retractEntity [:v/id \"b\"]] {:db/id \"datomic.tx\" :tx/reason \"cleanup\"}]");
      s.transact(List.of(Map.of(Keyword.of("v/id"), "d")), "an-unjoined-writer");
    }
    return dir;
  }

  static List<LogEntry> log(Path dir) {
    try (Space s = Space.openReadOnly(dir)) {
      return s.logEntries(1, Long.MAX_VALUE);
    }
  }

  static List<Datom> history(Path dir) {
    try (Space s = Space.openReadOnly(dir)) {
      return new ArrayList<>(s.db().history().datomList(Index.EAVT));
    }
  }

  @Test
  void anExportImportsIntoAnIdenticalSpace() throws Exception {
    Path source = buildSource();
    Path file = tmp.resolve("export.edn");
    Result export = spoor("export", "--space", source.toString(), "--output", file.toString());
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(export.out()).isEmpty();

    Path copy = tmp.resolve("copy");
    Result imported = spoor("import", "--space", copy.toString(), file.toString());
    assertThat(imported.code()).as(imported.err()).isZero();

    List<LogEntry> expected = log(source);
    assertThat(imported.lines()).hasSize(expected.size()).last().isEqualTo(Long.toString(expected.size()));
    assertThat(log(copy)).isEqualTo(expected);
    assertThat(history(copy)).isEqualTo(history(source));
    assertThat(spoor("export", "--space", copy.toString()).out()).isEqualTo(Files.readString(file));
  }

  @Test
  void anExportIsReadableEdnWithAHeaderAndOneTransactionPerLine() throws Exception {
    Path source = buildSource();
    Result r = spoor("export", "--space", source.toString(), "--until", "2");
    assertThat(r.code()).isZero();
    List<String> lines = r.lines();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith(";; A Spoor export");
    assertThat(lines.get(1)).isEqualTo("[{:spoor/export 1, :from 1, :until 2}");
    assertThat(lines.get(2)).startsWith(" {:t 1 :instant #inst \"").contains(":agent \"\" :basis-t 0 :data [[")
        .contains(" :db/ident :v/long 13194139533313 true]");
    assertThat(lines.get(3)).contains(":v/bytes #spoor/bytes \"AP9/gCo=\"").contains(":v/double ##NaN")
        .contains(":v/bigdec 1E+3M").contains(":v/tuple [1 \"two\" :three]").endsWith("]}]");
  }

  @Test
  void anExportFromALaterTContinuesASpaceThatEndsWhereItStarts() throws Exception {
    Path source = buildSource();
    Path first = tmp.resolve("first.edn");
    Path rest = tmp.resolve("rest.edn");
    assertThat(spoor("export", "--space", source.toString(), "--until", "3", "-o", first.toString()).code()).isZero();
    assertThat(spoor("export", "--space", source.toString(), "--from", "4", "-o", rest.toString()).code()).isZero();
    assertThat(Files.readAllLines(rest).get(1)).startsWith("[{:spoor/export 1, :from 4, :until ")
        .contains(":continues {:t 3, :instant #inst \"");

    Path copy = tmp.resolve("copy");
    Result early = spoor("import", "--space", copy.toString(), rest.toString());
    assertThat(early.code()).isEqualTo(1);
    assertThat(early.err()).startsWith("spoor import: " + rest + ": this export continues a space after t 3 (#inst \"")
        .endsWith("), but " + copy + " is empty; export from t 1 of the same space instead\n");

    assertThat(spoor("import", "--space", copy.toString(), first.toString()).lines()).containsExactly("1", "2", "3");
    assertThat(spoor("import", "--space", copy.toString(), rest.toString()).code()).isZero();
    assertThat(log(copy)).isEqualTo(log(source));
  }

  @Test
  void aWholeExportIsRefusedByANonEmptySpace() throws Exception {
    Path source = buildSource();
    Path file = tmp.resolve("export.edn");
    spoor("export", "--space", source.toString(), "-o", file.toString());
    Path other = tmp.resolve("other");
    try (Space s = Space.open(other)) {
      s.transact("[{:db/ident :x/y :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]");
    }
    Result r = spoor("import", "--space", other.toString(), file.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("spoor import: " + file + ": this export starts at t 1, but " + other
        + " ends at t 1 (#inst \"").endsWith("); import it into an empty space, or export with --from 2 to continue"
        + " this one\n");
  }

  @Test
  void aDamagedExportStopsWithTheTransactionAndLine() throws Exception {
    Path file = tmp.resolve("bad.edn");
    Files.writeString(file, "[{:spoor/export 1 :from 1 :until 2}\n"
        + " {:t 1 :instant #inst \"2026-11-22T10:00:00Z\" :agent \"\" :basis-t 0 :data []}\n"
        + " {:t 2 :instant #inst \"2026-11-22T10:00:01Z\" :agent \"\" :basis-t 1 :data [[1 :no/such 1 13194139533314 true]]}]");
    Result r = spoor("import", "--space", tmp.resolve("s").toString(), file.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.lines()).containsExactly("1");
    assertThat(r.err()).isEqualTo("spoor import: " + file + ": transaction 1 (line 3) rejected: transaction t 2:"
        + " unknown attribute :no/such: no attribute with that ident or id is installed\n");
  }

  @Test
  void plainTransactionDataStillImports() throws Exception {
    Path file = tmp.resolve("tx.edn");
    Files.writeString(file, "[[{:db/ident :a/n :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]"
        + " [{:a/n 1}]]");
    Result r = spoor("import", "--space", tmp.resolve("s").toString(), file.toString());
    assertThat(r.code()).isZero();
    assertThat(r.lines()).containsExactly("1", "2");
  }
}
