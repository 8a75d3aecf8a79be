package dev.spoor.log;

import static java.util.Objects.requireNonNull;

import dev.spoor.log.internal.EntryCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A {@link DatomLog} on Chronicle Queue: one transaction is one excerpt, so a reader sees a
 * transaction whole or not at all, and an excerpt a killed writer left half-written is never
 * read. {@code t} is dense: the n-th excerpt holds {@code t = n}.
 *
 * <p>Appends are serialized by the caller (one writer per log, see {@code space-api});
 * reading is safe from any thread through its own {@link #read iterator}.
 */
public final class ChronicleDatomLog implements DatomLog {
  private final SingleChronicleQueue queue;
  private final boolean readOnly;
  private final ThreadLocal<ExcerptAppender> appenders;
  private volatile long lastT;

  private ChronicleDatomLog(SingleChronicleQueue queue, boolean readOnly) {
    this.queue = queue;
    this.readOnly = readOnly;
    this.appenders = ThreadLocal.withInitial(queue::createAppender);
    this.lastT = scanLastT();
  }

  /**
   * Opens the log in {@code dir}, creating it when {@code readOnly} is false and it does not
   * exist yet.
   */
  public static ChronicleDatomLog open(Path dir, Durability durability, boolean readOnly) {
    requireNonNull(dir, "dir");
    requireNonNull(durability, "durability");
    if (readOnly && !Files.isDirectory(dir)) {
      throw new LogException("missing", "no log at " + dir);
    }
    SyncMode sync = switch (durability) {
      case NONE -> SyncMode.NONE;
      case BATCHED -> SyncMode.ASYNC;
      case EVERY_TRANSACTION -> SyncMode.SYNC;
    };
    try {
      SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir)
          .readOnly(readOnly)
          .syncMode(sync)
          .build();
      return new ChronicleDatomLog(queue, readOnly);
    } catch (RuntimeException e) {
      throw new LogException("open-failed", "cannot open the log at " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void append(LogEntry entry) {
    requireNonNull(entry, "entry");
    if (readOnly) {
      throw new LogException("read-only", "this log was opened read-only");
    }
    if (entry.t() != lastT + 1) {
      throw new IllegalStateException("log entry t " + entry.t() + " does not follow the last t " + lastT);
    }
    try (DocumentContext dc = appenders.get().writingDocument()) {
      EntryCodec.write(entry, dc.wire().bytes());
    }
    lastT = entry.t();
  }

  @Override
  public long lastT() {
    return lastT;
  }

  /** Re-reads the end of the log, for a reader whose writer is another process. */
  public long refreshLastT() {
    lastT = scanLastT();
    return lastT;
  }

  private long scanLastT() {
    long last = queue.lastIndex();
    if (last < 0) {
      return 0;
    }
    ExcerptTailer tailer = queue.createTailer();
    try {
      if (!tailer.moveToIndex(last)) {
        return 0;
      }
      try (DocumentContext dc = tailer.readingDocument()) {
        return dc.isPresent() ? EntryCodec.peekT(dc.wire().bytes()) : 0;
      }
    } finally {
      tailer.close();
    }
  }

  @Override
  public EntryIterator read(long fromT) {
    ExcerptTailer tailer = queue.createTailer().toStart();
    // An iterator may be created on one thread and read or closed on another (a cursor shared
    // between threads, a space closing its cursors); its users serialize access themselves.
    tailer.singleThreadedCheckDisabled(true);
    return new EntryIterator() {
      private LogEntry next;

      @Override
      public boolean hasNext() {
        while (next == null) {
          try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
              return false;
            }
            if (dc.isMetaData()) {
              continue;
            }
            Bytes<?> bytes = dc.wire().bytes();
            if (EntryCodec.peekT(bytes) >= fromT) {
              next = EntryCodec.read(bytes);
            }
          }
        }
        return true;
      }

      @Override
      public LogEntry next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        LogEntry e = next;
        next = null;
        return e;
      }

      @Override
      public void close() {
        tailer.close();
      }
    };
  }

  @Override
  public void close() {
    queue.close();
  }
}
