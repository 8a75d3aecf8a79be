package dev.spoor.cli;

import dev.spoor.space.Space;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "log", mixinStandardHelpOptions = true,
    description = {"Prints committed transactions in log order, one EDN map per line:",
        "  {:t T :instant #inst \"...\" :agent \"...\" :basis-t T",
        "   :data [[e :attr value tx added] ...]}",
        "A reference to an entity with an ident prints as the ident. In a table or CSV, one row per datom:"
        + " t, instant, agent, e, a, v, tx, added."},
    footer = {"", "Examples:", "  spoor log --space data/", "  spoor log --space data/ --from 10 --to 20",
        "  spoor log --space data/ --from 2026-11-22T10:00Z --format csv > log.csv"})
final class LogCommand implements Callable<Integer> {
  @Mixin SpaceOption space;

  @Option(names = "--from", paramLabel = "T", description = "First t to print (a t, or an instant: the first transaction at or after it).")
  String from;

  @Option(names = "--to", paramLabel = "T", description = "Last t to print (a t, or an instant: the last transaction at or before it).")
  String to;

  @Mixin FormatOption format;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Formats.Format f = format.choose();
    try (Space s = Space.openReadOnly(space.dir)) {
      long fromT = from == null ? 1 : Times.resolveFrom(s.db(), from);
      long toT = to == null ? Long.MAX_VALUE : Times.resolve(s.db(), to);
      LogFormat.Names names = LogFormat.Names.asOf(s.db(), fromT - 1);
      try (RecordPrinter printer = LogFormat.printer(f, out)) {
        s.readLog(fromT, toT, entry -> {
          names.learn(entry);
          LogFormat.print(printer, entry, names);
        });
      }
    }
    return Spoor.OK;
  }
}
