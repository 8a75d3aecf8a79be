package dev.spoor.cli;

import dev.spoor.cli.Formats.Format;
import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.log.Datom;
import dev.spoor.log.ValueType;
import dev.spoor.query.Attribute;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import dev.spoor.query.SystemSchema;
import dev.spoor.space.Space;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "stats", mixinStandardHelpOptions = true,
    description = {"Prints what a space holds: its basis t, datoms per attribute (standing now, asserted and retracted"
        + " over its history), index rows and memory, the log's size on disk, and its agents (present or gone,"
        + " with their transactions)."},
    footer = {"", "Examples:",
        "  spoor stats --space data/",
        "  spoor stats --space data/ --format json | jq '.attributes[]'",
        "  spoor stats --space data/ --format csv > stats.csv"})
public final class StatsCommand implements Callable<Integer> {
  private static final Keyword AGENT_NAME = Keyword.of("spoor.agent/name");
  private static final Keyword LEASE_UNTIL = Keyword.of("spoor.agent/lease-until");

  @Mixin SpaceOption space;

  @Mixin FormatOption format;

  @Spec CommandSpec spec;

  /**
   * What {@link #stats} finds in a space.
   *
   * @param basisT the last transaction's t (0 for an empty space)
   * @param lastInstant the last transaction's instant (the t = 0 instant for an empty space)
   * @param logBytes the bytes of the space's log directory on disk; empty for an in-memory space
   * @param indexRows rows of EAVT, AEVT and AVET: one per assertion, standing or retracted
   * @param vaetRows rows of VAET: the assertions of reference attributes
   * @param indexBytes approximate heap bytes of the columns and the four indexes
   * @param attributes every attribute with any datom in history, by ident
   * @param agents the agents that joined or wrote a transaction, by name
   */
  public record Stats(long basisT, Instant lastInstant, OptionalLong logBytes, long indexRows, long vaetRows,
      long indexBytes, List<AttributeStats> attributes, List<AgentStats> agents) {
    public Stats {
      attributes = List.copyOf(attributes);
      agents = List.copyOf(agents);
    }

    /** Datoms of every attribute: standing, and over history. */
    public long currentDatoms() {
      return attributes.stream().mapToLong(AttributeStats::current).sum();
    }

    public long historyDatoms() {
      return attributes.stream().mapToLong(a -> a.assertions() + a.retractions()).sum();
    }
  }

  /** One attribute's datoms: standing at the basis, and every assertion and retraction in history. */
  public record AttributeStats(Keyword ident, ValueType valueType, long current, long assertions, long retractions) {}

  /** Whether an agent is in the space now. */
  public enum AgentState {
    /** Joined, and its lease has not lapsed. */
    PRESENT,
    /** Joined once, and left or let its lease lapse. */
    GONE,
    /** Wrote transactions under its name without ever joining. */
    NEVER_JOINED;

