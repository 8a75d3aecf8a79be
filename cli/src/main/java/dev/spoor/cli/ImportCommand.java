package dev.spoor.cli;

import dev.spoor.core.Edn;
import dev.spoor.datalog.EdnParseException;
import dev.spoor.datalog.EdnReader;
import dev.spoor.datalog.Form;
import dev.spoor.datalog.FormStream;
import dev.spoor.log.LogEntry;
import dev.spoor.query.Db;
import dev.spoor.space.Space;
import dev.spoor.space.TransactionException;
import dev.spoor.space.TxReport;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Applies the transactions in an EDN file, in order, and prints each one's t. FILE holds one vector of"
        + " transactions; each transaction is a vector of entity maps and list forms. A transaction that fails"
        + " stops the import; those before it stay committed.",
        "A file `spoor export` wrote (its first element is {:spoor/export 1 ...}) is copied verbatim instead:"
        + " the same t, instants, agents, entity ids and datoms. An export from t 1 goes into an empty space;"
        + " an export --from T only into a space that ends where the exported space did at T-1."},
    footer = {"", "Examples:", "  spoor import --space data/ tasks.edn",
        "  where tasks.edn is [[{:db/ident :task/title :db/valueType :db.type/string",
        "                        :db/cardinality :db.cardinality/one}]",
        "                      [{:task/title \"write docs\"}]]",
        "  spoor export --space data/ | spoor import --space copy/ -"})
final class ImportCommand implements Callable<Integer> {
  @Mixin SpaceOption space;

  @Parameters(paramLabel = "FILE", description = "The EDN file, or - for standard input.")
  String file;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!file.equals("-") && !Files.isRegularFile(Path.of(file))) {
      throw new CliException("no-such-file", file + " is not a file");
    }
    long size = file.equals("-") ? -1 : Files.size(Path.of(file));
    Progress progress = Progress.onTerminal(err, "import", size);
    try (Reader reader = file.equals("-")
            ? new InputStreamReader(System.in, StandardCharsets.UTF_8)
            : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
         CountingReader counting = new CountingReader(reader);
         FormStream txs = EdnReader.streamVector(counting);
         Space s = Space.open(space.dir)) {
      Optional<Form> first;
      try {
        first = txs.hasNext() ? Optional.of(txs.next()) : Optional.empty();
      } catch (EdnParseException e) {
        return fail(err, progress, e.getMessage());
      }
      if (first.isPresent() && isExportHeader(first.get())) {
        return copyExport(first.get(), txs, s, counting, progress, out, err);
      }
      int n = 0;
      Optional<Form> next = first;
      while (next.isPresent()) {
        Form tx = next.get();
        TxReport report;
        try {
          report = s.transact(tx);
        } catch (TransactionException e) {
          return fail(err, progress, "transaction " + n + " (line " + tx.span().line() + ") rejected: "
              + e.getMessage());
        }
        out.println(report.t());
        n++;
        progress.update(counting.count(), n);
        try {
          next = txs.hasNext() ? Optional.of(txs.next()) : Optional.empty();
        } catch (EdnParseException e) {
          return fail(err, progress, e.getMessage());
        }
      }
      progress.done();
    }
    return Spoor.OK;
  }

  private int fail(PrintWriter err, Progress progress, String message) {
    progress.done();
    err.println("spoor import: " + file + ": " + message);
    return Spoor.USER_ERROR;
  }

  /** Whether {@code form} is the header map {@code spoor export} writes first. */
  private static boolean isExportHeader(Form form) {
    if (!(form instanceof Form.MapForm m)) {
      return false;
    }
    for (Form.MapForm.Entry e : m.entries()) {
      if (e.key() instanceof Form.Scalar k && ExportCommand.HEADER.equals(k.value())) {
        return true;
      }
    }
    return false;
  }

  /** Copies the transactions of an export into {@code s}, each verbatim ({@link Space#copy}). */
  private int copyExport(Form headerForm, FormStream entries, Space s, CountingReader counting, Progress progress,
      PrintWriter out, PrintWriter err) {
    Map<?, ?> header = (Map<?, ?>) headerForm.toValue();
    if (!Long.valueOf(ExportCommand.VERSION).equals(header.get(ExportCommand.HEADER))) {
      return fail(err, progress, "this export has format " + Edn.print(header.get(ExportCommand.HEADER))
          + "; this spoor reads format " + ExportCommand.VERSION);
    }
    Db db = s.db();
    if (header.get(ExportCommand.CONTINUES) instanceof Map<?, ?> continues) {
      Object t = continues.get(dev.spoor.core.Keyword.of("t"));
      Object instant = continues.get(dev.spoor.core.Keyword.of("instant"));
      if (!(t instanceof Long after) || !(instant instanceof Instant at)) {
        return fail(err, progress, ":continues in the header needs :t and :instant, found " + Edn.print(continues));
      }
      if (db.basisT() != after || !db.instantOf(after).equals(at)) {
        return fail(err, progress, "this export continues a space after t " + after + " (" + Edn.print(at)
            + "), but " + space.dir + " " + ends(db) + "; export from t " + (db.basisT() + 1)
            + " of the same space instead");
      }
    } else if (db.basisT() != 0) {
      return fail(err, progress, "this export starts at t 1, but " + space.dir + " " + ends(db)
          + "; import it into an empty space, or export with --from " + (db.basisT() + 1) + " to continue this one");
    }
    int n = 0;
    while (true) {
      Form form;
      try {
        if (!entries.hasNext()) {
          break;
        }
        form = entries.next();
      } catch (EdnParseException e) {
        return fail(err, progress, e.getMessage());
      }
      try {
        LogEntry entry = LogFormat.read(form, s.db());
        s.copy(entry);
        out.println(entry.t());
      } catch (CliException | TransactionException | EdnParseException e) {
        return fail(err, progress, "transaction " + n + " (line " + form.span().line() + ") rejected: "
            + e.getMessage());
      }
      n++;
      progress.update(counting.count(), n);
    }
    progress.done();
    return Spoor.OK;
  }

  private static String ends(Db db) {
    return db.basisT() == 0 ? "is empty" : "ends at t " + db.basisT() + " (" + Edn.print(db.instantOf(db.basisT())) + ")";
  }
}
