package dev.spoor.cli;

import static dev.spoor.cli.CliTest.spoor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spoor.cli.CliTest.Result;
import dev.spoor.space.Space;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diff}, {@code replay}, times, formats, help and exit codes, through the entry point. */
class TimeTravelCliTest {
  @TempDir Path tmp;

  /** Three transactions at 09:00, 10:00 and 11:00 on 2026-11-22. */
  private static final String CLOCKED = """
      [[{:db/ident :task/id :db/valueType :db.type/string :db/cardinality :db.cardinality/one
         :db/unique :db.unique/identity}
        {:db/ident :task/status :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}
        {:db/ident :task.status/open} {:db/ident :task.status/done}
        {:db/id "datomic.tx" :db/txInstant #inst "2026-11-22T09:00:00Z"}]
       [{:task/id "a" :task/status :task.status/open}
        {:db/id "datomic.tx" :db/txInstant #inst "2026-11-22T10:00:00Z"}]
       [{:task/id "a" :task/status :task.status/done} {:task/id "b" :task/status :task.status/open}
        {:db/id "datomic.tx" :db/txInstant #inst "2026-11-22T11:00:00Z"}]]""";

  Path space() throws Exception {
    Path file = tmp.resolve("clocked.edn");
    Files.writeString(file, CLOCKED);
    Path dir = tmp.resolve("space");
    Result r = spoor("import", "--space", dir.toString(), file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    return dir;
  }

  @Test
  void diffGroupsTheChangesBetweenTwoTsByEntity() throws Exception {
    Path dir = space();
    Result r = spoor("diff", "--space", dir.toString(), "2", "3");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines()).containsExactly(
        "{:e 13194139533315, :label \"tx 3\", :asserted [[:db/txInstant #inst \"2026-11-22T11:00:00.000Z\" 3]],"
            + " :retracted []}",
        "{:e 17592186044419, :label [:task/id \"a\"], :asserted [[:task/status :task.status/done 3]],"
            + " :retracted [[:task/status :task.status/open 3]]}",
        "{:e 17592186044420, :label [:task/id \"b\"], :asserted [[:task/id \"b\" 3] [:task/status :task.status/open 3]],"
            + " :retracted []}");
  }

  @Test
  void diffTakesInstantsAndDefaultsT2ToTheLatest() throws Exception {
    Path dir = space();
    Result byInstant = spoor("diff", "--space", dir.toString(), "2026-11-22T10:30:00Z");
    Result byT = spoor("diff", "--space", dir.toString(), "2", "3");
    assertThat(byInstant.out()).isEqualTo(byT.out());
  }

  @Test
  void diffNetDropsWhatWasAssertedAndRetractedInBetween() throws Exception {
    Path dir = space();
    Result r = spoor("diff", "--space", dir.toString(), "--net", "--format", "csv", "1", "3");
    assertThat(r.lines()).containsExactly(
        "e,label,op,attr,value,t",
        "13194139533314,tx 2,:assert,:db/txInstant,2026-11-22T10:00:00Z,2",
        "13194139533315,tx 3,:assert,:db/txInstant,2026-11-22T11:00:00Z,3",
        "17592186044419,\"[:task/id \"\"a\"\"]\",:assert,:task/id,a,2",
        "17592186044419,\"[:task/id \"\"a\"\"]\",:assert,:task/status,:task.status/done,3",
        "17592186044420,\"[:task/id \"\"b\"\"]\",:assert,:task/id,b,3",
        "17592186044420,\"[:task/id \"\"b\"\"]\",:assert,:task/status,:task.status/open,3");
  }

  @Test
  void diffJsonIsOneObjectPerEntity() throws Exception {
    Path dir = space();
    Result r = spoor("diff", "--space", dir.toString(), "--format", "json", "2", "3");
    assertThat(r.lines()).hasSize(3);
    assertThat(r.lines().get(1)).isEqualTo("{\"e\":17592186044419,\"label\":[\":task/id\",\"a\"],"
        + "\"asserted\":[{\"attr\":\":task/status\",\"value\":\":task.status/done\",\"t\":3}],"
        + "\"retracted\":[{\"attr\":\":task/status\",\"value\":\":task.status/open\",\"t\":3}]},");
  }