    Keyword keyword() {
      return Keyword.of(name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
  }

  /**
   * An agent: its name, state, the transactions written under its name, and its lease while present.
   */
  public record AgentStats(String name, AgentState state, long transactions, Optional<Instant> leaseUntil) {}

  /** The statistics of {@code space} at its latest basis; agents are present when their lease ends after {@code now}. */
  public static Stats stats(Space space, Instant now) {
    Db db = space.db();
    Map<Long, long[]> counts = new HashMap<>(); // attribute id -> {assertions, retractions}
    for (Datom d : db.history().datoms(Index.AEVT)) {
      counts.computeIfAbsent(d.a(), a -> new long[2])[d.added() ? 0 : 1]++;
    }
    List<AttributeStats> attributes = new ArrayList<>();
    long vaetRows = 0;
    for (Map.Entry<Long, long[]> e : counts.entrySet()) {
      Attribute attr = db.attribute(e.getKey());
      attributes.add(new AttributeStats(attr.ident(), attr.valueType(), db.attributeCount(attr.id()),
          e.getValue()[0], e.getValue()[1]));
      if (attr.isRef()) {
        vaetRows += e.getValue()[0];
      }
    }
    attributes.sort(Comparator.comparing(a -> a.ident().toString()));
    OptionalLong logBytes = space.directory().map(dir -> OptionalLong.of(directorySize(dir.resolve("log"))))
        .orElse(OptionalLong.empty());
    return new Stats(db.basisT(), db.instantOf(db.basisT()), logBytes, db.rowCount(), vaetRows, db.retainedBytes(),
        attributes, agents(db, now));
  }

  private static List<AgentStats> agents(Db db, Instant now) {
    Map<String, Long> transactions = new TreeMap<>();
    for (Datom d : db.datoms(Index.AEVT, SystemSchema.TX_AGENT_ID)) {
      transactions.merge((String) d.v(), 1L, Long::sum);
    }
    Map<String, AgentStats> agents = new TreeMap<>();
    Optional<Attribute> nameAttr = db.schema().attribute(AGENT_NAME);
    Optional<Attribute> leaseAttr = db.schema().attribute(LEASE_UNTIL);
    if (nameAttr.isPresent()) {
      for (Datom d : db.datoms(Index.AEVT, nameAttr.get().id())) {
        Optional<Instant> lease = Optional.empty();
        if (leaseAttr.isPresent()) {
          for (Datom l : db.datoms(Index.EAVT, d.e(), leaseAttr.get().id())) {
            lease = Optional.of((Instant) l.v());
          }
        }
        String name = (String) d.v();
        boolean present = lease.isPresent() && lease.get().isAfter(now);
        agents.put(name, new AgentStats(name, present ? AgentState.PRESENT : AgentState.GONE,
            transactions.getOrDefault(name, 0L), present ? lease : Optional.empty()));
      }
    }
    transactions.forEach((name, n) -> agents.putIfAbsent(name,
        new AgentStats(name, AgentState.NEVER_JOINED, n, Optional.empty())));
    return List.copyOf(agents.values());
  }

  private static long directorySize(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          return 0; // a file removed while we walk (a rolled cycle) no longer counts
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Prints {@code stats} in {@code format}: EDN and JSON as one map/object; a table as a summary
   * followed by an attribute table and an agent table; CSV in long form, one
   * {@code section,name,metric,value} line per number.
   */
  public static void render(Stats stats, Format format, PrintWriter out) {
    switch (format) {
      case EDN -> out.println(Edn.print(ednMap(stats)));
      case JSON -> out.println(Formats.jsonValue(jsonMap(ednMap(stats))));
      case TABLE -> table(stats, out);
      case CSV -> csv(stats, out);
      default -> throw new IllegalStateException(format.toString());
    }
    out.flush();
  }

  private static Map<Object, Object> ednMap(Stats s) {
    Map<Object, Object> m = new LinkedHashMap<>();
    m.put(Keyword.of("basis-t"), s.basisT());
    m.put(Keyword.of("last-instant"), s.lastInstant());
    s.logBytes().ifPresent(b -> m.put(Keyword.of("log-bytes"), b));
    m.put(Keyword.of("datoms"), s.currentDatoms());
    m.put(Keyword.of("history-datoms"), s.historyDatoms());
    Map<Object, Object> indexes = new LinkedHashMap<>();
    for (Index i : Index.values()) {
      indexes.put(Keyword.of(i.name().toLowerCase(Locale.ROOT)), i == Index.VAET ? s.vaetRows() : s.indexRows());
    }
    m.put(Keyword.of("index-rows"), indexes);
    m.put(Keyword.of("index-bytes"), s.indexBytes());
    List<Object> attrs = new ArrayList<>();
    for (AttributeStats a : s.attributes()) {
      Map<Object, Object> am = new LinkedHashMap<>();
      am.put(Keyword.of("attr"), a.ident());
      am.put(Keyword.of("type"), a.valueType().ident());
      am.put(Keyword.of("current"), a.current());
      am.put(Keyword.of("assertions"), a.assertions());
      am.put(Keyword.of("retractions"), a.retractions());
      attrs.add(am);
    }
    m.put(Keyword.of("attributes"), attrs);
    List<Object> agents = new ArrayList<>();
    for (AgentStats a : s.agents()) {
      Map<Object, Object> am = new LinkedHashMap<>();
      am.put(Keyword.of("name"), a.name());
      am.put(Keyword.of("state"), a.state().keyword());
      am.put(Keyword.of("transactions"), a.transactions());
      a.leaseUntil().ifPresent(l -> am.put(Keyword.of("lease-until"), l));
      agents.add(am);
    }
    m.put(Keyword.of("agents"), agents);
    return m;
  }

  /** The EDN map with its keyword keys as JSON keys (without the colon). */
  private static Object jsonMap(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k instanceof Keyword kw ? kw.name() : k.toString(), jsonMap(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(StatsCommand::jsonMap).toList();
    }
    return v;
  }

  private static void table(Stats s, PrintWriter out) {
    List<List<Object>> summary = new ArrayList<>();
    summary.add(List.of("basis t", s.basisT()));
    summary.add(List.of("last instant", s.lastInstant()));
    s.logBytes().ifPresent(b -> summary.add(List.of("log bytes", b)));
    summary.add(List.of("datoms", s.currentDatoms()));
    summary.add(List.of("history datoms", s.historyDatoms()));
    summary.add(List.of("index rows", s.indexRows() + " (eavt, aevt, avet), " + s.vaetRows() + " (vaet)"));
    summary.add(List.of("index bytes", s.indexBytes()));
    Formats.table(List.of("space", "value"), summary, out);
    out.println();
    List<List<Object>> attrs = new ArrayList<>();
    for (AttributeStats a : s.attributes()) {
      attrs.add(List.of(a.ident(), a.valueType().ident(), a.current(), a.assertions(), a.retractions()));
    }
    Formats.table(List.of("attribute", "type", "current", "assertions", "retractions"), attrs, out);
    out.println();
    List<List<Object>> agents = new ArrayList<>();
    for (AgentStats a : s.agents()) {
      agents.add(List.of(a.name(), a.state().keyword(), a.transactions(),
          a.leaseUntil().<Object>map(l -> l).orElse("")));
    }
    Formats.table(List.of("agent", "state", "transactions", "lease-until"), agents, out);
  }

  private static void csv(Stats s, PrintWriter out) {
    Formats.csvLine(List.of("section", "name", "metric", "value"), out);
    Formats.csvLine(List.of("space", "", "basis-t", s.basisT()), out);
    Formats.csvLine(List.of("space", "", "last-instant", s.lastInstant().toString()), out);
    s.logBytes().ifPresent(b -> Formats.csvLine(List.of("space", "", "log-bytes", b), out));
    Formats.csvLine(List.of("space", "", "datoms", s.currentDatoms()), out);
    Formats.csvLine(List.of("space", "", "history-datoms", s.historyDatoms()), out);
    for (Index i : Index.values()) {
      Formats.csvLine(List.of("index", i.name().toLowerCase(Locale.ROOT), "rows",
          i == Index.VAET ? s.vaetRows() : s.indexRows()), out);
    }
    Formats.csvLine(List.of("index", "", "bytes", s.indexBytes()), out);
    for (AttributeStats a : s.attributes()) {
      String name = a.ident().toString();
      Formats.csvLine(List.of("attribute", name, "type", a.valueType().ident()), out);
      Formats.csvLine(List.of("attribute", name, "current", a.current()), out);
      Formats.csvLine(List.of("attribute", name, "assertions", a.assertions()), out);
      Formats.csvLine(List.of("attribute", name, "retractions", a.retractions()), out);
    }
    for (AgentStats a : s.agents()) {
      Formats.csvLine(List.of("agent", a.name(), "state", a.state().keyword()), out);
      Formats.csvLine(List.of("agent", a.name(), "transactions", a.transactions()), out);
      a.leaseUntil().ifPresent(l -> Formats.csvLine(List.of("agent", a.name(), "lease-until", l.toString()), out));
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Format f = format.choose();
    try (Space s = Space.openReadOnly(space.dir)) {
      render(stats(s, Instant.now()), f, out);
    }
    return Spoor.OK;
  }
}
