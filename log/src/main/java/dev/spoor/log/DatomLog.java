package dev.spoor.log;

import java.util.Iterator;

/**
 * An append-only sequence of transactions, ordered by {@code t}. The only interface the rest
 * of Spoor sees of storage, so a distributed log can replace the Chronicle one later.
 */
public interface DatomLog extends AutoCloseable {

  /**
   * Appends {@code entry}, whose {@code t} must be exactly one more than {@link #lastT()}.
   * When this returns the entry is durable as the log's {@link Durability} promises.
   */
  void append(LogEntry entry);

  /** The {@code t} of the last entry, or 0 when the log is empty. */
  long lastT();

  /** The entries with {@code t >= fromT}, in order, as of the moment of the call and after. */
  EntryIterator read(long fromT);

  @Override
  void close();

  /** Iterates log entries; holds a reader that {@link #close()} releases. */
  interface EntryIterator extends Iterator<LogEntry>, AutoCloseable {
    @Override
    void close();
  }
}
