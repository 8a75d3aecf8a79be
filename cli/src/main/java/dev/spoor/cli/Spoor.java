package dev.spoor.cli;

import dev.spoor.core.SpoorException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code spoor} command: one-shot commands over a space directory. Exit codes: 0 ok,
 * 1 user error (bad input, a rejected transaction, not a space), 2 internal error.
 */
@Command(name = "spoor", mixinStandardHelpOptions = true, version = "spoor 0.1.0",
    description = "A tuple space made of datoms: import, inspect and travel through a space's history.",
    subcommands = {ImportCommand.class, QueryCommand.class, DatomsCommand.class, LogCommand.class, AuditCommand.class, DemoCommand.class,
        StatsCommand.class, DiffCommand.class, ReplayCommand.class, ExportCommand.class,
        ReplCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Examples:",
        "  spoor import --space data/ examples/tasks.edn",
        "  spoor query --space data/ '[:find ?t :where [?e :task/status :open] [?e :task/title ?t]]'",
        "  spoor datoms --space data/ avet :task/status",
        "  spoor log --space data/ --from 2",
        "  spoor audit --space data/ '[:task/id \"t1\"]'",
        "  spoor diff --space data/ 2026-11-22T09:00:00Z 2026-11-22T10:00:00Z",
        "  spoor export --space data/ > data.edn && spoor import --space copy/ data.edn",
        "  spoor demo work-queue"})
public final class Spoor {
  public static final int OK = 0;
  public static final int USER_ERROR = 1;
  public static final int INTERNAL_ERROR = 2;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs {@code spoor args} with the given streams and returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Spoor());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof SpoorException s) {
        err.println("spoor " + commandLine.getCommandName() + ": " + s.getMessage());
        return USER_ERROR;
      }
      err.println("spoor " + commandLine.getCommandName() + ": internal error: " + e);
      e.printStackTrace(err);
      return INTERNAL_ERROR;
    });
    cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USER_ERROR : INTERNAL_ERROR);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
