package dev.spoor.bench;

/**
 * Where a benchmarked space keeps its log: a Chronicle Queue in a temp directory, or the
 * in-memory log of {@code Space.inMemory()}. Public only because JMH's generated code sets
 * {@code @Param} fields of this type.
 */
public enum Backend {
  CHRONICLE,
  MEMORY
}
