package dev.spoor.cli;

import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.log.Datom;
import dev.spoor.query.Attribute;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import dev.spoor.query.SystemSchema;
import dev.spoor.query.Uniqueness;
import dev.spoor.space.Space;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "diff", mixinStandardHelpOptions = true,
    description = {"Prints what changed between two points of a space: the datoms of the transactions after T1 up to"
        + " and including T2, grouped by entity, asserted and retracted, one EDN map per entity:",
        "  {:e 17592186044418 :label [:task/id \"t1\"]",
        "   :asserted [[:task/status :done 4]] :retracted [[:task/status :claimed 4]]}",
        "Each change is [attribute value t]. The label is the entity's :db/ident, a lookup ref on a unique"
        + " identity it holds (or held), or \"tx T\" for a transaction's own metadata. With --net, only the"
        + " facts that differ between the two points: a value asserted and retracted again in between drops out.",
        "In a table or CSV, one row per change: e, label, op, attr, value, t."},
    footer = {"", "Examples:",
        "  spoor diff --space data/ 3 5",
        "  spoor diff --space data/ --format table 2026-11-22T09:00Z 2026-11-22T10:00Z",
        "  spoor diff --space data/ --net 0 5       # what stands at t 5",
        "  spoor diff --space data/ 3               # from t 3 to the latest"})
final class DiffCommand implements Callable<Integer> {
  static final List<String> ENTITY_COLUMNS = List.of("e", "label", "asserted", "retracted");
  static final List<String> ROW_COLUMNS = List.of("e", "label", "op", "attr", "value", "t");
  private static final Keyword ASSERT = Keyword.of("assert");
  private static final Keyword RETRACT = Keyword.of("retract");

  @Mixin SpaceOption space;

  @Parameters(index = "0", paramLabel = "T1", description = "The earlier point: a t or an instant (as of then).")
  String t1;

  @Parameters(index = "1", arity = "0..1", paramLabel = "T2",
      description = "The later point: a t or an instant; default the latest.")
  String t2;

  @Option(names = "--net", description = "Only the facts that differ between T1 and T2.")
  boolean net;

  @Mixin FormatOption format;

  @Spec CommandSpec spec;

  /** One changed fact: attribute {@code a} of the entity took (or lost) {@code v} at {@code t}. */
  record Change(long t, long a, Object v, boolean added) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Formats.Format f = format.choose();
    try (Space s = Space.openReadOnly(space.dir)) {
      Db db = s.db();
      long from = Times.resolveExisting(db, t1);
      long until = t2 == null ? db.basisT() : Times.resolveExisting(db, t2);
      if (from > until) {
        throw new CliException("bad-range", "T1 (t " + from + ") is after T2 (t " + until
            + "); give the earlier point first");
      }
      Map<Long, List<Change>> byEntity = changes(s, db, from, until);
      try (RecordPrinter printer = new RecordPrinter(f, f == Formats.Format.EDN || f == Formats.Format.JSON
          ? ENTITY_COLUMNS : ROW_COLUMNS, out)) {
        for (Map.Entry<Long, List<Change>> e : byEntity.entrySet()) {
          print(printer, db, e.getKey(), label(db, e.getKey()), e.getValue());
        }
      }
    }
    return Spoor.OK;
  }

  /** The changes of the transactions in (from, until], by entity, each entity's in log order. */
  private Map<Long, List<Change>> changes(Space s, Db db, long from, long until) {
    Map<Long, List<Change>> byEntity = new TreeMap<>();
    s.readLog(from + 1, until, entry -> {
      for (Datom d : entry.datoms()) {
        byEntity.computeIfAbsent(d.e(), e -> new ArrayList<>()).add(new Change(entry.t(), d.a(), d.v(), d.added()));
      }
    });
    Comparator<Change> order = Comparator.comparingLong(Change::t).thenComparing(Change::added)
        .thenComparingLong(Change::a);
    byEntity.values().forEach(l -> l.sort(order));
    if (!net) {
      return byEntity;
    }
    Db before = db.asOf(from);
    Db after = db.asOf(until);
    Map<Long, List<Change>> netChanges = new TreeMap<>();
    byEntity.forEach((e, changes) -> {
      Map<List<Object>, Change> last = new LinkedHashMap<>();
      for (Change c : changes) {
        last.put(List.of(c.a(), c.v()), c);
      }
      List<Change> kept = new ArrayList<>();
      for (Change c : last.values()) {
        boolean then = stands(before, e, c);
        boolean now = stands(after, e, c);
        if (then != now) {
          kept.add(new Change(c.t(), c.a(), c.v(), now));
        }
      }
      if (!kept.isEmpty()) {
        kept.sort(order);
        netChanges.put(e, kept);
      }
    });
    return netChanges;
  }

  private static boolean stands(Db view, long e, Change c) {
    return view.datoms(Index.EAVT, e, c.a(), c.v()).iterator().hasNext();
  }

  private static void print(RecordPrinter printer, Db db, long e, Optional<Object> label, List<Change> changes) {
    switch (printer.format()) {
      case EDN, JSON -> {
        List<Object> asserted = new ArrayList<>();
        List<Object> retracted = new ArrayList<>();
        for (Change c : changes) {
          Object attr = attribute(db, c.a());
          Object value = DatomPrinter.readableValue(db, c.a(), c.v());
          Object change = printer.format() == Formats.Format.EDN ? List.of(attr, value, c.t())
              : jsonChange(attr, value, c.t());
          (c.added() ? asserted : retracted).add(change);
        }
        Map<Object, Object> edn = new LinkedHashMap<>();
        edn.put(Keyword.of("e"), e);
        label.ifPresent(l -> edn.put(Keyword.of("label"), l));
        edn.put(Keyword.of("asserted"), asserted);
        edn.put(Keyword.of("retracted"), retracted);
        printer.print(Edn.print(edn), List.of(e, label, asserted, retracted));
      }
      default -> {
        for (Change c : changes) {
          printer.print("", List.of(e, label.<Object>map(Formats::text).orElse(""), c.added() ? ASSERT : RETRACT,
              attribute(db, c.a()), DatomPrinter.readableValue(db, c.a(), c.v()), c.t()));
        }
      }
    }
  }

  private static Map<String, Object> jsonChange(Object attr, Object value, long t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("attr", attr);
    m.put("value", value);
    m.put("t", t);
    return m;
  }

  private static Object attribute(Db db, long a) {
    return db.schema().attribute(a).<Object>map(Attribute::ident).orElse(a);
  }

  /**
   * A readable name for entity {@code e}: its ident, a lookup ref on a unique identity it holds
   * (or last held), or {@code "tx T"} for a transaction.
   */
  static Optional<Object> label(Db db, long e) {
    if (e >= SystemSchema.TX_PARTITION && e < SystemSchema.USER_PARTITION) {
      return Optional.of("tx " + Db.txT(e));
    }
    Optional<Keyword> ident = db.ident(e);
    if (ident.isPresent()) {
      return Optional.of(ident.get());
    }
    Optional<Object> held = Optional.empty();
    for (Datom d : db.history().datoms(Index.EAVT, e)) {
      Optional<Attribute> attr = db.schema().attribute(d.a());
      if (d.added() && attr.isPresent() && attr.get().unique() == Uniqueness.IDENTITY) {
        held = Optional.of(List.of(attr.get().ident(), d.v()));
        if (db.datoms(Index.EAVT, e, d.a(), d.v()).iterator().hasNext()) {
          return held; // one that stands now is the best name
        }
      }
    }
    return held;
  }
}
