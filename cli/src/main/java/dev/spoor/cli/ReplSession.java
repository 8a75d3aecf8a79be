package dev.spoor.cli;

import dev.spoor.cli.Formats.Format;
import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.core.SpoorException;
import dev.spoor.datalog.Query;
import dev.spoor.log.Datom;
import dev.spoor.query.Attribute;
import dev.spoor.query.Datalog;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import dev.spoor.query.QueryResult;
import dev.spoor.query.SystemSchema;
import dev.spoor.query.Uniqueness;
import dev.spoor.space.Space;
import dev.spoor.space.TxReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One REPL session over a space: what the person typed goes in ({@link #handle}), results and
 * errors come out. It keeps the session's view of the space ({@code :as-of}, {@code :since},
 * {@code :history}) and output format. It knows nothing of terminals: {@link ReplTerminal} and
 * {@link ReplCommand#runPiped} feed it lines, and a {@link Runner} decides where queries run
 * (a worker thread that Ctrl-C can cancel, on a terminal).
 */
final class ReplSession {
  /** What to do after a line. */
  enum Next { CONTINUE, QUIT }

  /** A command, for {@code :help} and completion. */
  record CommandHelp(String name, String args, String help) {}

  static final List<CommandHelp> COMMANDS = List.of(
      new CommandHelp(":tx", "DATA", "transact DATA (a vector of maps and list forms) and show the report"),
      new CommandHelp(":as-of", "T", "view the space as of T (a t, or an instant like 2026-11-22T10:00:00Z)"),
      new CommandHelp(":since", "T", "view only the datoms asserted after T"),
      new CommandHelp(":history", "", "view every assertion and retraction"),
      new CommandHelp(":now", "", "view the latest state again (drops :as-of, :since and :history)"),
      new CommandHelp(":explain", "QUERY", "run QUERY and show its plan: each clause in the order run, with row counts"),
      new CommandHelp(":format", "table|edn|json|csv", "how results print (no argument: show the current one)"),
      new CommandHelp(":schema", "", "the installed attributes: ident, type, cardinality, unique, doc"),
      new CommandHelp(":agents", "", "the agents in the viewed space and their leases"),
      new CommandHelp(":cursors", "", "the agents' acknowledged cursor positions"),
      new CommandHelp(":stats", "", "datoms per attribute, log size, basis t, agents"),
      new CommandHelp(":help", "", "this list"),
      new CommandHelp(":quit", "", "leave (also :exit, or Ctrl-D)"));

  /** Where a query's work runs; a runner may give up on it with {@link Cancelled}. */
  interface Runner {
    <T> T run(Callable<T> work);

    /** Runs the work on the calling thread. */
    Runner INLINE = new Runner() {
      @Override
      public <T> T run(Callable<T> work) {
        try {
          return work.call();
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  /** The person stopped a running query (Ctrl-C). */
  static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super("cancelled", null, false, false);
    }
  }

  /**
   * How output looks: {@code error} and {@code dim} decorate text (colours on a terminal),
   * {@code timing} adds how long each query took (left out when piped, so output is stable).
   */
  /**
   * How output is dressed: errors and dim text styled, timings shown, and tables fitted to
   * {@code width} columns (read before each result, as the terminal may be resized; 0 for no
   * limit).
   */
  record Decor(UnaryOperator<String> error, UnaryOperator<String> dim, boolean timing, java.util.function.IntSupplier width) {
    static final Decor PLAIN = new Decor(s -> s, s -> s, false, () -> 0);
  }

  /** The session's view of the space; each part narrows it, as Db views combine. */
  record View(OptionalLong asOf, OptionalLong since, boolean history) {
    static final View NOW = new View(OptionalLong.empty(), OptionalLong.empty(), false);

    Db apply(Db latest) {
      Db db = latest;
      if (asOf.isPresent()) {
        db = db.asOf(asOf.getAsLong());
      }
      if (since.isPresent()) {
        db = db.since(since.getAsLong());
      }
      return history ? db.history() : db;
    }

    /** How the prompt shows the view: "" for now, else e.g. "as-of 2 history". */
    String describe() {
      List<String> parts = new ArrayList<>();
      asOf.ifPresent(t -> parts.add("as-of " + t));
      since.ifPresent(t -> parts.add("since " + t));
      if (history) {
        parts.add("history");
      }
      return String.join(" ", parts);
    }
  }

  private static final Keyword AGENT_NAME = Keyword.of("spoor.agent/name");
  private static final Keyword LEASE_UNTIL = Keyword.of("spoor.agent/lease-until");

  private final Space space;
  private final boolean readOnly;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Decor decor;
  private final Runner runner;
  private View view = View.NOW;
  private Format format;
  private int exitCode = Spoor.OK;

  ReplSession(Space space, boolean readOnly, Format format, PrintWriter out, PrintWriter err, Decor decor,
      Runner runner) {
    this.space = space;
    this.readOnly = readOnly;
    this.format = format;
    this.out = out;
    this.err = err;
    this.decor = decor;
    this.runner = runner;
  }

  /** The prompt, showing the view: {@code spoor> }, {@code spoor as-of 2> }. */
  String prompt() {
    String v = view.describe();
    return "spoor" + (readOnly ? " (read-only)" : "") + (v.isEmpty() ? "" : " " + v) + "> ";
  }

  View view() {
    return view;
  }

  Space space() {
    return space;
  }

  /**
   * The exit code the session ends with: 0 when every line worked, 1 when one was wrong
   * (a bad query, a rejected transaction), 2 when Spoor failed on one.
   */
  int exitCode() {
    return exitCode;
  }

  /** Carries out one complete input: a command ({@code :name ...}) or a query. Never throws. */
  Next handle(String input) {
    String text = input.strip();
    if (text.isEmpty()) {
      return Next.CONTINUE;
    }
    try {
      if (text.startsWith(":")) {
        return command(text);
      }
      query(text, false);
    } catch (Cancelled e) {
      err.println(decor.error().apply("query cancelled"));
    } catch (SpoorException e) {
      exitCode = Math.max(exitCode, Spoor.USER_ERROR);
      err.println(decor.error().apply("error: " + e.getMessage()));
    } catch (RuntimeException | StackOverflowError e) {
      exitCode = Spoor.INTERNAL_ERROR;
      err.println(decor.error().apply("internal error: " + e));
      e.printStackTrace(err);
    } finally {
      out.flush();
      err.flush();
    }
    return Next.CONTINUE;
  }

  private Next command(String text) {
    int end = firstWhitespace(text);
    String name = text.substring(0, end);
    String arg = text.substring(end).strip();
    switch (name) {
      case ":quit", ":exit", ":q" -> {
        return Next.QUIT;
      }
      case ":help", ":h", ":?" -> help();
      case ":tx" -> transact(requireArg(name, arg, "transaction data, e.g. :tx [{:db/id \"a\" :task/id \"t1\"}]"));
      case ":as-of" -> {
        long t = time(name, arg);
        view = new View(OptionalLong.of(t), view.since(), view.history());
        describeView();
      }
      case ":since" -> {
        long t = time(name, arg);
        view = new View(view.asOf(), OptionalLong.of(t), view.history());
        describeView();
      }
      case ":history" -> {
        noArg(name, arg);
        view = new View(view.asOf(), view.since(), true);
        describeView();
      }
      case ":now" -> {
        noArg(name, arg);
        view = View.NOW;
        describeView();
      }
      case ":explain" -> query(requireArg(name, arg, "a query, e.g. :explain [:find ?e :where [?e :db/ident]]"), true);
      case ":format" -> {
        if (arg.isEmpty()) {
          out.println("format " + format.name().toLowerCase(Locale.ROOT));
        } else {
          format = Formats.choose(arg);
          out.println("format " + format.name().toLowerCase(Locale.ROOT));
        }
      }
      case ":schema" -> {
        noArg(name, arg);
        schema();
      }
      case ":agents" -> {
        noArg(name, arg);
        agents();
      }
      case ":cursors" -> {
        noArg(name, arg);
        cursors();
      }
      case ":stats" -> {
        noArg(name, arg);
        StatsCommand.render(StatsCommand.stats(space, Instant.now()), format, out);
      }
      default -> throw new CliException("repl-unknown-command", "unknown command " + name
          + "; :help lists the commands, and a query starts with [ or {");
    }
    return Next.CONTINUE;
  }

  private static int firstWhitespace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == '[' || text.charAt(i) == '{') {
        return i;
      }
    }
    return text.length();
  }

  private static String requireArg(String name, String arg, String what) {
    if (arg.isEmpty()) {
      throw new CliException("repl-missing-argument", name + " needs " + what);
    }
    return arg;
  }

  private static void noArg(String name, String arg) {
    if (!arg.isEmpty()) {
      throw new CliException("repl-extra-argument", name + " takes no argument; got \"" + arg + "\"");
    }
  }

  private long time(String name, String arg) {
    return Times.resolve(space.sync(), requireArg(name, arg, "a t or an instant, e.g. " + name + " 3 or " + name
        + " 2026-11-22T10:00:00Z"));
  }

  private void help() {
    out.println("Type a query to run it against the session's view, e.g.");
    out.println("  [:find ?ident :where [_ :db/ident ?ident]]");
    out.println("A query or :tx may span lines: the REPL waits until its brackets close.");
    out.println();
    int width = COMMANDS.stream().mapToInt(c -> (c.name() + " " + c.args()).strip().length()).max().orElse(0);
    for (CommandHelp c : COMMANDS) {
      out.printf("  %-" + width + "s  %s%n", (c.name() + " " + c.args()).strip(), c.help());
    }
    out.println();
    out.println("Keys: Tab completes commands and attribute idents, Up/Down walk the history,");
    out.println("Ctrl-C cancels a running query (or clears the line), Ctrl-D leaves.");
  }

  private void describeView() {
    Db latest = space.sync();
    String v = view.describe();
    if (v.isEmpty()) {
      out.println("viewing the latest state (t " + latest.basisT() + ")");
      return;
    }
    StringBuilder sb = new StringBuilder("viewing ").append(v);
    view.asOf().ifPresent(t -> sb.append(t <= latest.basisT()
        ? " (t " + t + " committed " + latest.instantOf(t) + ")"
        : " (the space is at t " + latest.basisT() + ")"));
    out.println(sb.append("; :now returns to the latest"));
  }

  // ---------------------------------------------------------------------------------------
  // Queries

  private void query(String text, boolean explain) {
    Datalog datalog = space.datalog();
    Query parsed = datalog.parse(text);
    Db db = view.apply(space.sync());
    List<Object> inputs = new ArrayList<>();
    for (Query.Input in : parsed.inputs()) {
      if (!(in instanceof Query.Input.Source)) {
        throw new CliException("repl-input", "the REPL gives each $ source of :in the session's view and has no"
            + " other inputs; write values into the query, and rules as :rules [...]");
      }
      inputs.add(db);
    }
    Format f = format;
    int width = decor.width().getAsInt();
    long start = System.nanoTime();
    Rendered r = runner.run(() -> {
      QueryResult result = explain ? datalog.explain(text, inputs.toArray()) : datalog.q(parsed, inputs.toArray());
      StringWriter buffer = new StringWriter();
      PrintWriter pw = new PrintWriter(buffer);
      if (explain) {
        result.plan().forEach(line -> pw.println("plan: " + line));
      }
      if (f == Format.TABLE) {
        Formats.table(result, pw, width);
      } else {
        Formats.print(result, f, pw);
      }
      pw.flush();
      boolean single = result.find() instanceof Query.Find.Tuple || result.find() instanceof Query.Find.Scalar;
      return new Rendered(buffer.toString(), single ? Math.min(1, result.size()) : result.size());
    });
    long millis = (System.nanoTime() - start) / 1_000_000;
    String shown = r.text();
    if (decor.timing()) {
      String count = "(" + r.rows() + " row" + (r.rows() == 1 ? "" : "s");
      String timed = count + ", " + millis + " ms)";
      if (f == Format.TABLE && shown.endsWith(count + ")" + System.lineSeparator())) {
        shown = shown.substring(0, shown.length() - count.length() - 1 - System.lineSeparator().length())
            + decor.dim().apply(timed) + System.lineSeparator();
      } else {
        shown = shown + decor.dim().apply(timed) + System.lineSeparator();
      }
    }
    out.print(shown);
  }

  private record Rendered(String text, int rows) {}

  // ---------------------------------------------------------------------------------------
  // Transactions

  private void transact(String data) {
    if (readOnly) {
      throw new CliException("repl-read-only", "this session is read-only (this process has the space open"
          + " for writing already), so :tx cannot commit");
    }
    TxReport report = space.transact(data);
    long added = report.txData().stream().filter(Datom::added).count();
    long retracted = report.txData().size() - added;
    Db after = report.dbAfter();
    out.println("t " + report.t() + " committed at " + after.instantOf(report.t()) + ": " + added + " datom"
        + (added == 1 ? "" : "s") + " added, " + retracted + " retracted");
    if (!report.tempids().isEmpty()) {
      Map<String, Long> sorted = new java.util.TreeMap<>(report.tempids());
      StringBuilder sb = new StringBuilder("tempids:");
      sorted.forEach((tempid, e) -> sb.append(' ').append(Edn.print(tempid)).append(" ").append(e));
      out.println(sb);
    }
    DatomPrinter printer = new DatomPrinter(after);
    for (Datom d : report.txData()) {
      out.println("  " + printer.print(d));
    }
    String v = view.describe();
    if (!v.isEmpty()) {
      out.println(decor.dim().apply("(the session views " + v + "; :now shows the latest)"));
    }
  }

  // ---------------------------------------------------------------------------------------
  // Inspecting the space

  private void schema() {
    Db db = view.apply(space.sync());
    List<Attribute> attrs = db.schema().attributes().stream()
        .filter(a -> a.id() >= SystemSchema.FIRST_USER_ATTRIBUTE_ID)
        .sorted(Comparator.comparing(a -> a.ident().toString()))
        .toList();
    if (attrs.isEmpty() && format == Format.TABLE) {
      out.println("no attributes installed yet; install one with");
      out.println("  :tx [{:db/ident :task/id :db/valueType :db.type/string :db/cardinality :db.cardinality/one"
          + " :db/unique :db.unique/identity}]");
      return;
    }
    try (RecordPrinter p = new RecordPrinter(format,
        List.of("ident", "type", "cardinality", "unique", "component", "doc"), out)) {
      for (Attribute a : attrs) {
        Map<Keyword, Object> edn = new LinkedHashMap<>();
        edn.put(SystemSchema.IDENT, a.ident());
        edn.put(SystemSchema.VALUE_TYPE, a.valueType().ident());
        edn.put(SystemSchema.CARDINALITY, a.cardinality().ident());
        if (a.unique() != Uniqueness.NONE) {
          edn.put(SystemSchema.UNIQUE, a.unique().ident());
        }
        if (a.isComponent()) {
          edn.put(SystemSchema.IS_COMPONENT, true);
        }
        if (!a.doc().isEmpty()) {
          edn.put(SystemSchema.DOC, a.doc());
        }
        p.print(Edn.print(edn), List.of(a.ident(), a.valueType().ident().name(),
            a.cardinality().ident().name(), a.unique() == Uniqueness.NONE ? "" : a.unique().ident().name(),
            a.isComponent() ? "yes" : "", a.doc()));
      }
    }
  }

  private void agents() {
    Db db = view.apply(space.sync());
    Optional<Attribute> nameAttr = db.schema().attribute(AGENT_NAME);
    if (nameAttr.isEmpty()) {
      out.println("no agents: this space has no agent schema yet (the first agent to join installs it)");
      return;
    }
    Optional<Attribute> leaseAttr = db.schema().attribute(LEASE_UNTIL);
    Instant now = Instant.now();
    List<List<Object>> rows = new ArrayList<>();
    for (Datom d : db.datoms(Index.AEVT, nameAttr.get().id())) {
      if (!d.added()) {
        continue;
      }
      Optional<Instant> lease = Optional.empty();
      if (leaseAttr.isPresent()) {
        for (Datom l : db.datoms(Index.EAVT, d.e(), leaseAttr.get().id())) {
          if (l.added()) {
            lease = Optional.of((Instant) l.v());
          }
        }
      }
      String state = lease.isEmpty() ? "gone" : lease.get().isAfter(now) ? "present" : "lapsed";
      rows.add(List.of(d.v(), d.e(), state, lease.<Object>map(i -> i).orElse("")));
    }
    rows.sort(Comparator.comparing(r -> (String) r.get(0)));
    if (rows.isEmpty() && format == Format.TABLE) {
      out.println("no agents");
      return;
    }
    try (RecordPrinter p = new RecordPrinter(format, List.of("name", "entity", "state", "lease-until"), out)) {
      for (List<Object> r : rows) {
        Map<Keyword, Object> edn = new LinkedHashMap<>();
        edn.put(AGENT_NAME, r.get(0));
        edn.put(Keyword.of("db/id"), r.get(1));
        edn.put(Keyword.of("state"), Keyword.of((String) r.get(2)));
        if (r.get(3) instanceof Instant i) {
          edn.put(LEASE_UNTIL, i);
        }
        p.print(Edn.print(edn), r);
      }
    }
  }

  /**
   * Cursor positions, read from {@code DIR/cursors/AGENT/CURSOR.ack} (each holding
   * {@code acked-t=N}, names percent-encoded): the space API has no public way to list them.
   */
  private void cursors() {
    List<List<Object>> rows = new ArrayList<>();
    Optional<Path> dir = space.directory().map(d -> d.resolve("cursors"));
    if (dir.isPresent() && Files.isDirectory(dir.get())) {
      try (Stream<Path> agents = Files.list(dir.get())) {
        for (Path agent : agents.filter(Files::isDirectory).toList()) {
          try (Stream<Path> files = Files.list(agent)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".ack")).toList()) {
              String file = f.getFileName().toString();
              rows.add(List.of(decode(agent.getFileName().toString()),
                  decode(file.substring(0, file.length() - ".ack".length())), ackedT(f)));
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    rows.sort(Comparator.comparing((List<Object> r) -> (String) r.get(0)).thenComparing(r -> (String) r.get(1)));
    if (rows.isEmpty() && format == Format.TABLE) {
      out.println("no cursors" + (space.directory().isEmpty() ? " (an in-memory space keeps none on disk)"
          : ": no agent has acknowledged a cursor position in this space"));
      return;
    }
    try (RecordPrinter p = new RecordPrinter(format, List.of("agent", "cursor", "acked-t"), out)) {
      for (List<Object> r : rows) {
        Map<Keyword, Object> edn = new LinkedHashMap<>();
        edn.put(Keyword.of("agent"), r.get(0));
        edn.put(Keyword.of("cursor"), r.get(1));
        edn.put(Keyword.of("acked-t"), r.get(2));
        p.print(Edn.print(edn), r);
      }
    }
  }

  private static String decode(String fileName) {
    return URLDecoder.decode(fileName.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static Object ackedT(Path f) {
    try {
      String text = Files.readString(f, StandardCharsets.UTF_8).strip();
      if (text.startsWith("acked-t=")) {
        return Long.parseLong(text.substring("acked-t=".length()));
      }
      return "unreadable: " + text;
    } catch (IOException | NumberFormatException e) {
      return "unreadable: " + e.getMessage();
    }
  }
}
