package dev.spoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spoor.space.Agent;
import dev.spoor.space.Cursor;
import dev.spoor.space.Space;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spoor repl} with input piped in: each complete query or command runs in turn, results
 * on stdout, errors on stderr, no prompt. The terminal's line editing is {@link ReplPtyTest}'s.
 */
class ReplTest {
  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  Path space() {
    return tmp.resolve("space");
  }

  /** t 1 (2026-01-01T10:00Z): schema; t 2 (2026-01-02T10:00Z): two open tasks; t 3 (2026-01-03T10:00Z): t1 done. */
  @BeforeEach
  void tasks() {
    try (Space s = Space.open(space())) {
      s.transact("""
          [{:db/ident :task/id :db/valueType :db.type/string :db/cardinality :db.cardinality/one
            :db/unique :db.unique/identity :db/doc "External id of a task."}
           {:db/ident :task/status :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one}
           {:db/id "datomic.tx" :db/txInstant #inst "2026-01-01T10:00:00Z"}]""");
      s.transact("[{:task/id \"t1\" :task/status :open} {:task/id \"t2\" :task/status :open}"
          + " {:db/id \"datomic.tx\" :db/txInstant #inst \"2026-01-02T10:00:00Z\"}]");
      s.transact("[[:db/add [:task/id \"t1\"] :task/status :done]"
          + " {:db/id \"datomic.tx\" :db/txInstant #inst \"2026-01-03T10:00:00Z\"}]");
    }
  }

  Result repl(String input) {
    return repl(input, Formats.Format.TABLE);
  }

