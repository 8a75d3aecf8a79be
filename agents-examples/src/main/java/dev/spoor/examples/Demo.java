package dev.spoor.examples;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A coordination demo: agents (threads of this JVM, since one process writes a space at a time)
 * coordinating through facts in one space, followed by a check of what the run must guarantee.
 */
public interface Demo {
  /** The name {@code spoor demo NAME} takes, e.g. {@code work-queue}. */
  String name();

  /** One line saying what the demo shows. */
  String summary();

  /**
   * A query worth running on the demo's space afterwards, as {@code spoor query} arguments after
   * {@code --space DIR}, e.g. {@code --history '[:find ...]'}.
   */
  String inspectHint();

  /**
   * Runs the demo in a new space in {@code spaceDir} (which must not exist or be empty), prints
   * what happens to {@code out}, and checks the demo's invariants. The space stays in
   * {@code spaceDir}, closed, for inspection.
   *
   * @return the invariants and whether each held; {@link DemoResult#ok()} when all did
   * @throws DemoException when {@code spaceDir} already holds something
   */
  DemoResult run(Path spaceDir, PrintStream out);
}
