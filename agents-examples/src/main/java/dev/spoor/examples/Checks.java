package dev.spoor.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects a demo's invariants as it checks them, and prints them. */
final class Checks {
  private final List<DemoResult.Check> checks = new ArrayList<>();

  Checks check(String invariant, boolean holds, String evidence) {
    checks.add(new DemoResult.Check(invariant, holds, evidence));
    return this;
  }

  /** Prints the checks under a heading and whether they all held; returns the result. */
  DemoResult finish(String demo, Path space, PrintStream out) {
    DemoResult result = new DemoResult(demo, space, checks);
    out.println("invariants:");
    for (DemoResult.Check c : checks) {
      out.println("  " + c);
    }
    out.println(result.ok() ? "all " + checks.size() + " invariants hold" : result.failures().size() + " of "
        + checks.size() + " invariants FAILED");
    return result;
  }
}
