package dev.spoor.cli;

import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.log.LogEntry;
import dev.spoor.query.Db;
import dev.spoor.space.Space;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Replays a space's transactions in log order.",
        "Without --to, streams them to stdout as `spoor log` prints them (t, instant, agent, datoms),"
        + " optionally paced: --pace 1x keeps the gaps between their instants, 10x is ten times faster,"
        + " 200ms waits a fixed time between transactions.",
        "With --to NEWDIR, copies the space up to --until into NEWDIR, transaction by transaction, verbatim"
        + " (same t, instants, agents, entity ids): a frozen copy to investigate. NEWDIR must be new, empty,"
        + " or a copy of an earlier prefix of the same space, which is then extended."},
    footer = {"", "Examples:",
        "  spoor replay --space data/ --from 10 --until 20",
        "  spoor replay --space data/ --pace 60x --format json | my-consumer",
        "  spoor replay --space data/ --until 2026-11-22T10:00:00Z --to /tmp/before",
        "  spoor query --space /tmp/before '[:find (count ?e) . :where [?e :task/id]]'"})
final class ReplayCommand implements Callable<Integer> {
  private static final Pattern RATIO = Pattern.compile("(\\d+(?:\\.\\d+)?)x");
  private static final Pattern DELAY = Pattern.compile("(\\d+)(ms|s|m)");
  static final List<String> COPY_COLUMNS = List.of("to", "from-t", "until-t", "copied");

  @Mixin SpaceOption space;

  @Option(names = "--from", paramLabel = "T",
      description = "First t to stream (a t, or an instant: the first transaction at or after it); default 1.")
  String from;

  @Option(names = "--until", paramLabel = "T",
      description = "Last t to stream or copy (a t, or an instant: the last transaction at or before it); default the last.")
  String until;

  @Option(names = "--to", paramLabel = "NEWDIR", description = "Copy the space up to --until into NEWDIR instead of streaming.")
  Path to;

  @Option(names = "--pace", paramLabel = "PACE",
      description = "Stream paced: Nx (N times real time, e.g. 1x, 10x, 0.5x) or a fixed delay (200ms, 2s, 1m).")
  String pace;

  @Mixin FormatOption format;

  @Spec CommandSpec spec;

  /** How long to wait before each streamed transaction. */
  interface Pacer {
    Duration before(Instant previous, Instant next);
  }

  static Pacer pacer(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    Matcher ratio = RATIO.matcher(s);
    if (ratio.matches()) {
      double r = Double.parseDouble(ratio.group(1));
      if (r <= 0) {
        throw badPace(text);
      }
      return (previous, next) -> Duration.ofNanos((long) (Duration.between(previous, next).toNanos() / r));
    }
    Matcher delay = DELAY.matcher(s);
    if (delay.matches()) {
      long n = Long.parseLong(delay.group(1));
      Duration d = switch (delay.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        default -> Duration.ofMinutes(n);
      };
      return (previous, next) -> d;
    }
    throw badPace(text);
  }

  private static CliException badPace(String text) {
    return new CliException("bad-pace", "--pace \"" + text + "\" is neither a speed such as 1x or 10x nor a delay"
        + " such as 200ms, 2s or 1m");
  }

  @Override
  public Integer call() {
    if (to != null) {
      if (from != null) {
        throw new CliException("bad-option", "--from applies to streaming; a copy with --to always starts at t 1"
            + " (or where NEWDIR ends)");
      }
      if (pace != null) {
        throw new CliException("bad-option", "--pace applies to streaming, not to a copy with --to");
      }
      return copy();
    }
    return stream();
  }

  private int stream() {
    PrintWriter out = spec.commandLine().getOut();
    Formats.Format f = format.choose();
    Pacer pacer = pace == null ? null : pacer(pace);
    try (Space s = Space.openReadOnly(space.dir)) {
      Db db = s.db();
      long fromT = from == null ? 1 : Times.resolveFrom(db, from);
      long untilT = until == null ? db.basisT() : Times.resolve(db, until);
      LogFormat.Names names = LogFormat.Names.asOf(db, fromT - 1);
      Instant[] previous = {null};
      try (RecordPrinter printer = LogFormat.printer(f, out)) {
        s.readLog(fromT, untilT, entry -> {
          if (pacer != null && previous[0] != null) {
            sleep(pacer.before(previous[0], entry.instant()));
          }
          previous[0] = entry.instant();
          names.learn(entry);
          LogFormat.print(printer, entry, names);
          out.flush();
        });
      }
    }
    return Spoor.OK;
  }

  private static void sleep(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", "interrupted");
    }
  }

  private int copy() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Formats.Format f = format.choose();
    if (to.toAbsolutePath().normalize().equals(space.dir.toAbsolutePath().normalize())) {
      throw new CliException("bad-option", "--to " + to + " is the space itself; give a new directory");
    }
    try (Space source = Space.openReadOnly(space.dir)) {
      Db db = source.db();
      long untilT = Math.min(db.basisT(), until == null ? db.basisT() : Times.resolve(db, until));
      try (Space target = Space.open(to)) {
        long have = target.db().basisT();
        if (have > untilT) {
          throw new CliException("not-a-prefix", to + " already holds t 1.." + have + ", past --until t " + untilT);
        }
        checkPrefix(source, target, have);
        Progress progress = Progress.onTerminal(err, "replay", untilT - have);
        long[] copied = {0};
        source.readLog(have + 1, untilT, entry -> {
          target.copy(entry);
          copied[0]++;
          progress.update(copied[0], copied[0]);
        });
        progress.done();
        Map<Object, Object> summary = new LinkedHashMap<>();
        summary.put(Keyword.of("to"), to.toString());
        summary.put(Keyword.of("from-t"), have + 1);
        summary.put(Keyword.of("until-t"), untilT);
        summary.put(Keyword.of("copied"), copied[0]);
        try (RecordPrinter printer = new RecordPrinter(f, COPY_COLUMNS, out)) {
          printer.print(Edn.print(summary), List.copyOf(summary.values()));
        }
      }
    }
    return Spoor.OK;
  }

  /** Refuses a target whose transactions 1..{@code have} are not exactly the source's. */
  private void checkPrefix(Space source, Space target, long have) {
    int chunk = 1000;
    for (long t = 1; t <= have; t += chunk) {
      long last = Math.min(have, t + chunk - 1);
      List<LogEntry> mine = target.logEntries(t, last);
      List<LogEntry> theirs = source.logEntries(t, last);
      for (int i = 0; i < mine.size(); i++) {
        if (i >= theirs.size() || !mine.get(i).equals(theirs.get(i))) {
          throw new CliException("not-a-prefix", to + " is not a copy of " + space.dir + ": its transaction t "
              + mine.get(i).t() + " differs; give a new or empty directory");
        }
      }
    }
  }
}
