package dev.spoor.cli;

import dev.spoor.cli.Formats.Format;
import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.datalog.Form;
import dev.spoor.log.Datom;
import dev.spoor.log.LogEntry;
import dev.spoor.query.Attribute;
import dev.spoor.query.Db;
import dev.spoor.query.DbException;
import dev.spoor.query.Index;
import dev.spoor.query.SystemSchema;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Transactions as text, and back. One transaction is one EDN map, the line {@code spoor log} and
 * {@code spoor replay} print and the element {@code spoor export} writes:
 *
 * <pre>{@code
 * {:t 4 :instant #inst "2026-11-22T10:00:00.000Z" :agent "w1" :basis-t 3
 *  :data [[17592186044418 :task/status :done 13194139533316 true] ...]}
 * }</pre>
 *
 * Each datom is {@code [e attribute value tx added]} with the attribute's ident as it was at
 * that point of the log (an attribute later renamed prints under its name then), entity ids as
 * numbers, a reference as the ident of the entity it names when that has one ({@code
 * :db.type/string}, {@code :task.status/open}) and as a number otherwise, and every other value
 * as EDN that reads back to the same Java value.
 */
final class LogFormat {
  static final List<String> ENTRY_COLUMNS = List.of("t", "instant", "agent", "basis-t", "data");
  static final List<String> DATOM_ROW_COLUMNS = List.of("t", "instant", "agent", "e", "a", "v", "tx", "added");
  static final List<String> DATOM_COLUMNS = List.of("e", "a", "v", "tx", "added");

  private static final Keyword T = Keyword.of("t");
  private static final Keyword INSTANT = Keyword.of("instant");
  private static final Keyword AGENT = Keyword.of("agent");
  private static final Keyword BASIS_T = Keyword.of("basis-t");
  private static final Keyword DATA = Keyword.of("data");

  private LogFormat() {}

  /**
   * The idents of attributes (and other entities) as they stood at one point of the log, kept
   * current by {@link #learn}ing each transaction before printing it.
   */
  static final class Names {
    private final Map<Long, Keyword> idents = new HashMap<>();
    private final Db latest;

    private Names(Db latest) {
      this.latest = latest;
    }

    /** The idents standing after transaction {@code t} of {@code latest}. */
    static Names asOf(Db latest, long t) {
      Names names = new Names(latest);
      Db then = latest.asOf(Math.max(0, t));
      for (Datom d : then.datoms(Index.AEVT, SystemSchema.IDENT_ID)) {
        names.idents.put(d.e(), (Keyword) d.v());
      }
      for (Attribute a : latest.schema().attributes()) {
        if (a.id() < SystemSchema.FIRST_USER_ATTRIBUTE_ID) {
          names.idents.putIfAbsent(a.id(), a.ident()); // built-in: named from the start
        }
      }
      return names;
    }

    /** Takes in the idents {@code entry} asserts. */
    void learn(LogEntry entry) {
      for (Datom d : entry.datoms()) {
        if (d.a() == SystemSchema.IDENT_ID && d.added()) {
          idents.put(d.e(), (Keyword) d.v());
        }
      }
    }

    /** The attribute's ident, or its id when it has none. */
    Object attribute(long id) {
      Keyword k = idents.get(id);
      return k != null ? k : (Object) id;
    }

    /** The datom's value, with a reference to an entity that has an ident as the ident. */
    Object value(Datom d) {
      if (d.v() instanceof Long id && latest.schema().attribute(d.a()).map(Attribute::isRef).orElse(false)) {
        Keyword k = idents.get(id);
        return k != null ? k : id;
      }
      return d.v();
    }
  }

  /** The EDN text of one transaction. */
  static String edn(LogEntry entry, Names names) {
    StringBuilder sb = new StringBuilder(128).append("{:t ").append(entry.t()).append(" :instant ");
    Edn.write(entry.instant(), sb);
    sb.append(" :agent ");
    Edn.write(entry.agent(), sb);
    sb.append(" :basis-t ").append(entry.basisT()).append(" :data [");
    boolean first = true;
    for (Datom d : entry.datoms()) {
      if (!first) {
        sb.append(' ');
      }
      first = false;
      datom(d, names.attribute(d.a()), names.value(d), sb);
    }
    return sb.append("]}").toString();
  }

  /** {@code [e attribute value tx added]}. */
  static void datom(Datom d, Object attribute, Object value, StringBuilder sb) {
    sb.append('[').append(d.e()).append(' ');
    Edn.write(attribute, sb);
    sb.append(' ');
    Edn.write(value, sb);
    sb.append(' ').append(d.tx()).append(' ').append(d.added()).append(']');
  }

  /** A printer for transactions: whole transactions in EDN and JSON, one row per datom in a table or CSV. */
  static RecordPrinter printer(Format format, PrintWriter out) {
    return new RecordPrinter(format, format == Format.EDN || format == Format.JSON ? ENTRY_COLUMNS : DATOM_ROW_COLUMNS,
        out);
  }

