package dev.spoor.space;

import static java.util.Objects.requireNonNull;

import dev.spoor.datalog.EdnReader;
import dev.spoor.datalog.Form;
import dev.spoor.log.ChronicleDatomLog;
import dev.spoor.log.DatomLog;
import dev.spoor.log.Datom;
import dev.spoor.log.Durability;
import dev.spoor.log.LogEntry;
import dev.spoor.log.MemoryDatomLog;
import dev.spoor.query.Db;
import dev.spoor.query.Indexer;
import dev.spoor.query.SystemSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A space: a log of transactions and the indexes built from it. Open one on a directory
 * ({@link #open(Path)}), or in memory for tests ({@link #inMemory()}). Reading is lock-free
 * through immutable {@link Db} values; {@link #transact} serializes writers, appends the
 * resolved transaction to the log, then indexes it.
 *
 * <p>One process at a time may open a directory for writing (a lock file enforces it); any
 * number may open it {@linkplain #openReadOnly read-only}.
 */
public final class Space implements AutoCloseable {

  /**
   * How to open a space.
   *
   * @param durability what an acknowledged transaction survives; see {@link Durability}
   * @param clock the clock transaction instants are read from
   */
  public record Options(Durability durability, Clock clock) {
    public Options {
      requireNonNull(durability, "durability");
      requireNonNull(clock, "clock");
    }

    /** Page-cache durability (survives a killed process), the system clock. */
    public static Options defaults() {
      return new Options(Durability.NONE, Clock.systemUTC());
    }

    public Options withDurability(Durability d) {
      return new Options(d, clock);
    }

    public Options withClock(Clock c) {
      return new Options(durability, c);
    }
  }

  private final Optional<Path> directory;
  private final DatomLog log;
  private final Indexer indexer = new Indexer();
  private final Clock clock;
  private final boolean readOnly;
  private final SpaceDirectory.Lock lock;
  private final Object writeLock = new Object();
  private TxResolver.Ids ids = new TxResolver.Ids(SystemSchema.FIRST_USER_ATTRIBUTE_ID,
      SystemSchema.USER_PARTITION + 1);
  private volatile boolean closed;

  private Space(Optional<Path> directory, DatomLog log, Clock clock, boolean readOnly, SpaceDirectory.Lock lock) {
    this.directory = directory;
    this.log = log;
    this.clock = clock;
    this.readOnly = readOnly;
    this.lock = lock;
  }

  /** Opens (creating if needed) the space in {@code dir} with default options. */
  public static Space open(Path dir) {
    return open(dir, Options.defaults());
  }

  /** Opens (creating if needed) the space in {@code dir} for reading and writing. */
  public static Space open(Path dir, Options options) {
    requireNonNull(dir, "dir");
    requireNonNull(options, "options");
    SpaceDirectory.Lock lock = SpaceDirectory.openForWriting(dir);
    try {
      DatomLog log = ChronicleDatomLog.open(SpaceDirectory.logDir(dir), options.durability(), false);
      Space space = new Space(Optional.of(dir), log, options.clock(), false, lock);
      space.replay();
      return space;
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Opens the existing space in {@code dir} for reading only; it must exist. */
  public static Space openReadOnly(Path dir) {
    requireNonNull(dir, "dir");
    SpaceDirectory.checkExisting(dir);
    DatomLog log = SpaceDirectory.hasLogFiles(dir)
        ? ChronicleDatomLog.open(SpaceDirectory.logDir(dir), Durability.NONE, true)
        : new MemoryDatomLog();
    Space space = new Space(Optional.of(dir), log, Clock.systemUTC(), true, null);
    space.replay();
    return space;
  }

  /** A space that lives in memory only. */
  public static Space inMemory() {
    return inMemory(Options.defaults());
  }

  public static Space inMemory(Options options) {
    return new Space(Optional.empty(), new MemoryDatomLog(), options.clock(), false, null);
  }

  private void replay() {
    try (DatomLog.EntryIterator it = log.read(1)) {
      indexer.applyAll(() -> new java.util.Iterator<LogEntry>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public LogEntry next() {
          LogEntry e = it.next();
          countIds(e);
          return e;
        }
      });
    }
  }

  private Db applyAndCount(LogEntry entry) {
    Db db = indexer.apply(entry);
    countIds(entry);
    return db;
  }

  /** Keeps the entity id counters past every id the log has minted. */
  private void countIds(LogEntry entry) {
    long nextAttribute = ids.nextAttribute();
    long nextUser = ids.nextUser();
    for (Datom d : entry.datoms()) {
      long e = d.e();
      if (e >= SystemSchema.USER_PARTITION) {
        nextUser = Math.max(nextUser, e + 1);
      } else if (e < SystemSchema.TX_PARTITION && e >= SystemSchema.FIRST_USER_ATTRIBUTE_ID) {
        nextAttribute = Math.max(nextAttribute, e + 1);
      }
    }
    ids = new TxResolver.Ids(nextAttribute, nextUser);
  }

  /** The directory the space lives in; empty for an in-memory space. */
  public Optional<Path> directory() {
    return directory;
  }

  /** The latest database value. */
  public Db db() {
    checkOpen();
    return indexer.db();
  }

  /**
   * Commits {@code txData}: a list of entity maps and list forms, as Datomic takes them. Either
   * every datom is committed or, with a {@link TransactionException}, none.
   */
  public TxReport transact(List<?> txData) {
    return transact(txData, "");
  }

  /** Commits {@code txData} on behalf of {@code agent}, recorded as {@code :spoor.tx/agent}. */
  public TxReport transact(List<?> txData, String agent) {
    requireNonNull(txData, "txData");
    requireNonNull(agent, "agent");
    checkOpen();
    if (readOnly) {
      throw new SpaceException("read-only", "this space was opened read-only; open it with Space.open to write");
    }
    synchronized (writeLock) {
      Db before = indexer.db();
      TxResolver.Resolved r = new TxResolver(before, ids, agent).resolve(txData, clock.instant());
      LogEntry entry = new LogEntry(before.basisT() + 1, r.instant(), agent, before.basisT(), r.datoms());
      log.append(entry);
      Db after = applyAndCount(entry);
      return new TxReport(before, after, entry.datoms(), r.tempids());
    }
  }

  /** Commits transaction data written as EDN: a vector of entity maps and list forms. */
  public TxReport transact(String ednTxData) {
    return transact(TxData.fromEdn(EdnReader.readOne(ednTxData)));
  }

  /** Commits one transaction read from EDN. */
  public TxReport transact(Form ednTxData) {
    return transact(TxData.fromEdn(ednTxData));
  }

  /**
   * Calls {@code consumer} with each committed transaction whose {@code t} is in
   * {@code [fromT, toT]}, in order.
   */
  public void readLog(long fromT, long toT, Consumer<LogEntry> consumer) {
    checkOpen();
    try (DatomLog.EntryIterator it = log.read(Math.max(1, fromT))) {
      while (it.hasNext()) {
        LogEntry e = it.next();
        if (e.t() > toT) {
          break;
        }
        consumer.accept(e);
      }
    }
  }

  /** The committed transactions with {@code t} in {@code [fromT, toT]}. */
  public List<LogEntry> logEntries(long fromT, long toT) {
    List<LogEntry> out = new ArrayList<>();
    readLog(fromT, toT, out::add);
    return out;
  }

  private void checkOpen() {
    if (closed) {
      throw new SpaceException("closed", "the space " + directory.map(Path::toString).orElse("(in memory)")
          + " is closed");
    }
  }

  @Override
  public void close() {
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      closed = true;
      log.close();
      if (lock != null) {
        lock.close();
      }
    }
  }
}
