package dev.spoor.query;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.core.Symbol;
import dev.spoor.datalog.FunctionNames;
import dev.spoor.log.Datom;
import dev.spoor.query.internal.Values;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The functions and aggregates a query may call: Datomic's built-ins, plus any a program
 * registers ({@link #withFunction}, {@link #withAggregate}), such as a pheromone {@code decay}.
 * Immutable; {@code with...} returns a new registry.
 *
 * <p>A function receives its arguments as Java values ({@link Db} for a {@code $} source
 * argument) and returns a value; {@code null} or {@code Optional.empty()} means nil, which
 * drops the tuple. A predicate keeps a tuple when it returns anything but nil or {@code false}.
 */
public final class Functions {
  /** A query function. */
  @FunctionalInterface
  public interface Fn {
    Object apply(List<Object> args);
  }

  /** An aggregate: {@code values} is the bag of the aggregated variable in one group. */
  @FunctionalInterface
  public interface Aggregate {
    Object apply(List<Object> constantArgs, List<Object> values);
  }

  private static final Functions BUILT_INS = new Functions(builtInFunctions(), builtInAggregates());

  private final ImmutableMap<Symbol, Fn> functions;
  private final ImmutableMap<Symbol, Aggregate> aggregates;

  private Functions(Map<Symbol, Fn> functions, Map<Symbol, Aggregate> aggregates) {
    this.functions = ImmutableMap.copyOf(functions);
    this.aggregates = ImmutableMap.copyOf(aggregates);
  }

  /** Datomic's built-in functions and aggregates. */
  public static Functions builtIns() {
    return BUILT_INS;
  }

  /** This registry plus {@code fn} under {@code name} (replacing a function of that name). */
  public Functions withFunction(String name, Fn fn) {
    requireNonNull(fn, "fn");
    Map<Symbol, Fn> m = new java.util.LinkedHashMap<>(functions);
    m.put(Symbol.of(name), fn);
    return new Functions(m, aggregates);
  }

  /** This registry plus the aggregate {@code agg} under {@code name}. */
  public Functions withAggregate(String name, Aggregate agg) {
    requireNonNull(agg, "agg");
    Map<Symbol, Aggregate> m = new java.util.LinkedHashMap<>(aggregates);
    m.put(Symbol.of(name), agg);
    return new Functions(functions, m);
  }

  public Optional<Fn> function(Symbol name) {
    return Optional.ofNullable(functions.get(name));
  }

  public Optional<Aggregate> aggregate(Symbol name) {
    return Optional.ofNullable(aggregates.get(name));
  }

  /** The names, for the query validator. */
  public FunctionNames names() {
    return new FunctionNames() {
      @Override
      public boolean isFunction(Symbol s) {
        return functions.containsKey(s);
      }

      @Override
      public boolean isAggregate(Symbol s) {
        return aggregates.containsKey(s);
      }
    };
  }

  // ---------------------------------------------------------------------------------------

  private static Map<Symbol, Fn> builtInFunctions() {
    Map<Symbol, Fn> m = new java.util.LinkedHashMap<>();
    m.put(Symbol.of("="), args -> allPairs(args, (a, b) -> Values.equal(a, b)));
    m.put(Symbol.of("=="), args -> allPairs(args, (a, b) -> Values.compareNumbers(a, b) == 0));
    Fn notEqual = args -> !((Boolean) allPairs(args, (a, b) -> Values.equal(a, b)));
    m.put(Symbol.of("!="), notEqual);
    m.put(Symbol.of("not="), notEqual);
    m.put(Symbol.of("<"), args -> allPairs(args, (a, b) -> Values.compare(a, b) < 0));
    m.put(Symbol.of(">"), args -> allPairs(args, (a, b) -> Values.compare(a, b) > 0));
    m.put(Symbol.of("<="), args -> allPairs(args, (a, b) -> Values.compare(a, b) <= 0));
    m.put(Symbol.of(">="), args -> allPairs(args, (a, b) -> Values.compare(a, b) >= 0));
    m.put(Symbol.of("+"), args -> fold(args, 0L, Values::add));
    m.put(Symbol.of("*"), args -> fold(args, 1L, Values::multiply));
    m.put(Symbol.of("-"), args -> args.size() == 1 ? Values.subtract(0L, args.get(0))
        : fold(args.subList(1, args.size()), args.get(0), Values::subtract));
    m.put(Symbol.of("/"), args -> args.size() == 1 ? Values.divide(1L, args.get(0))
        : fold(args.subList(1, args.size()), args.get(0), Values::divide));
    m.put(Symbol.of("quot"), args -> Values.quot(args.get(0), args.get(1)));
    m.put(Symbol.of("rem"), args -> Values.rem(args.get(0), args.get(1)));
    m.put(Symbol.of("mod"), args -> Values.mod(args.get(0), args.get(1)));
    m.put(Symbol.of("inc"), args -> Values.add(args.get(0), 1L));
    m.put(Symbol.of("dec"), args -> Values.subtract(args.get(0), 1L));
    m.put(Symbol.of("max"), args -> args.stream().max(Values::compare).orElseThrow());
    m.put(Symbol.of("min"), args -> args.stream().min(Values::compare).orElseThrow());
    m.put(Symbol.of("zero?"), args -> Values.compareNumbers(args.get(0), 0L) == 0);
    m.put(Symbol.of("pos?"), args -> Values.compareNumbers(args.get(0), 0L) > 0);
    m.put(Symbol.of("neg?"), args -> Values.compareNumbers(args.get(0), 0L) < 0);
    m.put(Symbol.of("even?"), args -> Values.toLong(args.get(0)) % 2 == 0);
    m.put(Symbol.of("odd?"), args -> Values.toLong(args.get(0)) % 2 != 0);
    m.put(Symbol.of("identity"), args -> args.get(0));
    m.put(Symbol.of("str"), args -> {
      StringBuilder sb = new StringBuilder();
      for (Object a : args) {
        sb.append(a instanceof String s ? s : a instanceof Character c ? c.toString() : Edn.print(a));
      }
      return sb.toString();
    });
    m.put(Symbol.of("subs"), args -> {
      String s = (String) args.get(0);
      int from = (int) Values.toLong(args.get(1));
      int to = args.size() > 2 ? (int) Values.toLong(args.get(2)) : s.length();
      return s.substring(from, to);
    });
    m.put(Symbol.of("count"), args -> {
      Object x = args.get(0);
      return (long) (x instanceof String s ? s.length() : ((Collection<?>) x).size());
    });
    m.put(Symbol.of("vector"), args -> List.copyOf(args));
    m.put(Symbol.of("list"), args -> List.copyOf(args));
    m.put(Symbol.of("tuple"), args -> List.copyOf(args));
    m.put(Symbol.of("untuple"), args -> args.get(0));
    m.put(Symbol.of("ground"), args -> args.get(0));
    m.put(Symbol.of("range"), args -> {
      long from = args.size() > 1 ? Values.toLong(args.get(0)) : 0;
      long to = Values.toLong(args.get(args.size() > 1 ? 1 : 0));
      long step = args.size() > 2 ? Values.toLong(args.get(2)) : 1;
      List<Object> out = new ArrayList<>();
      for (long i = from; step > 0 ? i < to : i > to; i += step) {
        out.add(i);
      }
      return out;
    });
    m.put(Symbol.of("get-else"), args -> {
      Db db = (Db) args.get(0);
      Iterator<Datom> it = db.datoms(Index.EAVT, args.get(1), args.get(2)).iterator();
      Attribute attr = db.attribute(args.get(2));
      if (attr.isMany()) {
        throw new QueryExecutionException("get-else-cardinality-many", "get-else needs a cardinality-one attribute; "
            + attr.ident() + " is cardinality many");
      }
      return it.hasNext() ? it.next().v() : args.get(3);
    });
    m.put(Symbol.of("get-some"), args -> {
      Db db = (Db) args.get(0);
      for (Object attr : args.subList(2, args.size())) {
        Iterator<Datom> it = db.datoms(Index.EAVT, args.get(1), attr).iterator();
        if (it.hasNext()) {
          return List.of(db.attribute(attr).id(), it.next().v());
        }
      }
      return null;
    });
    m.put(Symbol.of("missing?"), args -> {
      Db db = (Db) args.get(0);
      return !db.datoms(Index.EAVT, args.get(1), args.get(2)).iterator().hasNext();
    });
    m.put(Symbol.of("re-pattern"), args -> Pattern.compile((String) args.get(0)));
    m.put(Symbol.of("re-find"), args -> {
      Matcher matcher = pattern(args.get(0)).matcher((String) args.get(1));
      return matcher.find() ? groups(matcher) : null;
    });
    m.put(Symbol.of("re-matches"), args -> {
      Matcher matcher = pattern(args.get(0)).matcher((String) args.get(1));
      return matcher.matches() ? groups(matcher) : null;
    });
    m.put(Symbol.of("re-seq"), args -> {
      Matcher matcher = pattern(args.get(0)).matcher((String) args.get(1));
      List<Object> out = new ArrayList<>();
      while (matcher.find()) {
        out.add(groups(matcher));
      }
      return out.isEmpty() ? null : out;
    });
    for (String ns : new String[] {"", "clojure.string/"}) {
      m.put(Symbol.of(ns + "starts-with?"), args -> ((String) args.get(0)).startsWith((String) args.get(1)));
      m.put(Symbol.of(ns + "ends-with?"), args -> ((String) args.get(0)).endsWith((String) args.get(1)));
      m.put(Symbol.of(ns + "includes?"), args -> ((String) args.get(0)).contains((String) args.get(1)));
      m.put(Symbol.of(ns + "blank?"), args -> ((String) args.get(0)).isBlank());
      m.put(Symbol.of(ns + "lower-case"), args -> ((String) args.get(0)).toLowerCase(java.util.Locale.ROOT));
      m.put(Symbol.of(ns + "upper-case"), args -> ((String) args.get(0)).toUpperCase(java.util.Locale.ROOT));
    }
    m.put(Symbol.of("keyword"), args -> args.size() == 1 ? Keyword.of((String) args.get(0))
        : Keyword.of((String) args.get(0), (String) args.get(1)));
    m.put(Symbol.of("name"), args -> args.get(0) instanceof Keyword k ? k.name() : ((Symbol) args.get(0)).name());
    m.put(Symbol.of("namespace"), args -> args.get(0) instanceof Keyword k ? k.namespace()
        : ((Symbol) args.get(0)).namespace());
    return m;
  }

  private static Pattern pattern(Object p) {
    return p instanceof Pattern pat ? pat : Pattern.compile((String) p);
  }

  private static Object groups(Matcher m) {
    if (m.groupCount() == 0) {
      return m.group();
    }
    List<Object> out = new ArrayList<>();
    for (int i = 0; i <= m.groupCount(); i++) {
      out.add(m.group(i) == null ? Optional.empty() : m.group(i));
    }
    return out;
  }

  private interface Pair {
    boolean test(Object a, Object b);
  }

  private static Object allPairs(List<Object> args, Pair p) {
    for (int i = 0; i + 1 < args.size(); i++) {
      if (!p.test(args.get(i), args.get(i + 1))) {
        return false;
      }
    }
    return true;
  }

  private interface Op {
    Object apply(Object a, Object b);
  }

  private static Object fold(List<Object> args, Object start, Op op) {
    Object acc = start;
    for (Object a : args) {
      acc = op.apply(acc, a);
    }
    return acc;
  }

  private static Map<Symbol, Aggregate> builtInAggregates() {
    Map<Symbol, Aggregate> m = new java.util.LinkedHashMap<>();
    m.put(Symbol.of("count"), (c, vs) -> (long) vs.size());
    m.put(Symbol.of("count-distinct"), (c, vs) -> (long) new java.util.HashSet<>(vs).size());
    m.put(Symbol.of("sum"), (c, vs) -> sumOf(vs));
    m.put(Symbol.of("avg"), (c, vs) -> Values.toDouble(sumOf(vs)) / vs.size());
    m.put(Symbol.of("min"), (c, vs) -> c.isEmpty() ? vs.stream().min(Values::compare).orElseThrow()
        : vs.stream().sorted(Values::compare).limit(Values.toLong(c.get(0))).toList());
    m.put(Symbol.of("max"), (c, vs) -> c.isEmpty() ? vs.stream().max(Values::compare).orElseThrow()
        : vs.stream().sorted((a, b) -> Values.compare(b, a)).limit(Values.toLong(c.get(0))).toList());
    m.put(Symbol.of("median"), (c, vs) -> {
      List<Object> sorted = vs.stream().sorted(Values::compare).toList();
      int n = sorted.size();
      if (n % 2 == 1) {
        return sorted.get(n / 2);
      }
      return Values.quot(Values.add(sorted.get(n / 2 - 1), sorted.get(n / 2)), 2L);
    });
    m.put(Symbol.of("variance"), (c, vs) -> variance(vs));
    m.put(Symbol.of("stddev"), (c, vs) -> Math.sqrt(variance(vs)));
    m.put(Symbol.of("distinct"), (c, vs) -> Set.copyOf(new LinkedHashSet<>(vs)));
    m.put(Symbol.of("rand"), (c, vs) -> {
      Random r = new Random();
      long n = c.isEmpty() ? 1 : Values.toLong(c.get(0));
      List<Object> out = new ArrayList<>();
      for (long i = 0; i < n; i++) {
        out.add(vs.get(r.nextInt(vs.size())));
      }
      return c.isEmpty() ? out.get(0) : out;
    });
    m.put(Symbol.of("sample"), (c, vs) -> {
      List<Object> distinct = new ArrayList<>(new LinkedHashSet<>(vs));
      java.util.Collections.shuffle(distinct);
      return List.copyOf(distinct.subList(0, (int) Math.min(distinct.size(), Values.toLong(c.get(0)))));
    });
    return m;
  }

  private static Object sumOf(List<Object> vs) {
    Object acc = 0L;
    for (Object v : vs) {
      acc = Values.add(acc, v);
    }
    return acc;
  }

  private static double variance(List<Object> vs) {
    double mean = Values.toDouble(sumOf(vs)) / vs.size();
    double sq = 0;
    for (Object v : vs) {
      double d = Values.toDouble(v) - mean;
      sq += d * d;
    }
    return sq / vs.size();
  }

}
