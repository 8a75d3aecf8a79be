package dev.spoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code spoor} commands through their entry point, on a space in a temporary directory. */
class CliTest {
  @TempDir Path tmp;

  record Result(int code, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  static Result spoor(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Spoor.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString().replace("\r\n", "\n"), err.toString());
  }

  Path space() {
    return tmp.resolve("space");
  }

  Result importExample() throws Exception {
    Path file = tmp.resolve("tasks.edn");
    Files.copy(Path.of("..", "examples", "tasks.edn"), file);
    return spoor("import", "--space", space().toString(), file.toString());
  }

  @Test
  void importPrintsOneTPerTransactionAndNothingElse() throws Exception {
    Result r = importExample();
    assertThat(r.code()).isZero();
    assertThat(r.lines()).containsExactly("1", "2", "3", "4", "5");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void datomsPrintsAnIndexRangeAsEdn() throws Exception {
    importExample();
    Result r = spoor("datoms", "--space", space().toString(), "avet", ":task/status");
    assertThat(r.code()).isZero();
    assertThat(r.lines()).hasSize(2);
    assertThat(r.lines().get(0)).matches("\\[\\d+ :task/status :done 13194139533316 true\\]");
    assertThat(r.lines().get(1)).matches("\\[\\d+ :task/status :open 13194139533314 true\\]");
  }

  @Test
  void datomsAsOfAnEarlierTSeesTheStateThen() throws Exception {
    importExample();
    Result r = spoor("datoms", "--space", space().toString(), "--as-of", "3", "avet", ":task/status", ":claimed");
    assertThat(r.lines()).hasSize(1).allMatch(l -> l.matches("\\[\\d+ :task/status :claimed 13194139533315 true\\]"));
  }

  @Test
  void datomsHistoryShowsRetractions() throws Exception {
    importExample();
    Result r = spoor("datoms", "--space", space().toString(), "--history", "aevt", ":task/claimed-by");
    assertThat(r.lines()).hasSize(2);
    assertThat(r.lines().get(0)).endsWith(":task/claimed-by \"worker-1\" 13194139533315 true]");
    assertThat(r.lines().get(1)).endsWith(":task/claimed-by \"worker-1\" 13194139533316 false]");
  }

  @Test
  void datomsTakesLookupRefsAsComponents() throws Exception {
    importExample();
    Result r = spoor("datoms", "--space", space().toString(), "eavt", "[:task/id \"t2\"]", ":task/title");
    assertThat(r.lines()).hasSize(1);
    assertThat(r.lines().get(0)).contains(":task/title \"write the parser\"");
  }

  @Test
  void logPrintsEachTransactionWithItsDatoms() throws Exception {
    importExample();
    Result r = spoor("log", "--space", space().toString(), "--from", "4", "--to", "4");
    assertThat(r.code()).isZero();
    assertThat(r.lines()).hasSize(1);
    assertThat(r.lines().get(0))
        .startsWith("{:t 4 :instant #inst \"")
        .contains(":agent \"\"")
        .contains(":task/claimed-by \"worker-1\" 13194139533316 false]")
        .contains(":tx/reason \"worker-1 finished\" 13194139533316 true]")
        .endsWith("]}");
  }

  @Test
  void aRejectedTransactionStopsTheImportWithItsPositionAndExitCode1() throws Exception {
    Path file = tmp.resolve("bad.edn");
    Files.writeString(file, "[[{:db/ident :a/n :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]\n"
        + " [{:a/n \"one\"}]]");
    Result r = spoor("import", "--space", space().toString(), file.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.lines()).containsExactly("1");
    assertThat(r.err()).isEqualTo("spoor import: " + file + ": transaction 1 (line 2) rejected: tx data item 0:"
        + " value \"one\" for :a/n is a string; :a/n holds :db.type/long values\n");
  }

  @Test
  void anEdnSyntaxErrorShowsLineColumnAndCaret() throws Exception {
    Path file = tmp.resolve("broken.edn");
    Files.writeString(file, "[[{:db/ident :a/n}]\n [{:a/n 1]]");
    Result r = spoor("import", "--space", space().toString(), file.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("spoor import: " + file + ": line 2:");
    assertThat(r.err()).contains("^");
  }

  @Test
  void readingADirectoryThatIsNotASpaceIsAClearError() throws Exception {
    Files.writeString(tmp.resolve("notes.txt"), "hello");
    Result r = spoor("datoms", "--space", tmp.toString(), "eavt");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("spoor datoms: " + tmp + " is not a Spoor space (it has no spoor.properties);"
        + " give an empty or new directory to create one\n");
  }

  @Test
  void anUnknownIndexIsAUserError() throws Exception {
    importExample();
    Result r = spoor("datoms", "--space", space().toString(), "xyz");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("spoor datoms: unknown index \"xyz\"; use eavt, aevt, avet or vaet\n");
  }

  @Test
  void queryPrintsExactlyTheEdnResult() throws Exception {
    importExample();
    Result r = spoor("query", "--space", space().toString(),
        "[:find ?title :where [?t :task/status :open] [?t :task/title ?title]]");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("#{[\"write the parser\"]}\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void queryTakesInputsAsEdnArguments() throws Exception {
    importExample();
    Result r = spoor("query", "--space", space().toString(),
        "[:find [?title ...] :in $ ?s :where [?t :task/status ?s] [?t :task/title ?title]]", ":done");
    assertThat(r.out()).isEqualTo("[\"gather requirements\"]\n");
  }

  @Test
  void queryAsOfAnEarlierTAnswersForThatTime() throws Exception {
    importExample();
    Result r = spoor("query", "--space", space().toString(), "--as-of", "2",
        "[:find ?s (count ?t) :where [?t :task/status ?s]]");
    assertThat(r.out()).isEqualTo("[[:open 3]]\n");
  }

  @Test
  void queryOnHistorySeesRetractions() throws Exception {
    importExample();
    Result r = spoor("query", "--space", space().toString(), "--history",
        "[:find ?who ?added :where [?t :task/claimed-by ?who _ ?added]]");
    assertThat(r.out()).isEqualTo("#{[\"worker-1\" false] [\"worker-1\" true]}\n");
  }

  @Test
  void queryFormatsAsTableJsonAndCsv() throws Exception {
    importExample();
    String q = "[:find ?id ?s :where [?t :task/id ?id] [?t :task/status ?s]]";
    assertThat(spoor("query", "--space", space().toString(), "--format", "table", q).out()).isEqualTo(
        "?id | ?s\n"
            + "----+------\n"
            + "t1  | :done\n"
            + "t2  | :open\n"
            + "(2 rows)\n");
    assertThat(spoor("query", "--space", space().toString(), "--format", "json", q).out())
        .isEqualTo("[[\"t1\",\":done\"],[\"t2\",\":open\"]]\n");
    assertThat(spoor("query", "--space", space().toString(), "--format", "csv", q).out())
        .isEqualTo("?id,?s\nt1,:done\nt2,:open\n");
  }

  @Test
  void tablesAndCsvHaveOneCellPerFindElementWhateverTheFindsShape() throws Exception {
    importExample();
    String dir = space().toString();
    assertThat(spoor("query", "--space", dir, "--format", "csv", "[:find ?id :where [_ :task/id ?id]]").out())
        .isEqualTo("?id\nt1\nt2\n");
    assertThat(spoor("query", "--space", dir, "--format", "csv", "[:find [?id ...] :where [_ :task/id ?id]]").out())
        .isEqualTo("?id\nt1\nt2\n");
    assertThat(spoor("query", "--space", dir, "--format", "csv", "[:find [?id ?s] :where [?t :task/id ?id] [?t :task/status ?s]]")
        .out()).isEqualTo("?id,?s\nt1,:done\n");
    assertThat(spoor("query", "--space", dir, "--format", "csv", "[:find ?id . :where [_ :task/id ?id]]").out())
        .isEqualTo("?id\nt1\n");
    assertThat(spoor("query", "--space", dir, "--format", "csv", "[:find ?id ?s :keys id status :where [?t :task/id ?id] [?t :task/status ?s]]")
        .out()).isEqualTo("id,status\nt1,:done\nt2,:open\n");
  }

  @Test
  void aQuerySyntaxErrorGoesToStderrWithACaretAndExitCode1() throws Exception {
    importExample();
    Result r = spoor("query", "--space", space().toString(), "[:find ?x :where [?x :task/id]");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("spoor query: line 1:").contains("^");
  }

  @Test
  void auditPrintsAnEntitysWholeLifeOldestFirstWithTransactionMetadata() throws Exception {
    importExample();
    Result r = spoor("audit", "--space", space().toString(), "[:task/id \"t1\"]");
    assertThat(r.code()).isZero();
    List<String> lines = r.lines();
    assertThat(lines).hasSize(10);
    assertThat(lines.get(0)).startsWith("{:t 2, :instant #inst \"").contains(":op :assert, :attr :task/id, :value \"t1\"")
        .endsWith(":tx-data {:tx/reason \"initial backlog\"}}");
    assertThat(lines.get(4)).contains(":t 3,").contains(":op :retract, :attr :task/status, :value :open");
    assertThat(lines.get(5)).contains(":t 3,").contains(":op :assert, :attr :task/status, :value :claimed");
    assertThat(lines.get(6)).contains(":t 3,").contains(":op :assert, :attr :task/claimed-by, :value \"worker-1\"");
    assertThat(lines.get(8)).contains(":t 4,").contains(":op :retract, :attr :task/claimed-by, :value \"worker-1\"");
    assertThat(lines.get(9)).contains(":t 4,").contains(":op :assert, :attr :task/status, :value :done")
        .endsWith(":tx-data {:tx/reason \"worker-1 finished\"}}");
  }

  @Test
  void auditFollowsARetractedLookupRefIntoHistory() throws Exception {
    importExample();
    Result r = spoor("audit", "--space", space().toString(), "[:task/id \"t3\"]");
    assertThat(r.code()).isZero();
    assertThat(r.lines()).last().asString().contains(":t 5,").contains(":op :retract");
  }
}