  @Test
  void diffRefusesPointsInTheWrongOrderOrPastTheEnd() throws Exception {
    Path dir = space();
    Result backwards = spoor("diff", "--space", dir.toString(), "3", "1");
    assertThat(backwards.code()).isEqualTo(1);
    assertThat(backwards.err()).isEqualTo("spoor diff: T1 (t 3) is after T2 (t 1); give the earlier point first\n");
    Result past = spoor("diff", "--space", dir.toString(), "1", "9");
    assertThat(past.err()).isEqualTo("spoor diff: t 9 is after this space's last transaction (t 3)\n");
    Result bad = spoor("diff", "--space", dir.toString(), "noon");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).isEqualTo("spoor diff: \"noon\" is neither a t (a whole number) nor an instant such as"
        + " 2026-11-22T10:00:00Z\n");
  }

  @Test
  void replayStreamsTransactionsAsTheLogPrintsThem() throws Exception {
    Path dir = space();
    Result replay = spoor("replay", "--space", dir.toString(), "--from", "2");
    Result log = spoor("log", "--space", dir.toString(), "--from", "2");
    assertThat(replay.code()).isZero();
    assertThat(replay.out()).isEqualTo(log.out());
    assertThat(replay.lines()).hasSize(2);
    assertThat(replay.lines().get(0)).startsWith("{:t 2 :instant #inst \"2026-11-22T10:00:00.000Z\" :agent \"\""
        + " :basis-t 1 :data [");
  }

  @Test
  void replayFromAndUntilTakeInstants() throws Exception {
    Path dir = space();
    Result r = spoor("replay", "--space", dir.toString(), "--from", "2026-11-22T09:30:00Z",
        "--until", "2026-11-22T10:59:59Z", "--format", "csv");
    assertThat(r.lines()).first().isEqualTo("t,instant,agent,e,a,v,tx,added");
    assertThat(r.lines().subList(1, r.lines().size())).allMatch(l -> l.startsWith("2,")).hasSize(3);
  }

  @Test
  void replayPacedByAFixedDelayWaitsBetweenTransactions() throws Exception {
    Path dir = space();
    long start = System.nanoTime();
    Result r = spoor("replay", "--space", dir.toString(), "--pace", "150ms");
    assertThat(r.lines()).hasSize(3);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(ReplayCommand.pacer("60x").before(java.time.Instant.parse("2026-11-22T10:00:00Z"),
        java.time.Instant.parse("2026-11-22T11:00:00Z"))).isEqualTo(Duration.ofMinutes(1));
    Result bad = spoor("replay", "--space", dir.toString(), "--pace", "fast");
    assertThat(bad.err()).isEqualTo("spoor replay: --pace \"fast\" is neither a speed such as 1x or 10x nor a delay"
        + " such as 200ms, 2s or 1m\n");
  }

  @Test
  void replayToCopiesAPrefixAndLaterExtendsIt() throws Exception {
    Path dir = space();
    Path copy = tmp.resolve("copy");
    Result first = spoor("replay", "--space", dir.toString(), "--until", "2026-11-22T10:00:00Z", "--to", copy.toString());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("{:to \"" + copy + "\", :from-t 1, :until-t 2, :copied 2}\n");
    assertThat(ExportImportTest.log(copy)).isEqualTo(ExportImportTest.log(dir).subList(0, 2));

    Result rest = spoor("replay", "--space", dir.toString(), "--to", copy.toString());
    assertThat(rest.out()).isEqualTo("{:to \"" + copy + "\", :from-t 3, :until-t 3, :copied 1}\n");
    assertThat(ExportImportTest.log(copy)).isEqualTo(ExportImportTest.log(dir));
    assertThat(ExportImportTest.history(copy)).isEqualTo(ExportImportTest.history(dir));
  }

  @Test
  void replayToRefusesADirectoryThatIsNotAPrefixOfTheSpace() throws Exception {
    Path dir = space();
    Path other = tmp.resolve("other");
    try (Space s = Space.open(other)) {
      s.transact("[{:db/ident :x/y :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]");
    }
    Result r = spoor("replay", "--space", dir.toString(), "--to", other.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("spoor replay: " + other + " is not a copy of " + dir
        + ": its transaction t 1 differs; give a new or empty directory\n");
    Result from = spoor("replay", "--space", dir.toString(), "--from", "2", "--to", tmp.resolve("n").toString());
    assertThat(from.err()).isEqualTo("spoor replay: --from applies to streaming; a copy with --to always starts"
        + " at t 1 (or where NEWDIR ends)\n");
  }

  @Test
  void datomsPrintsJsonAndCsv() throws Exception {
    Path dir = space();
    Result json = spoor("datoms", "--space", dir.toString(), "--format", "json", "aevt", ":task/id");
    assertThat(json.out()).isEqualTo("[{\"e\":17592186044419,\"a\":\":task/id\",\"v\":\"a\",\"tx\":13194139533314,"
        + "\"added\":true},\n{\"e\":17592186044420,\"a\":\":task/id\",\"v\":\"b\",\"tx\":13194139533315,\"added\":true}]\n");
    Result csv = spoor("datoms", "--space", dir.toString(), "--format", "csv", "aevt", ":task/id");
    assertThat(csv.lines()).containsExactly("e,a,v,tx,added", "17592186044419,:task/id,a,13194139533314,true",
        "17592186044420,:task/id,b,13194139533315,true");
    Result none = spoor("datoms", "--space", dir.toString(), "--format", "json", "aevt", ":task/id", "\"zzz\"");
    assertThat(none.out()).isEqualTo("[]\n");
  }

  @Test
  void datomsAsOfAnInstantSeesTheStateThen() throws Exception {
    Path dir = space();
    Result r = spoor("datoms", "--space", dir.toString(), "--as-of", "2026-11-22T10:30:00Z", "aevt", ":task/status");
    assertThat(r.lines()).containsExactly("[17592186044419 :task/status 17592186044417 13194139533314 true]");
  }

  @Test
  void auditAndLogPrintJsonAndCsv() throws Exception {
    Path dir = space();
    Result audit = spoor("audit", "--space", dir.toString(), "--format", "csv", "[:task/id \"a\"]");
    assertThat(audit.lines()).containsExactly(
        "t,instant,agent,op,attr,value,tx-data",
        "2,2026-11-22T10:00:00Z,,:assert,:task/id,a,{}",
        "2,2026-11-22T10:00:00Z,,:assert,:task/status,:task.status/open,{}",
        "3,2026-11-22T11:00:00Z,,:retract,:task/status,:task.status/open,{}",
        "3,2026-11-22T11:00:00Z,,:assert,:task/status,:task.status/done,{}");
    Result auditJson = spoor("audit", "--space", dir.toString(), "--format", "json", "[:task/id \"a\"]");
    assertThat(auditJson.lines().get(0)).isEqualTo("[{\"t\":2,\"instant\":\"2026-11-22T10:00:00Z\",\"agent\":\"\","
        + "\"op\":\":assert\",\"attr\":\":task/id\",\"value\":\"a\",\"tx-data\":{}},");
    Result log = spoor("log", "--space", dir.toString(), "--from", "3", "--format", "json");
    assertThat(log.out()).startsWith("[{\"t\":3,\"instant\":\"2026-11-22T11:00:00Z\",\"agent\":\"\",\"basis-t\":2,"
        + "\"data\":[{\"e\":13194139533315,\"a\":\":db/txInstant\",\"v\":\"2026-11-22T11:00:00Z\"").endsWith("}]}]\n");
  }

  @Test
  void anUnknownEntityIsAUserErrorWithOneLine() throws Exception {
    Path dir = space();
    Result r = spoor("audit", "--space", dir.toString(), "[:task/id \"nope\"]");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("spoor audit: [:task/id \"nope\"] names no entity in this space's history\n");
  }

  @Test
  void aMissingSpaceIsAUserErrorForEveryReadingCommand() throws Exception {
    Path missing = tmp.resolve("missing");
    for (List<String> args : List.of(List.of("query", "[:find ?e :where [?e :db/ident]]"), List.of("datoms", "eavt"),
        List.of("log"), List.of("audit", "1"), List.of("diff", "0"), List.of("replay"), List.of("export"),
        List.of("stats"))) {
      String[] argv = new java.util.ArrayList<String>(args) {{
          add(1, "--space");
          add(2, missing.toString());
        }}.toArray(new String[0]);
      Result r = spoor(argv);
      assertThat(r.code()).as(args.toString()).isEqualTo(1);
      assertThat(r.err()).as(args.toString()).isEqualTo("spoor " + args.get(0) + ": no space at " + missing
          + ": the directory does not exist\n");
    }
  }

  @Test
  void anUnknownFormatOrOptionIsAUserError() throws Exception {
    Path dir = space();
    Result format = spoor("log", "--space", dir.toString(), "--format", "xml");
    assertThat(format.code()).isEqualTo(1);
    assertThat(format.err()).isEqualTo("spoor log: unknown format \"xml\"; use edn, table, json or csv\n");
    Result option = spoor("stats", "--space", dir.toString(), "--colour");
    assertThat(option.code()).isEqualTo(1);
    assertThat(option.err()).startsWith("Unknown option: '--colour'");
  }

  @Test
  void everyCommandHasHelpWithExamples() {
    for (String command : List.of("import", "query", "datoms", "log", "audit", "diff", "replay", "export", "stats",
        "demo")) {
      Result r = spoor(command, "--help");
      assertThat(r.code()).as(command).isZero();
      assertThat(r.out()).as(command).startsWith("Usage: spoor " + command).contains("\nExamples:\n  spoor " + command);
    }
    assertThat(spoor("--help").out()).contains("diff", "replay", "export", "stats");
  }
}
