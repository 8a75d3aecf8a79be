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

  /**
   * Checks that each of {@code tasks} tasks ({@code :task/id}) got exactly one result: history
   * holds one assertion of {@code :task/result} per task and no retraction of one.
   */
  Checks resultOncePerTask(Crew crew, int tasks) {
    List<Object> resultCounts = crew.history(
        "[:find ?id (count ?tx) :where [?t :task/id ?id] [?t :task/result _ ?tx true]]").rows();
    List<Object> notOnce = resultCounts.stream().filter(r -> (Long) ((List<?>) r).get(1) != 1L).toList();
    long retracted = crew.history("[:find (count ?tx) . :where [_ :task/result _ ?tx false]]").single()
        .map(v -> (Long) v).orElse(0L);
    return check("every task done exactly once: history holds one :task/result assertion per task, none retracted",
        resultCounts.size() == tasks && notOnce.isEmpty() && retracted == 0,
        resultCounts.size() + " tasks with a result" + (notOnce.isEmpty() ? "" : ", more than one: " + notOnce)
            + ", " + retracted + " retracted");
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
