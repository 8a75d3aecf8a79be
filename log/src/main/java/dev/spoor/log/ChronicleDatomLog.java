package dev.spoor.log;

import static java.util.Objects.requireNonNull;

import dev.spoor.log.internal.EntryCodec;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
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
 * <p>Several processes may append to one log: each holds {@link #lockAppends()} (an OS lock
 * on {@code append.lock} in the log directory, so a killed holder releases it) while it reads
 * to the end and appends. Reading is safe from any thread through its own
 * {@link #read iterator}.
 */
public final class ChronicleDatomLog implements DatomLog {
  private final SingleChronicleQueue queue;
  private final boolean readOnly;
  private final ThreadLocal<ExcerptAppender> appenders;
  private final Path dir;
  /** The channel of {@code append.lock}; null for a read-only log. */
  private final FileChannel lockChannel;
  private volatile long lastT;

  private ChronicleDatomLog(Path dir, SingleChronicleQueue queue, boolean readOnly, FileChannel lockChannel) {
    this.dir = dir;
    this.queue = queue;
    this.readOnly = readOnly;
    this.lockChannel = lockChannel;
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
          // A process killed while appending leaves Chronicle's own write lock held; the next
          // appender (which holds append.lock, so no live process holds Chronicle's lock)
          // recovers it after this long instead of the default 15 s.
          .timeoutMS(LOCK_RECOVERY_MS)
          .build();
      FileChannel channel = null;
      if (!readOnly) {
        try {
          channel = FileChannel.open(dir.resolve("append.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
          queue.close();
          throw new LogException("open-failed", "cannot open " + dir.resolve("append.lock") + ": " + e.getMessage(), e);
        }
      }
      return new ChronicleDatomLog(dir, queue, readOnly, channel);
    } catch (RuntimeException e) {
      if (e instanceof LogException) {
        throw e;
      }
      throw new LogException("open-failed", "cannot open the log at " + dir + ": " + e.getMessage(), e);
    }
  }

  private static final long LOCK_RECOVERY_MS = 1_000;

  @Override
  public AppendLock lockAppends() {
    if (readOnly) {
      throw new LogException("read-only", "this log was opened read-only");
    }
    FileLock lock;
    try {
      lock = lockChannel.lock();
    } catch (IOException e) {
      throw new LogException("lock-failed", "cannot lock " + dir.resolve("append.lock") + ": " + e.getMessage(), e);
    }
    return () -> {
      try {
        lock.release();
      } catch (IOException e) {
        throw new LogException("lock-failed", "cannot unlock " + dir.resolve("append.lock") + ": " + e.getMessage(), e);
      }
    };
  }

  @Override
  public void append(LogEntry entry) {
    requireNonNull(entry, "entry");
    if (readOnly) {
      throw new LogException("read-only", "this log was opened read-only");
    }
    if (entry.t() > lastT + 1) {
      refreshLastT(); // another process appended since
    }
    if (entry.t() != lastT + 1) {
      throw new IllegalStateException("log entry t " + entry.t() + " does not follow the last t " + lastT);
    }
    try (DocumentContext dc = appenders.get().writingDocument()) {
      EntryCodec.write(entry, dc.wire().bytes());
    }
    lastT = entry.t();
  }

  /** Reads the end of the log, which other processes may have appended to since. */
  @Override
  public long lastT() {
    return refreshLastT();
  }

  private long refreshLastT() {
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
      private long minT = fromT;

      @Override
      public long skipNext() {
        if (next != null) {
          long t = next.t();
          next = null;
          return t;
        }
        while (true) {
          try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
              return 0;
            }
            if (!dc.isMetaData()) {
              return EntryCodec.peekT(dc.wire().bytes());
            }
          }
        }
      }

      @Override
      public void skipBefore(long t) {
        minT = Math.max(minT, t);
        if (next != null && next.t() < minT) {
          next = null;
        }
      }

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
            if (EntryCodec.peekT(bytes) >= minT) {
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
    if (lockChannel != null) {
      try {
        lockChannel.close();
      } catch (IOException e) {
        throw new LogException("close-failed", "cannot close " + dir.resolve("append.lock") + ": " + e.getMessage(), e);
      }
    }
  }
}
