package dev.spoor.cli;

import dev.spoor.core.Edn;
import dev.spoor.log.Datom;
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
        "{:t T :instant #inst \"...\" :agent \"...\" :data [[e :attr value tx added] ...]}"},
    footer = {"", "Examples:", "  spoor log --space data/", "  spoor log --space data/ --from 10 --to 20"})
final class LogCommand implements Callable<Integer> {
  @Mixin SpaceOption space;

  @Option(names = "--from", paramLabel = "T", description = "First t to print (a t or an instant).")
  String from;

  @Option(names = "--to", paramLabel = "T", description = "Last t to print (a t or an instant).")
  String to;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Space s = Space.openReadOnly(space.dir)) {
      long fromT = from == null ? 1 : Times.resolve(s.db(), from);
      long toT = to == null ? Long.MAX_VALUE : Times.resolve(s.db(), to);
      DatomPrinter printer = new DatomPrinter(s.db());
      s.readLog(fromT, toT, entry -> {
        StringBuilder sb = new StringBuilder("{:t ").append(entry.t()).append(" :instant ");
        Edn.write(entry.instant(), sb);
        sb.append(" :agent ");
        Edn.write(entry.agent(), sb);
        sb.append(" :data [");
        boolean first = true;
        for (Datom d : entry.datoms()) {
          if (!first) {
            sb.append(' ');
          }
          first = false;
          sb.append(printer.print(d));
        }
        out.println(sb.append("]}"));
      });
    }
    return Spoor.OK;
  }
}
