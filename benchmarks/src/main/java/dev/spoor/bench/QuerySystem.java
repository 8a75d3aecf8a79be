package dev.spoor.bench;

/**
 * Which system a {@link QueryBenchmark} run measures: Spoor ({@code Space.inMemory()}) or
 * Datomic (the peer library with a {@code datomic:mem://} database). Public only because JMH's
 * generated code sets {@code @Param} fields of this type.
 */
public enum QuerySystem {
  SPOOR,
  DATOMIC
}
