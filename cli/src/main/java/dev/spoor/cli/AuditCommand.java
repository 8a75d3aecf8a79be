package dev.spoor.cli;

import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.datalog.EdnReader;
import dev.spoor.log.Datom;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import dev.spoor.query.SystemSchema;
import dev.spoor.space.Space;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true,
    description = {"Prints an entity's whole life, oldest first: every assertion and retraction with its t, instant,"
        + " agent and the transaction's other metadata, one EDN map per line:",
        "  {:t T :instant #inst \"...\" :agent \"...\" :op :assert|:retract",
        "   :attr :a/b :value V :tx-data {...}}",
        "In a table, JSON or CSV the columns are t, instant, agent, op, attr, value, tx-data. A reference"
        + " to an entity with an ident prints as the ident (:task.status/open). A lookup ref whose value was"
        + " retracted still names the entity that held it."},
    footer = {"", "Examples:", "  spoor audit --space data/ 17592186044417",
        "  spoor audit --space data/ '[:task/id \"t1\"]'",
        "  spoor audit --space data/ :task/status",
        "  spoor audit --space data/ --format csv '[:task/id \"t1\"]' > t1.csv"})
final class AuditCommand implements Callable<Integer> {
  private static final Keyword ASSERT = Keyword.of("assert");
  private static final Keyword RETRACT = Keyword.of("retract");

  static final List<String> COLUMNS = List.of("t", "instant", "agent", "op", "attr", "value", "tx-data");

  @Mixin SpaceOption space;

  @Mixin FormatOption format;

  @Parameters(paramLabel = "ENTITY", description = "An entity id, ident or lookup ref, as EDN.")
  String entity;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Formats.Format f = format.choose();
    Object ref = EdnReader.readValue(entity);
    try (Space s = Space.openReadOnly(space.dir)) {
      Db db = s.db();
      Db history = db.history();
      long e = history.entid(ref).orElseGet(() -> resolveInHistory(history, ref));
      List<Datom> life = new ArrayList<>(history.datomList(Index.EAVT, e));
      life.sort(Comparator.comparingLong(Datom::tx).thenComparing(Datom::added).thenComparingLong(Datom::a));
      if (life.isEmpty()) {
        throw new CliException("no-such-entity", "entity " + entity + " has no facts in this space's history");
      }
      Map<Long, Map<Object, Object>> txMeta = new LinkedHashMap<>();
      RecordPrinter records = new RecordPrinter(f, COLUMNS, out);
      for (Datom d : life) {
        Map<Object, Object> meta = txMeta.computeIfAbsent(d.tx(), tx -> metadata(db, tx));
        Map<Object, Object> line = new LinkedHashMap<>();
        line.put(Keyword.of("t"), Db.txT(d.tx()));
        line.put(Keyword.of("instant"), db.instantOf(Db.txT(d.tx())));
        line.put(Keyword.of("agent"), meta.getOrDefault(SystemSchema.TX_AGENT, ""));
        line.put(Keyword.of("op"), d.added() ? ASSERT : RETRACT);
        line.put(Keyword.of("attr"), db.attribute(d.a()).ident());
        line.put(Keyword.of("value"), DatomPrinter.readableValue(db, d.a(), d.v()));
        Map<Object, Object> rest = new LinkedHashMap<>(meta);
        rest.remove(SystemSchema.TX_AGENT);
        rest.remove(SystemSchema.TX_INSTANT);
        line.put(Keyword.of("tx-data"), rest);
        records.print(f == Formats.Format.EDN ? Edn.print(line) : "", List.copyOf(line.values()));
      }
      records.close();
    }
    return Spoor.OK;
  }

  /** A lookup ref whose value is no longer held still names the entity that held it. */
  private static long resolveInHistory(Db history, Object ref) {
    if (ref instanceof List<?> l && l.size() == 2) {
      for (Datom d : history.datoms(Index.AVET, l.get(0), history.coerceValue(history.attribute(l.get(0)), l.get(1)))) {
        return d.e();
      }
    }
    throw new CliException("no-such-entity", Edn.print(ref) + " names no entity in this space's history");
  }

  private static Map<Object, Object> metadata(Db db, long tx) {
    Map<Object, Object> meta = new LinkedHashMap<>();
    for (Datom d : db.datoms(Index.EAVT, tx)) {
      meta.put(db.attribute(d.a()).ident(), d.v());
    }
    return meta;
  }
}