  /** Prints {@code entry} to a {@link #printer}; {@code names} must have learnt it. */
  static void print(RecordPrinter printer, LogEntry entry, Names names) {
    switch (printer.format()) {
      case EDN -> printer.print(edn(entry, names), List.of());
      case JSON -> {
        List<Object> data = new ArrayList<>();
        for (Datom d : entry.datoms()) {
          Map<String, Object> datom = new LinkedHashMap<>();
          datom.put("e", d.e());
          datom.put("a", names.attribute(d.a()));
          datom.put("v", names.value(d));
          datom.put("tx", d.tx());
          datom.put("added", d.added());
          data.add(datom);
        }
        printer.print("", List.of(entry.t(), entry.instant(), entry.agent(), entry.basisT(), data));
      }
      default -> {
        for (Datom d : entry.datoms()) {
          printer.print("", List.of(entry.t(), entry.instant(), entry.agent(), d.e(), names.attribute(d.a()), names.value(d),
              d.tx(), d.added()));
        }
      }
    }
  }

  /**
   * The transaction an EDN map of {@link #edn} describes, with its attribute idents resolved
   * to the ids {@code target} gives them (or the transaction itself, when it installs them).
   *
   * @throws CliException naming what is wrong when the form is not such a map
   */
  static LogEntry read(Form form, Db target) {
    if (!(form instanceof Form.MapForm)) {
      throw new CliException("bad-export", "expected a transaction map {:t T :instant #inst \"...\" :agent \"...\""
          + " :basis-t T :data [[e attr value tx added] ...]}, found " + describe(form));
    }
    Map<?, ?> m = (Map<?, ?>) form.toValue();
    long t = get(m, T, Long.class);
    Instant instant = get(m, INSTANT, Instant.class);
    String agent = get(m, AGENT, String.class);
    long basisT = get(m, BASIS_T, Long.class);
    List<?> data = get(m, DATA, List.class);
    Map<Keyword, Long> identsHere = new HashMap<>();
    for (Object item : data) {
      if (item instanceof List<?> l && l.size() == 5 && SystemSchema.IDENT.equals(l.get(1)) && l.get(0) instanceof Long e
          && l.get(2) instanceof Keyword k && Boolean.TRUE.equals(l.get(4))) {
        identsHere.put(k, e);
      }
    }
    List<Datom> datoms = new ArrayList<>(data.size());
    for (Object item : data) {
      if (!(item instanceof List<?> l) || l.size() != 5 || !(l.get(0) instanceof Long e) || !(l.get(3) instanceof Long tx)
          || !(l.get(4) instanceof Boolean added)) {
        throw new CliException("bad-export", "transaction t " + t + ": expected datoms [e attr value tx added]"
            + " (e and tx numbers, added true or false), found " + Edn.print(item));
      }
      long a = attributeId(l.get(1), identsHere, target, t);
      Object v = l.get(2);
      if (v instanceof Keyword k && target.schema().attribute(a).map(Attribute::isRef).orElse(false)) {
        v = entityId(k, identsHere, target, t);
      }
      datoms.add(new Datom(e, a, v, tx, added));
    }
    if (t <= 0 || basisT < 0 || basisT >= t) {
      throw new CliException("bad-export", "transaction t " + t + " has basis t " + basisT
          + "; t must be positive and the basis t before it");
    }
    return new LogEntry(t, instant, agent, basisT, datoms);
  }

  private static long attributeId(Object a, Map<Keyword, Long> installedHere, Db target, long t) {
    if (a instanceof Long id) {
      return id;
    }
    if (a instanceof Keyword k) {
      Long here = installedHere.get(k);
      if (here != null) {
        return here;
      }
      try {
        return target.attribute(k).id();
      } catch (DbException e) {
        throw new CliException("bad-export", "transaction t " + t + ": " + e.getMessage());
      }
    }
    throw new CliException("bad-export", "transaction t " + t + ": " + Edn.print(a)
        + " is not an attribute (an ident keyword or an id)");
  }

  /** The entity a reference written as an ident names, in the transaction itself or in {@code target}. */
  private static long entityId(Keyword ident, Map<Keyword, Long> identsHere, Db target, long t) {
    Long here = identsHere.get(ident);
    if (here != null) {
      return here;
    }
    return target.entid(ident).orElseThrow(() -> new CliException("bad-export", "transaction t " + t + ": "
        + ident + " names no entity in this space"));
  }

  private static <T> T get(Map<?, ?> m, Keyword key, Class<T> type) {
    Object v = m.get(key);
    if (!type.isInstance(v)) {
      throw new CliException("bad-export", "a transaction map needs " + key + " (" + type.getSimpleName().toLowerCase(java.util.Locale.ROOT)
          + "), found " + (v == null ? "none" : Edn.print(v)) + " in " + abbreviate(Edn.print(m)));
    }
    return type.cast(v);
  }

  /** What kind of form {@code form} is, for messages: "a vector", "a string". */
  static String describe(Form form) {
    if (form instanceof Form.VectorForm) {
      return "a vector";
    } else if (form instanceof Form.MapForm) {
      return "a map";
    } else if (form instanceof Form.ListForm) {
      return "a list";
    } else if (form instanceof Form.SetForm) {
      return "a set";
    } else if (form instanceof Form.Scalar s) {
      return dev.spoor.log.ValueType.describe(s.value()) + " (" + abbreviate(Edn.print(s.value())) + ")";
    }
    return "nil";
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 79) + "…" : s;
  }
}
