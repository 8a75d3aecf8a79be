package dev.spoor.log;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * One committed transaction as the log holds it: its position {@code t}, wall-clock
 * {@code instant}, the {@code agent} that wrote it (empty when none), the basis {@code t} the
 * writer read when it resolved the transaction, and its datoms, fully resolved (no tempids,
 * no lookup refs), in the order the writer produced them. The datoms' {@code tx} is the
 * transaction's entity id.
 */
public record LogEntry(long t, Instant instant, String agent, long basisT, List<Datom> datoms) {
  public LogEntry {
    requireNonNull(instant, "instant");
    requireNonNull(agent, "agent");
    datoms = List.copyOf(datoms);
    if (t <= 0) {
      throw new IllegalArgumentException("t must be positive, was " + t);
    }
    if (basisT >= t) {
      throw new IllegalArgumentException("basis t " + basisT + " must be before t " + t);
    }
  }
}
