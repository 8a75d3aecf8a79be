package dev.spoor.cli;

import dev.spoor.datalog.EdnParseException;
import dev.spoor.datalog.EdnReader;
import dev.spoor.datalog.Form;
import dev.spoor.datalog.FormStream;
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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Applies the transactions in an EDN file, in order, and prints each one's t.",
        "FILE holds one vector of transactions; each transaction is a vector of entity maps and list forms.",
        "A transaction that fails stops the import; those before it stay committed."},
    footer = {"", "Example:", "  spoor import --space data/ tasks.edn",
        "  where tasks.edn is [[{:db/ident :task/title :db/valueType :db.type/string"
            + " :db/cardinality :db.cardinality/one}] [{:task/title \"write docs\"}]]"})
final class ImportCommand implements Callable<Integer> {
  @Mixin SpaceOption space;

  @Parameters(paramLabel = "FILE", description = "The EDN file, or - for standard input.")
  String file;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long size = file.equals("-") ? -1 : Files.size(Path.of(file));
    Progress progress = Progress.onTerminal(err, "import", size);
    try (Reader reader = file.equals("-")
            ? new InputStreamReader(System.in, StandardCharsets.UTF_8)
            : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
         CountingReader counting = new CountingReader(reader);
         FormStream txs = EdnReader.streamVector(counting);
         Space s = Space.open(space.dir)) {
      int n = 0;
      while (true) {
        Form tx;
        try {
          if (!txs.hasNext()) {
            break;
          }
          tx = txs.next();
        } catch (EdnParseException e) {
          progress.done();
          err.println("spoor import: " + file + ": " + e.getMessage());
          return Spoor.USER_ERROR;
        }
        TxReport report;
        try {
          report = s.transact(tx);
        } catch (TransactionException e) {
          progress.done();
          err.println("spoor import: " + file + ": transaction " + n + " (line " + tx.span().line() + ") rejected: "
              + e.getMessage());
          return Spoor.USER_ERROR;
        }
        out.println(report.t());
        n++;
        progress.update(counting.count(), n);
      }
      progress.done();
    }
    return Spoor.OK;
  }
}
