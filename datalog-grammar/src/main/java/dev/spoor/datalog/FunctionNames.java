package dev.spoor.datalog;

import dev.spoor.core.Symbol;
import java.util.Set;

/**
 * The functions and aggregates a query may call, so that the parser can reject an unknown
 * name before evaluation. The evaluator that implements the functions is the one that
 * provides this: {@link #builtIns()} for Datomic's built-ins, extended with
 * {@link #with(Set, Set)} for its own.
 */
public interface FunctionNames {
  /** Whether {@code [(s ...)]} and {@code [(s ...) binding]} may call {@code s}. */
  boolean isFunction(Symbol s);

  /** Whether {@code :find (s ... ?x)} may aggregate with {@code s}. */
  boolean isAggregate(Symbol s);

  /**
   * Datomic's built-ins. Functions and predicates: {@code = != not= < > <= >= + - * / quot
   * rem mod inc dec max min zero? pos? neg? even? odd? str subs get-else get-some missing?
   * ground tuple untuple identity vector list count range re-find re-matches re-seq
   * re-pattern}, and {@code starts-with? ends-with? includes? blank? lower-case upper-case},
   * both plain and qualified with {@code clojure.string/}. Aggregates: {@code count
   * count-distinct sum avg min max median variance stddev distinct rand sample}.
   */
  static FunctionNames builtIns() {
    return FunctionTable.BUILT_INS;
  }

  /** These names and also {@code functions} and {@code aggregates}. */
  default FunctionNames with(Set<Symbol> functions, Set<Symbol> aggregates) {
    return new FunctionTable.Extended(this, Set.copyOf(functions), Set.copyOf(aggregates));
  }
}
