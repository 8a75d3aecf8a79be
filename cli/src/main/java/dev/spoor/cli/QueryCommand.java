package dev.spoor.cli;

import dev.spoor.datalog.EdnReader;
import dev.spoor.datalog.Query;
import dev.spoor.query.Datalog;
import dev.spoor.query.Db;
import dev.spoor.query.QueryResult;
import dev.spoor.space.Space;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"Runs a Datalog query, written as Datomic writes it, against a space.",
        "Each $ source of :in is the space (or the --as-of/--since/--history view of it); each other input",
        "takes the next ARG, as EDN (rules for %% too)."},
    footer = {"", "Examples:",
        "  spoor query --space data/ '[:find ?t :where [?e :task/status :open] [?e :task/title ?t]]'",
        "  spoor query --space data/ '[:find ?t :in $ ?s :where [?e :task/status ?s] [?e :task/title ?t]]' :done",
        "  spoor query --space data/ --as-of 3 --format table '[:find ?s (count ?e) :where [?e :task/status ?s]]'",
        "  spoor query --space data/ --history '[:find ?v ?tx ?added :where [?e :task/status ?v ?tx ?added]]'"})
final class QueryCommand implements Callable<Integer> {
  @Mixin SpaceOption space;

  @ArgGroup(exclusive = true)
  DatomsCommand.View view = new DatomsCommand.View();

  @Mixin FormatOption format;

  @Option(names = "--explain", description = "Print the plan (each clause with its row counts) to stderr.")
  boolean explain;

  @Parameters(index = "0", paramLabel = "QUERY", description = "The query, as EDN.")
  String query;

  @Parameters(index = "1..*", paramLabel = "ARG", description = "Inputs after the sources, as EDN.")
  List<String> args = List.of();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Datalog datalog = Datalog.builtIns();
    Query parsed = datalog.parse(query);
    try (Space s = Space.openReadOnly(space.dir)) {
      Db db = view.apply(s.db());
      List<Object> inputs = new ArrayList<>();
      int next = 0;
      for (Query.Input in : parsed.inputs()) {
        if (in instanceof Query.Input.Source) {
          inputs.add(db);
          continue;
        }
        if (next >= args.size()) {
          throw new CliException("missing-argument", "the query's :in needs " + countNonSources(parsed)
              + " argument(s) after the sources; got " + args.size());
        }
        String arg = args.get(next++);
        inputs.add(in instanceof Query.Input.Rules ? arg : EdnReader.readValue(arg));
      }
      if (next < args.size()) {
        throw new CliException("extra-argument", "the query's :in takes " + next + " argument(s) after the sources;"
            + " got " + args.size());
      }
      QueryResult r = explain ? datalog.explain(query, inputs.toArray()) : datalog.q(parsed, inputs.toArray());
      if (explain) {
        PrintWriter err = spec.commandLine().getErr();
        r.plan().forEach(line -> err.println("plan: " + line));
      }
      Formats.print(r, format.choose(), out);
    }
    return Spoor.OK;
  }

  private static long countNonSources(Query q) {
    return q.inputs().stream().filter(i -> !(i instanceof Query.Input.Source)).count();
  }
}
