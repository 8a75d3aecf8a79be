package dev.spoor.log;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/** A {@link DatomLog} held in memory, for tests and throwaway spaces. Nothing survives the process. */
public final class MemoryDatomLog implements DatomLog {
  private final List<LogEntry> entries = new ArrayList<>();

  @Override
  public synchronized void append(LogEntry entry) {
    requireNonNull(entry, "entry");
    if (entry.t() != entries.size() + 1) {
      throw new IllegalStateException("log entry t " + entry.t() + " does not follow the last t " + entries.size());
    }
    entries.add(entry);
  }

  /** A memory log has one process; its appends are serialized by its monitor. */
  @Override
  public AppendLock lockAppends() {
    return () -> {};
  }

  @Override
  public synchronized long lastT() {
    return entries.size();
  }

  @Override
  public EntryIterator read(long fromT) {
    return new EntryIterator() {
      private long t = Math.max(1, fromT);

      @Override
      public boolean hasNext() {
        return t <= lastT();
      }

      @Override
      public void skipBefore(long minT) {
        t = Math.max(t, minT);
      }

      @Override
      public long skipNext() {
        return hasNext() ? t++ : 0;
      }

      @Override
      public LogEntry next() {
        synchronized (MemoryDatomLog.this) {
          if (t > entries.size()) {
            throw new NoSuchElementException();
          }
          return entries.get((int) (t++ - 1));
        }
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void close() {}
}
