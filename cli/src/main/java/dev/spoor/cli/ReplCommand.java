package dev.spoor.cli;

import dev.spoor.core.Keyword;
import dev.spoor.space.Space;
import dev.spoor.space.SpaceException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "repl", mixinStandardHelpOptions = true,
    description = {"An interactive session over a space: type Datalog queries and see tables, transact with :tx,",
        "travel in time with :as-of, :since and :history. :help inside lists the commands.",
        "On a terminal it edits lines, keeps history, completes with Tab, and Ctrl-C cancels a running",
        "query. With input piped in, it runs each complete query or command it reads and prints",
        "the results, with no prompt; it exits 1 if any of them failed."},
    footer = {"", "Examples:",
        "  spoor repl --space data/",
        "  echo '[:find ?id :where [?e :task/id ?id]]' | spoor repl --space data/ --format edn"})
final class ReplCommand implements Callable<Integer> {
  private static final Keyword LOCKED = Keyword.of("space", "locked");

  @Mixin SpaceOption space;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "How results print at first: table (default), edn, json or csv; :format changes it.")
  String format;

  @Option(names = "--history", paramLabel = "FILE",
      description = "Where the typed lines are kept between sessions (default: ~/.spoor_history).")
  Path history;

  @Spec CommandSpec spec;

  /** A space as the REPL opened it: writable, or read-only with a notice saying why. */
  record Opened(Space space, boolean readOnly, Optional<String> notice) implements AutoCloseable {
    @Override
    public void close() {
      space.close();
    }
  }

  @Override
  public Integer call() {
    Formats.Format f = Formats.choose(format);
    if (ReplTerminal.isInteractive()) {
      try (Opened opened = open(space.dir)) {
        Path h = history != null ? history : Path.of(System.getProperty("user.home"), ".spoor_history");
        return ReplTerminal.run(opened, f, h);
      }
    }
    return run(space.dir, new InputStreamReader(System.in, Charset.defaultCharset()), f,
        spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /**
   * Opens {@code dir} for reading and writing, creating the space if needed. Other processes may
   * write the space at the same time; only when this process has it open already (a REPL
   * started from Java code beside a running space) does it open read-only instead, and say so.
   */
  static Opened open(Path dir) {
    try {
      return new Opened(Space.open(dir), false, Optional.empty());
    } catch (SpaceException e) {
      if (!e.code().equals(LOCKED)) {
        throw e;
      }
      Space s = Space.openReadOnly(dir);
      return new Opened(s, true, Optional.of("note: " + e.getMessage() + "; this session is read-only and sees the"
          + " space as of t " + s.db().basisT()));
    }
  }

  /** The REPL over piped input: opens the space at {@code dir} and runs what {@code in} holds. */
  static int run(Path dir, Reader in, Formats.Format format, PrintWriter out, PrintWriter err) {
    try (Opened opened = open(dir)) {
      opened.notice().ifPresent(err::println);
      ReplSession session = new ReplSession(opened.space(), opened.readOnly(), format, out, err,
          ReplSession.Decor.PLAIN, ReplSession.Runner.INLINE);
      runPiped(session, in);
      err.flush();
      return session.exitCode();
    }
  }

  /**
   * Feeds {@code in} to {@code session} one complete input at a time: lines are gathered until
   * every bracket they open is closed, so a query may span lines, as on a terminal.
   */
  static void runPiped(ReplSession session, Reader in) {
    BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
    StringBuilder pending = new StringBuilder();
    try {
      for (String line; (line = lines.readLine()) != null; ) {
        pending.append(line).append('\n');
        if (ReplInput.isComplete(pending.toString())) {
          ReplSession.Next next = session.handle(pending.toString());
          pending.setLength(0);
          if (next == ReplSession.Next.QUIT) {
            return;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!pending.toString().isBlank()) {
      session.handle(pending.toString()); // unclosed at the end: the parser says where
    }
  }
}
