package dev.spoor.log;

import java.util.Iterator;

/**
 * An append-only sequence of transactions, ordered by {@code t}. The only interface the rest
 * of Spoor sees of storage, so a distributed log can replace the Chronicle one later.
 */
public interface DatomLog extends AutoCloseable {

  /**
   * Appends {@code entry}, whose {@code t} must be exactly one more than the last entry's,
   * including entries other processes appended. When this returns the entry is durable as the
   * log's {@link Durability} promises. Where several processes append to one log, call it
   * while holding {@link #lockAppends()}, after reading every entry appended so far.
   */
  void append(LogEntry entry);

  /**
   * Takes the log's exclusive right to append, across threads and processes, waiting for it
   * as long as another holder keeps it; {@link AppendLock#close()} gives it up. A holder that
   * has read the log to its end knows the next {@code t} and that no one else can append until
   * it lets go, so it can decide what to append from the log's latest state. The operating
   * system releases the lock of a process that dies.
   */
  AppendLock lockAppends();

  /** The {@code t} of the last entry, or 0 when the log is empty. */
  long lastT();

  /** The entries with {@code t >= fromT}, in order, as of the moment of the call and after. */
  EntryIterator read(long fromT);

  @Override
  void close();

  /**
   * Iterates log entries; holds a reader that {@link #close()} releases. {@link #hasNext()}
   * returning false means the reader is at the end of the log for now: entries appended later
   * (by this process or another) come next.
   */
  interface EntryIterator extends Iterator<LogEntry>, AutoCloseable {
    /**
     * Skips, from now on, the entries whose {@code t} is below {@code t} without decoding them
     * (e.g. those a reader has already applied).
     */
    void skipBefore(long t);

    /**
     * Moves past the next entry without decoding it and returns its {@code t}, or 0 when the
     * reader is at the end for now: a cheap way to learn that the log has grown.
     */
    long skipNext();

    @Override
    void close();
  }

  /** The held right to append; see {@link #lockAppends()}. */
  interface AppendLock extends AutoCloseable {
    @Override
    void close();
  }
}
