package dev.spoor.cli;

import dev.spoor.datalog.EdnReader;
import dev.spoor.log.Datom;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import dev.spoor.space.Space;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "datoms", mixinStandardHelpOptions = true,
    description = {"Prints the datoms of an index, one per line as EDN: [e :attr value tx added].",
        "Components narrow the range, in the index's order, each written as EDN.",
        "In a table, JSON or CSV the columns are e, a, v, tx, added."},
    footer = {"", "Examples:",
        "  spoor datoms --space data/ eavt 17592186045418",
        "  spoor datoms --space data/ aevt :task/status",
        "  spoor datoms --space data/ avet :ext/id '\"t1\"'",
        "  spoor datoms --space data/ --as-of 3 vaet 17592186045418",
        "  spoor datoms --space data/ --history eavt '[:ext/id \"t1\"]'",
        "  spoor datoms --space data/ --as-of 2026-11-22T10:00:00Z --format csv aevt :task/status"})
final class DatomsCommand implements Callable<Integer> {
  @Mixin SpaceOption space;

  @ArgGroup(exclusive = true)
  View view = new View();

  static final class View {
    @Option(names = "--as-of", paramLabel = "T", description = "Only transactions up to T (a t or an instant).")
    String asOf;

    @Option(names = "--since", paramLabel = "T", description = "Only datoms asserted after T (a t or an instant).")
    String since;

    @Option(names = "--history", description = "Every assertion and retraction.")
    boolean history;

    /** The view of {@code latest} these options ask for. */
    Db apply(Db latest) {
      return asOf != null ? latest.asOf(Times.resolve(latest, asOf))
          : since != null ? latest.since(Times.resolve(latest, since))
          : history ? latest.history() : latest;
    }
  }

  @Mixin FormatOption format;

  @Parameters(index = "0", paramLabel = "INDEX", description = "eavt, aevt, avet or vaet.")
  String index;

  @Parameters(index = "1..*", paramLabel = "COMPONENT", description = "Leading components, as EDN.")
  List<String> components = List.of();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Index idx;
    try {
      idx = Index.valueOf(index.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CliException("bad-index", "unknown index \"" + index
          + "\"; use eavt, aevt, avet or vaet");
    }
    Object[] parts = components.stream().map(EdnReader::readValue).toArray();
    PrintWriter out = spec.commandLine().getOut();
    Formats.Format f = format.choose();
    try (Space s = Space.openReadOnly(space.dir)) {
      Db latest = s.db();
      Db db = view.apply(latest);
      DatomPrinter printer = new DatomPrinter(latest);
      try (RecordPrinter records = new RecordPrinter(f, LogFormat.DATOM_COLUMNS, out)) {
        for (Datom d : db.datoms(idx, parts)) {
          records.print(f == Formats.Format.EDN ? printer.print(d) : "", printer.cells(d));
        }
      }
    }
    return Spoor.OK;
  }
}