  Result repl(String input, Formats.Format format) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ReplCommand.run(space(), new StringReader(input), format, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString().replace("\r\n", "\n"), err.toString().replace("\r\n", "\n"));
  }

  @Test
  void eachQuerySeesWhatAnotherProcessCommittedMeanwhile() throws Exception {
    Path more = tmp.resolve("more.edn");
    java.nio.file.Files.writeString(more, "[[{:task/id \"t3\" :task/status :open}]]");
    String count = "[:find [(count ?e)] :where [?e :task/id]]\n";
    java.io.Reader input = new java.io.Reader() {
      private StringReader current = new StringReader(count);
      private boolean imported;

      @Override
      public int read(char[] buf, int off, int len) throws java.io.IOException {
        int n = current.read(buf, off, len);
        if (n < 0 && !imported) {
          imported = true;
          importInAnotherJvm(more); // while the session has the space open
          current = new StringReader(count);
          n = current.read(buf, off, len);
        }
        return n;
      }

      @Override
      public void close() {}
    };
    StringWriter out = new StringWriter();
    int code = ReplCommand.run(space(), input, Formats.Format.EDN, new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertThat(code).isZero();
    assertThat(out.toString().replace("\r\n", "\n")).isEqualTo("[2]\n[3]\n");
  }

  private void importInAnotherJvm(Path file) throws java.io.IOException {
    List<String> cmd = SpoorJvm.command("256m", "import", "--space", space().toString(), file.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    try {
      assertThat(p.waitFor()).as(output).isZero();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.IOException(e);
    }
  }

  @Test
  void aQueryPrintsAnAlignedTableWithItsRowCount() {
    Result r = repl("[:find ?id ?s :where [?e :task/id ?id] [?e :task/status ?s]]\n");
    assertThat(r.out()).isEqualTo("""
        ?id | ?s
        ----+------
        t1  | :done
        t2  | :open
        (2 rows)
        """);
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
  }

  @Test
  void aOneColumnQueryPrintsBareValues() {
    Result r = repl("[:find ?id :where [?e :task/id ?id]]\n");
    assertThat(r.out()).isEqualTo("""
        ?id
        ---
        t1
        t2
        (2 rows)
        """);
  }

  @Test
  void longValuesAreCutInATable() {
    String longTitle = "x".repeat(100);
    Result r = repl(":tx [{:db/ident :task/title :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]\n"
        + ":tx [{:task/id \"t1\" :task/title \"" + longTitle + "\"}]\n"
        + "[:find ?t :where [_ :task/title ?t]]\n");
    String table = r.out().substring(r.out().indexOf("?t\n"));
    assertThat(table).contains("x".repeat(59) + "…\n").doesNotContain("x".repeat(60));
  }

  @Test
  void aQuerySpanningLinesRunsOnceItsBracketsClose() {
    Result r = repl("""
        [:find ?id
         :where [?e :task/status :open]
                [?e :task/id ?id]]
        """);
    assertThat(r.out()).isEqualTo("""
        ?id
        ---
        t2
        (1 row)
        """);
  }

  @Test
  void bracketsInsideStringsAndCommentsDoNotCount() {
    Result r = repl("""
        [:find ?id ; which ids? [
         :where [?e :task/id ?id] [(!= ?id "]")]]
        """);
    assertThat(r.out()).contains("t1", "t2", "(2 rows)");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void txCommitsAndShowsTheReport() {
    Result r = repl(":tx [{:db/id \"new\" :task/id \"t3\" :task/status :open}]\n");
    assertThat(r.out()).matches("(?s)t 4 committed at \\S+Z: 3 datoms added, 0 retracted\n"
        + "tempids: \"new\" 17592186044419\n"
        + "  \\[13194139533316 :db/txInstant #inst \"[^\"]+\" 13194139533316 true]\n"
        + "  \\[17592186044419 :task/id \"t3\" 13194139533316 true]\n"
        + "  \\[17592186044419 :task/status :open 13194139533316 true]\n");
    try (Space s = Space.openReadOnly(space())) {
      assertThat(s.db().basisT()).isEqualTo(4);
    }
  }

  @Test
  void txDataMaySpanLines() {
    Result r = repl("""
        :tx [[:db/add [:task/id "t2"] :task/status :done]
        ]
        [:find ?id :where [?e :task/status :done] [?e :task/id ?id]]
        """);
    assertThat(r.out()).contains("t 4 committed", "1 retracted", "t1\nt2\n(2 rows)");
  }

  @Test
  void aRejectedTransactionSaysWhyAndTheSessionGoesOn() {
    Result r = repl(":tx [{:task/nickname \"x\"}]\n[:find ?id :where [?e :task/id ?id]]\n");
    assertThat(r.err()).startsWith("error: tx data item 0: unknown attribute :task/nickname");
    assertThat(r.out()).contains("(2 rows)");
    assertThat(r.code()).isEqualTo(Spoor.USER_ERROR);
  }

  @Test
  void aBadQueryShowsTheCaretAndTheSessionGoesOn() {
    Result r = repl("[:find ?x :where [?e :task/id ?id]]\n[:find ?id :where [?e :task/id ?id]]\n");
    assertThat(r.err()).isEqualTo("""
        error: line 1:7: variable ?x in :find is not bound by any clause or input
        [:find ?x :where [?e :task/id ?id]]
               ^
        """);
    assertThat(r.out()).contains("(2 rows)");
    assertThat(r.code()).isEqualTo(Spoor.USER_ERROR);
  }

  @Test
  void anErrorOnTheSecondLineOfAQueryPointsThere() {
    Result r = repl("[:find ?id\n :where [?e :task/id ?id] [(frobnicate ?id)]]\n");
    assertThat(r.err()).startsWith("error: line 2:").contains(" :where [?e :task/id ?id] [(frobnicate ?id)]]\n")
        .contains("^");
  }

  @Test
  void inputLeftUnclosedAtTheEndIsReported() {
    Result r = repl("[:find ?id :where [?e :task/id ?id]\n");
    assertThat(r.err()).startsWith("error: line ");
    assertThat(r.code()).isEqualTo(Spoor.USER_ERROR);
  }

  @Test
  void asOfViewsTheSpaceAsItWasAtT() {
    Result r = repl(":as-of 2\n[:find ?id ?s :where [?e :task/id ?id] [?e :task/status ?s]]\n");
    assertThat(r.out()).startsWith("viewing as-of 2 (t 2 committed ").contains("""
        t1  | :open
        t2  | :open
        (2 rows)""");
  }

  @Test
  void asOfTakesAnInstant() {
    Result r = repl(":as-of 2026-01-02T12:00:00Z\n[:find ?s :where [?e :task/id \"t1\"] [?e :task/status ?s]]\n");
    assertThat(r.out()).startsWith("viewing as-of 2 (t 2 committed 2026-01-02T10:00:00Z)")
        .contains(":open\n(1 row)");
  }

  @Test
  void aTimeThatIsNeitherTNorInstantIsAnError() {
    Result r = repl(":as-of yesterday\n");
    assertThat(r.err()).isEqualTo("error: \"yesterday\" is neither a t (a whole number) nor an instant such as"
        + " 2026-11-22T10:00:00Z\n");
  }

  @Test
  void sinceShowsOnlyWhatWasAssertedAfterT() {
    Result r = repl(":since 2\n[:find ?id ?s :where [?e :task/status ?s] [?e :task/id ?id]]\n");
    // :task/id was asserted at t 2, so no entity has both in the since-2 view
    assertThat(r.out()).endsWith("(0 rows)\n");
    Result statuses = repl(":since 2\n[:find ?s :where [_ :task/status ?s]]\n");
    assertThat(statuses.out()).endsWith(":done\n(1 row)\n");
  }

  @Test
  void historyShowsRetractionsAndNowReturnsToTheLatest() {
    Result r = repl("""
        :history
        [:find ?s ?added :where [?e :task/id "t1"] [?e :task/status ?s _ ?added]]
        :now
        [:find ?s :where [?e :task/id "t1"] [?e :task/status ?s]]
        """);
    assertThat(r.out()).isEqualTo("""
        viewing history; :now returns to the latest
        ?s    | ?added
        ------+-------
        :done | true
        :open | false
        :open | true
        (3 rows)
        viewing the latest state (t 3)
        ?s
        -----
        :done
        (1 row)
        """);
  }

  @Test
  void viewsCombine() {
    Result r = repl(":as-of 2\n:history\n[:find ?s ?added :where [?e :task/id \"t1\"] [?e :task/status ?s _ ?added]]\n");
    assertThat(r.out()).contains("viewing as-of 2 history").endsWith(":open | true\n(1 row)\n");
  }

  @Test
  void thePromptShowsTheView() {
    StringWriter sink = new StringWriter();
    try (Space s = Space.open(space())) {
      ReplSession session = new ReplSession(s, false, Formats.Format.TABLE, new PrintWriter(sink),
          new PrintWriter(sink), ReplSession.Decor.PLAIN, ReplSession.Runner.INLINE);
      assertThat(session.prompt()).isEqualTo("spoor> ");
      session.handle(":as-of 2");
      assertThat(session.prompt()).isEqualTo("spoor as-of 2> ");
      session.handle(":history");
      assertThat(session.prompt()).isEqualTo("spoor as-of 2 history> ");
      session.handle(":since 1");
      assertThat(session.prompt()).isEqualTo("spoor as-of 2 since 1 history> ");
      session.handle(":now");
      assertThat(session.prompt()).isEqualTo("spoor> ");
    }
  }

  @Test
  void explainShowsThePlanThenTheResult() {
    Result r = repl(":explain [:find ?id :where [?e :task/id ?id] [?e :task/status :open]]\n");
    assertThat(r.out()).startsWith("plan: ").contains("plan: [?e :task/status :open] at 1:")
        .endsWith("?id\n---\nt2\n(1 row)\n");
  }

  @Test
  void formatSwitchesHowResultsPrint() {
    Result r = repl("""
        :format edn
        [:find ?id ?s :where [?e :task/id ?id] [?e :task/status ?s]]
        :format json
        [:find ?id ?s :where [?e :task/id ?id] [?e :task/status ?s]]
        :format csv
        [:find ?id ?s :where [?e :task/id ?id] [?e :task/status ?s]]
        :format
        """);
    assertThat(r.out()).isEqualTo("""
        format edn
        #{["t1" :done] ["t2" :open]}
        format json
        [["t1",":done"],["t2",":open"]]
        format csv
        ?id,?s
        t1,:done
        t2,:open
        format csv
        """);
  }

  @Test
  void anUnknownFormatIsAnError() {
    Result r = repl(":format xml\n");
    assertThat(r.err()).isEqualTo("error: unknown format \"xml\"; use edn, table, json or csv\n");
  }

  @Test
  void schemaListsTheAttributes() {
    Result r = repl(":schema\n");
    assertThat(r.out()).isEqualTo("""
        ident        | type    | cardinality | unique   | component | doc
        -------------+---------+-------------+----------+-----------+-----------------------
        :task/id     | string  | one         | identity |           | External id of a task.
        :task/status | keyword | one         |          |           |
        (2 rows)
        """);
  }

  @Test
  void schemaFollowsTheFormat() {
    Result r = repl(":format edn\n:schema\n");
    assertThat(r.out()).isEqualTo("""
        format edn
        {:db/ident :task/id, :db/valueType :db.type/string, :db/cardinality :db.cardinality/one, \
        :db/unique :db.unique/identity, :db/doc "External id of a task."}
        {:db/ident :task/status, :db/valueType :db.type/keyword, :db/cardinality :db.cardinality/one}
        """);
  }

  @Test
  void agentsSaysThereAreNoneWithoutTheAgentSchema() {
    Result r = repl(":agents\n");
    assertThat(r.out()).isEqualTo("no agents: this space has no agent schema yet (the first agent to join installs it)\n");
  }

  @Test
  void agentsListsTheAgentsWithTheirLeases() {
    try (Space s = Space.open(space())) {
      s.join("alice", Duration.ofHours(1)); // the space closes without alice leaving: her lease stands
      Agent bob = s.join("bob", Duration.ofHours(1));
      bob.leave();
    }
    Result r = repl(":agents\n");
    assertThat(r.out()).matches("(?s)name  \\| entity +\\| state +\\| lease-until\n.*\n"
        + "alice \\| \\d+ \\| present \\| [^\n]*\\d{4}-\\d\\d-\\d\\dT[^\n]+\n"
        + "bob   \\| \\d+ \\| gone +\\|\n"
        + "\\(2 rows\\)\n");
  }

  @Test
  void cursorsListsAcknowledgedPositions() {
    long acked;
    try (Space s = Space.open(space()); Agent a = s.join("worker 1", Duration.ofHours(1))) {
      Cursor c = a.cursor("in/box");
      while (c.poll().isPresent()) {
        c.ack();
      }
      acked = c.ackedT();
      c.close();
    }
    assertThat(acked).isGreaterThan(3);
    Result r = repl(":cursors\n");
    assertThat(r.out()).isEqualTo("""
        agent    | cursor | acked-t
        ---------+--------+--------
        worker 1 | in/box | %d
        (1 row)
        """.formatted(acked));
  }

  @Test
  void cursorsSaysThereAreNone() {
    Result r = repl(":cursors\n");
    assertThat(r.out()).isEqualTo("no cursors: no agent has acknowledged a cursor position in this space\n");
  }

  @Test
  void statsShowsTheBasisTLogSizeAndDatomsPerAttribute() {
    Result r = repl(":stats\n");
    assertThat(r.out()).contains("basis t        | 3", "log bytes", ":task/status    | :db.type/keyword | 2       | 3 ");
  }

  @Test
  void helpListsEveryCommand() {
    Result r = repl(":help\n");
    for (ReplSession.CommandHelp c : ReplSession.COMMANDS) {
      assertThat(r.out()).contains("  " + c.name());
    }
  }

  @Test
  void anUnknownCommandIsAnErrorAndNotTheEnd() {
    Result r = repl(":bogus\n[:find ?id :where [?e :task/id ?id]]\n");
    assertThat(r.err()).isEqualTo("error: unknown command :bogus; :help lists the commands, and a query starts with"
        + " [ or {\n");
    assertThat(r.out()).contains("(2 rows)");
  }

  @Test
  void quitStopsTheSession() {
    Result r = repl(":quit\n[:find ?id :where [?e :task/id ?id]]\n");
    assertThat(r.out()).isEmpty();
    assertThat(r.code()).isZero();
  }

  @Test
  void queryInputsOtherThanTheSpaceAreExplained() {
    Result r = repl("[:find ?e :in $ ?id :where [?e :task/id ?id]]\n");
    assertThat(r.err()).startsWith("error: the REPL gives each $ source of :in the session's view");
  }

  @Test
  void inlineRulesWork() {
    Result r = repl("[:find ?id :rules [(open ?e) [?e :task/status :open]] :where (open ?e) [?e :task/id ?id]]\n");
    assertThat(r.out()).endsWith("t2\n(1 row)\n");
  }

  @Test
  void aSpaceOpenForWritingElsewhereOpensReadOnly() {
    try (Space writer = Space.open(space())) {
      Result r = repl(":tx [{:task/id \"t9\"}]\n[:find ?id :where [?e :task/id ?id]]\n");
      assertThat(r.err()).startsWith("note: ").contains("this session is read-only and sees the space as of t 3\n")
          .contains("error: this session is read-only");
      assertThat(r.out()).contains("(2 rows)");
      assertThat(writer.db().basisT()).isEqualTo(3);
    }
  }

  @Test
  void aNewDirectoryBecomesASpace() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path fresh = tmp.resolve("fresh");
    int code = ReplCommand.run(fresh, new StringReader(":schema\n"), Formats.Format.TABLE, new PrintWriter(out),
        new PrintWriter(err));
    assertThat(code).isZero();
    assertThat(out.toString()).startsWith("no attributes installed yet");
    assertThat(fresh.resolve("spoor.properties")).exists();
  }

  @Test
  void replIsASpoorCommand() {
    StringWriter out = new StringWriter();
    int code = Spoor.run(new String[] {"repl", "--help"}, new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertThat(code).isZero();
    assertThat(out.toString()).contains("Usage: spoor repl", "--space=DIR", "--history=FILE", "--format=FORMAT");
  }
}
