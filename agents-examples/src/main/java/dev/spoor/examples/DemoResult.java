package dev.spoor.examples;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * What a demo run checked: each invariant, whether it held, and the evidence.
 *
 * @param demo the demo's name
 * @param space the directory of the space the demo wrote
 * @param checks the invariants, in the order checked
 */
public record DemoResult(String demo, Path space, List<Check> checks) {
  /**
   * One invariant of a run.
   *
   * @param invariant what must hold, as a sentence
   * @param holds whether it did
   * @param evidence what was found: counts, names, the offending rows
   */
  public record Check(String invariant, boolean holds, String evidence) {
    public Check {
      requireNonNull(invariant, "invariant");
      requireNonNull(evidence, "evidence");
    }

    @Override
    public String toString() {
      return (holds ? "ok   " : "FAIL ") + invariant + (evidence.isEmpty() ? "" : " (" + evidence + ")");
    }
  }

  public DemoResult {
    requireNonNull(demo, "demo");
    requireNonNull(space, "space");
    checks = List.copyOf(checks);
  }

  /** Whether every invariant held (and there was at least one). */
  public boolean ok() {
    return !checks.isEmpty() && checks.stream().allMatch(Check::holds);
  }

  /** The invariants that did not hold. */
  public List<Check> failures() {
    return checks.stream().filter(c -> !c.holds()).toList();
  }
}
