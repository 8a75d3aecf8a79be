package dev.spoor.datalog;

import dev.spoor.core.Symbol;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The built-in {@link FunctionNames}, and their extensions. */
final class FunctionTable {
  private FunctionTable() {}

  private static final Set<Symbol> FUNCTIONS = functions();

  private static final Set<Symbol> AGGREGATES = symbols(
      "count count-distinct sum avg min max median variance stddev distinct rand sample");

  /**
   * How many arguments each built-in aggregate takes, the aggregated variable included:
   * {@code (min ?x)} or {@code (min 3 ?x)}, {@code (sample 10 ?x)}. User aggregates take any.
   */
  static final Map<Symbol, int[]> AGGREGATE_ARITIES = Map.ofEntries(
      Map.entry(Symbol.of("count"), new int[] {1}),
      Map.entry(Symbol.of("count-distinct"), new int[] {1}),
      Map.entry(Symbol.of("sum"), new int[] {1}),
      Map.entry(Symbol.of("avg"), new int[] {1}),
      Map.entry(Symbol.of("median"), new int[] {1}),
      Map.entry(Symbol.of("variance"), new int[] {1}),
      Map.entry(Symbol.of("stddev"), new int[] {1}),
      Map.entry(Symbol.of("distinct"), new int[] {1}),
      Map.entry(Symbol.of("min"), new int[] {1, 2}),
      Map.entry(Symbol.of("max"), new int[] {1, 2}),
      Map.entry(Symbol.of("rand"), new int[] {1, 2}),
      Map.entry(Symbol.of("sample"), new int[] {2}));

  static final FunctionNames BUILT_INS = new FunctionNames() {
    @Override
    public boolean isFunction(Symbol s) {
      return FUNCTIONS.contains(s);
    }

    @Override
    public boolean isAggregate(Symbol s) {
      return AGGREGATES.contains(s);
    }

    @Override
    public String toString() {
      return "FunctionNames.builtIns()";
    }
  };

  /** {@code base} and some more names. */
  record Extended(FunctionNames base, Set<Symbol> functions, Set<Symbol> aggregates) implements FunctionNames {
    @Override
    public boolean isFunction(Symbol s) {
      return functions.contains(s) || base.isFunction(s);
    }

    @Override
    public boolean isAggregate(Symbol s) {
      return aggregates.contains(s) || base.isAggregate(s);
    }
  }

  private static Set<Symbol> functions() {
    Set<Symbol> all = new HashSet<>(symbols(
        "= != not= < > <= >= + - * / quot rem mod inc dec max min zero? pos? neg? even? odd? "
            + "str subs get-else get-some missing? ground tuple untuple identity vector list count range "
            + "re-find re-matches re-seq re-pattern"));
    for (Symbol s : symbols("starts-with? ends-with? includes? blank? lower-case upper-case")) {
      all.add(s);
      all.add(Symbol.of("clojure.string/" + s.name()));
    }
    return Set.copyOf(all);
  }

  private static Set<Symbol> symbols(String names) {
    return Stream.of(names.split(" ")).map(Symbol::of).collect(Collectors.toUnmodifiableSet());
  }
}
