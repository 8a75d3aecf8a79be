package dev.spoor.cli;

import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.query.Db;
import dev.spoor.space.Space;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Writes a space's log as EDN that `spoor import` reads back into an identical space: the same"
        + " transactions with the same t, instants, agents, entity ids and datoms. The file is one vector: a"
        + " header map, then one map per transaction, one per line, as `spoor log` prints them:",
        "  [{:spoor/export 1 :from 1 :until 5}",
        "   {:t 1 :instant #inst \"...\" :agent \"\" :basis-t 0",
        "    :data [[e :attr value tx added] ...]}",
        "   ...]",
        "An export --from T continues a space that holds t 1..T-1 of the same log; its header says which"
        + " (:continues {:t T-1 :instant #inst \"...\"}), and import checks it."},
    footer = {"", "Examples:",
        "  spoor export --space data/ > data.edn",
        "  spoor import --space copy/ data.edn      # copy/ is now identical to data/",
        "  spoor export --space data/ --until 2026-11-22T10:00Z --output morning.edn",
        "  spoor export --space data/ --from 6 > more.edn",
        "  spoor import --space copy/ more.edn      # copy/ held t 1..5 of data/"})
final class ExportCommand implements Callable<Integer> {
  static final Keyword HEADER = Keyword.of("spoor/export");
  static final Keyword FROM = Keyword.of("from");
  static final Keyword UNTIL = Keyword.of("until");
  static final Keyword CONTINUES = Keyword.of("continues");
  static final long VERSION = 1;

  @Mixin SpaceOption space;

  @Option(names = "--from", paramLabel = "T",
      description = "First t to export (a t, or an instant: the first transaction at or after it); default 1.")
  String from;

  @Option(names = "--until", paramLabel = "T",
      description = "Last t to export (a t, or an instant: the last transaction at or before it); default the last.")
  String until;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  Path output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    try (Space s = Space.openReadOnly(space.dir)) {
      Db db = s.db();
      long fromT = Math.max(1, from == null ? 1 : Times.resolveFrom(db, from));
      long untilT = Math.min(db.basisT(), until == null ? db.basisT() : Times.resolve(db, until));
      if (fromT > db.basisT() + 1) {
        throw new CliException("no-such-t", "--from t " + fromT + " is past this space's last transaction (t "
            + db.basisT() + ")");
      }
      Map<Object, Object> header = new LinkedHashMap<>();
      header.put(HEADER, VERSION);
      header.put(FROM, fromT);
      header.put(UNTIL, untilT);
      if (fromT > 1) {
        Map<Object, Object> continues = new LinkedHashMap<>();
        continues.put(Keyword.of("t"), fromT - 1);
        continues.put(Keyword.of("instant"), db.instantOf(fromT - 1));
        header.put(CONTINUES, continues);
      }
      if (output == null) {
        write(s, header, fromT, untilT, spec.commandLine().getOut(), err);
      } else {
        Writer w;
        try {
          w = new OutputStreamWriter(Files.newOutputStream(output), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new CliException("cannot-write", "cannot write " + output + ": " + e);
        }
        try (PrintWriter out = new PrintWriter(new java.io.BufferedWriter(w, 1 << 16))) {
          write(s, header, fromT, untilT, out, err);
          if (out.checkError()) {
            throw new IOException("could not write " + output);
          }
        }
      }
    }
    return Spoor.OK;
  }

  private static void write(Space s, Map<Object, Object> header, long fromT, long untilT, PrintWriter out,
      PrintWriter err) {
    Progress progress = Progress.onTerminal(err, "export", untilT - fromT + 1);
    out.println(";; A Spoor export: read it back with  spoor import --space DIR FILE");
    out.print("[");
    out.print(Edn.print(header));
    LogFormat.Names names = LogFormat.Names.asOf(s.db(), fromT - 1);
    long[] done = {0};
    s.readLog(fromT, untilT, entry -> {
      names.learn(entry);
      out.print("\n ");
      out.print(LogFormat.edn(entry, names));
      done[0]++;
      progress.update(done[0], done[0]);
    });
    out.println("]");
    out.flush();
    progress.done();
  }
}
