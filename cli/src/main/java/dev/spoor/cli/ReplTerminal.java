package dev.spoor.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The REPL on a terminal, through JLine: line editing, history kept in a file, multi-line input
 * that waits for closing brackets ({@link ReplParser}), Tab completion ({@link ReplCompleter}),
 * and queries on a worker thread that Ctrl-C cancels without leaving the REPL.
 */
final class ReplTerminal {
  private ReplTerminal() {}

  /** Whether stdin and stdout are both a terminal (on Java 22+, {@code System.console()} alone does not say). */
  static boolean isInteractive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // before Java 22, a console means a terminal
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /** Runs the session until {@code :quit} or Ctrl-D; returns its exit code. */
  static int run(ReplCommand.Opened opened, Formats.Format format, Path historyFile) {
    Terminal terminal;
    try {
      terminal = TerminalBuilder.builder().system(true).name("spoor").build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
    }
    try (terminal) {
      // Ctrl-C never ends the REPL: it clears the line being edited, or cancels the running query.
      terminal.handle(Terminal.Signal.INT, signal -> { });
      PrintWriter out = terminal.writer();
      boolean colour = !Terminal.TYPE_DUMB.equals(terminal.getType())
          && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
      ReplSession.Decor decor = new ReplSession.Decor(
          s -> colour ? styled(s, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED), terminal) : s,
          s -> colour ? styled(s, AttributedStyle.DEFAULT.faint(), terminal) : s,
          true, terminal::getWidth);
      ReplSession session = new ReplSession(opened.space(), opened.readOnly(), format, out, out, decor,
          new Cancellable(terminal));
      LineReader reader = LineReaderBuilder.builder()
          .terminal(terminal)
          .appName("spoor")
          .parser(new ReplParser())
          .completer(new ReplCompleter(opened.space()))
          .variable(LineReader.HISTORY_FILE, historyFile)
          .variable(LineReader.HISTORY_SIZE, 1000)
          .variable(LineReader.HISTORY_FILE_SIZE, 10_000)
          .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P ...> ")
          .variable(LineReader.INDENTATION, 2)
          .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is part of queries: (!= ?a ?b)
          .option(LineReader.Option.INSERT_TAB, false)
          .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
          .build();
      opened.notice().ifPresent(n -> out.println(decor.error().apply(n)));
      out.println("Spoor REPL on " + opened.space().directory().map(Path::toString).orElse("(in memory)")
          + " at t " + opened.space().db().basisT() + ". Type a query, :help for commands, Ctrl-D to leave.");
      out.flush();
      while (true) {
        String line;
        try {
          line = reader.readLine(session.prompt());
        } catch (UserInterruptException e) {
          continue; // Ctrl-C at the prompt clears the line
        } catch (EndOfFileException e) {
          break;
        }
        if (session.handle(line) == ReplSession.Next.QUIT) {
          break;
        }
      }
      try {
        reader.getHistory().save();
      } catch (IOException e) {
        out.println(decor.error().apply("cannot save the history to " + historyFile + ": " + e.getMessage()));
      }
      out.flush();
      return Spoor.OK;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String styled(String s, AttributedStyle style, Terminal terminal) {
    return new AttributedString(s, style).toAnsi(terminal);
  }

  /**
   * Runs each query on a thread of its own; Ctrl-C (SIGINT, which the terminal delivers while
   * no line is being read) interrupts it, which the query engine checks between steps. The
   * prompt comes back at once: a query that takes a moment to notice stops in the background.
   */
  private static final class Cancellable implements ReplSession.Runner {
    private final Terminal terminal;

    Cancellable(Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public <T> T run(Callable<T> work) {
      FutureTask<T> task = new FutureTask<>(work);
      Thread worker = new Thread(task, "spoor-repl-query");
      worker.setDaemon(true);
      Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> task.cancel(true));
      try {
        worker.start();
        return task.get();
      } catch (CancellationException e) {
        awaitQuietly(worker);
        throw new ReplSession.Cancelled();
      } catch (InterruptedException e) {
        task.cancel(true);
        Thread.currentThread().interrupt();
        throw new ReplSession.Cancelled();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(cause);
      } finally {
        terminal.handle(Terminal.Signal.INT, previous);
      }
    }

    /** Gives a cancelled query a moment to stop, so the next one does not share the CPU with it. */
    private static void awaitQuietly(Thread worker) {
      try {
        worker.join(TimeUnit.SECONDS.toMillis(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
