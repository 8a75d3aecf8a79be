package dev.spoor.space;

import static java.util.Objects.requireNonNull;

import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.datalog.EdnReader;
import dev.spoor.datalog.Form;
import dev.spoor.log.ChronicleDatomLog;
import dev.spoor.log.DatomLog;
import dev.spoor.log.Datom;
import dev.spoor.log.Durability;
import dev.spoor.log.LogEntry;
import dev.spoor.log.MemoryDatomLog;
import dev.spoor.query.Attribute;
import dev.spoor.query.Datalog;
import dev.spoor.query.Db;
import dev.spoor.query.Functions;
import dev.spoor.query.Index;
import dev.spoor.query.Indexer;
import dev.spoor.query.SystemSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A space: a log of transactions and the indexes built from it. Open one on a directory
 * ({@link #open(Path)}), or in memory for tests ({@link #inMemory()}). Reading is lock-free
 * through immutable {@link Db} values; {@link #transact} serializes writers, appends the
 * resolved transaction to the log, then indexes it.
 *
 * <p>Several processes may open one directory and write it at once (see {@link #write}); within
 * a process, share one space object per directory. Any number may open it
 * {@linkplain #openReadOnly read-only}.
 *
 * <h2>Agents</h2>
 *
 * <p>{@link #join} makes an {@link Agent}: a named participant with a lease. Spoor's agent
 * schema ({@code :spoor/lifetime}, {@code :spoor/owned}, {@code :spoor.agent/*},
 * {@code :spoor.tx/cause}, {@code :spoor.tx/departed}, {@code :spoor.claim/agent},
 * {@code :spoor.observe/*}, and the enum
 * idents {@code :spoor.lifetime/agent}, {@code :spoor.lifetime/space}, {@code :spoor.cause/joined},
 * {@code :spoor.cause/left}, {@code :spoor.cause/lease-expired}) is installed by two ordinary
 * transactions (without an agent) the first time it is needed: when an agent joins, or when
 * transaction data names one of those attributes. A space that never uses agents never gets it.
 *
 * <ul>
 *   <li><b>Lifetimes.</b> An attribute declared {@code :spoor/lifetime :spoor.lifetime/agent}
 *       holds facts that live as long as the agent that asserted them (the agent named by the
 *       asserting transaction's {@code :spoor.tx/agent}). When that agent leaves or its lease
 *       lapses, one transaction retracts all of them. Such facts asserted without an agent, or
 *       by a name that never joins, stay until retracted. {@code :spoor.lifetime/space} (or no
 *       {@code :spoor/lifetime}) is the ordinary lifetime.
 *   <li><b>Ownership.</b> A value of an attribute declared {@code :spoor/owned true} may be
 *       retracted or replaced (cardinality one, or by {@code :db/retractEntity}) only by a
 *       transaction of the agent that asserted it; any other transaction, including one without
 *       an agent, is rejected with {@link TransactionException.NotOwner}. A value asserted
 *       without an agent has no owner. The space's own departure transactions are exempt.
 *       Agent names are trusted: {@link #transact(List, String)} with an agent's name acts as
 *       that agent.
 *   <li><b>Leases.</b> The space checks leases before every transaction and on a background
 *       thread every {@link Options#leaseCheckInterval()} (started by the first join), using
 *       the clock of its {@link Options}. Agents left over from an earlier run of a directory
 *       space are covered too: their leases lapse and their facts are retracted the same way.
 *       Closing the space does not make its agents leave.
 *   <li><b>Observations.</b> {@link Agent#observe} opens a standing query; after each commit the
 *       space marks the observations reading an attribute the transaction touched, and its
 *       observation threads re-evaluate them and call their listeners. See {@link Observation}.
 * </ul>
 */
public final class Space implements AutoCloseable {

  /**
   * How to open a space.
   *
   * @param durability what an acknowledged transaction survives; see {@link Durability}
   * @param clock the clock transaction instants and agent leases are read from
   * @param leaseCheckInterval how often the background lease check runs (positive)
   * @param functions the functions and aggregates queries on this space may call, besides the
   *     built-ins (see {@link #datalog()}): observations use them, and so can any query run
   *     through {@link Space#datalog()}
   * @param followerSpin how long the thread that applies other processes' transactions keeps
   *     spinning after it found one before it starts parking (zero or more): longer spins cut
   *     the cross-process latency of bursts at the price of a busy core meanwhile
   */
  public record Options(Durability durability, Clock clock, Duration leaseCheckInterval, Functions functions,
      Duration followerSpin) {
    public Options {
      requireNonNull(durability, "durability");
      requireNonNull(clock, "clock");
      requireNonNull(leaseCheckInterval, "leaseCheckInterval");
      requireNonNull(functions, "functions");
      requireNonNull(followerSpin, "followerSpin");
      if (followerSpin.isNegative()) {
        throw new IllegalArgumentException("followerSpin must not be negative, was " + followerSpin);
      }
      if (leaseCheckInterval.isNegative() || leaseCheckInterval.isZero()) {
        throw new IllegalArgumentException("leaseCheckInterval must be positive, was " + leaseCheckInterval);
      }
    }

    /** Options with the built-in query functions and a follower spin of 100 µs. */
    public Options(Durability durability, Clock clock, Duration leaseCheckInterval) {
      this(durability, clock, leaseCheckInterval, Functions.builtIns(), Duration.ofNanos(100_000));
    }

    /** Options with the default lease check interval of one second. */
    public Options(Durability durability, Clock clock) {
      this(durability, clock, Duration.ofSeconds(1));
    }

    /** Page-cache durability (survives a killed process), the system clock, leases checked every second. */
    public static Options defaults() {
      return new Options(Durability.NONE, Clock.systemUTC());
    }

    public Options withDurability(Durability d) {
      return new Options(d, clock, leaseCheckInterval, functions, followerSpin);
    }

    public Options withClock(Clock c) {
      return new Options(durability, c, leaseCheckInterval, functions, followerSpin);
    }

    public Options withLeaseCheckInterval(Duration interval) {
      return new Options(durability, clock, interval, functions, followerSpin);
    }

    /**
     * Options whose queries may also call {@code f}'s functions and aggregates, e.g.
     * {@code Functions.builtIns().withFunction("decay", ...)}.
     */
    public Options withFunctions(Functions f) {
      return new Options(durability, clock, leaseCheckInterval, f, followerSpin);
    }

    /** Options whose follower spins {@code spin} after each transaction of another process; see {@link #followerSpin()}. */
    public Options withFollowerSpin(Duration spin) {
      return new Options(durability, clock, leaseCheckInterval, functions, spin);
    }
  }

  private static final System.Logger LOGGER = System.getLogger(Space.class.getName());

  private final Optional<Path> directory;
  private final DatomLog log;
  private final Indexer indexer = new Indexer();
  private final Clock clock;
  private final Duration leaseCheckInterval;
  private final Datalog datalog;
  private final long followerSpinNanos;
  private final boolean readOnly;
  private final SpaceDirectory.Lock lock;
  private final CursorPositions cursorPositions;
  /** Serializes every write: transactions, joins, departures, lease checks. */
  final Object writeLock = new Object();
  private TxResolver.Ids ids = new TxResolver.Ids(SystemSchema.FIRST_USER_ATTRIBUTE_ID,
      SystemSchema.USER_PARTITION + 1);
  private volatile boolean closed;

  /** The agents joined through this space object and still present, by name. */
  private final Map<String, Agent> present = new ConcurrentHashMap<>();
  private final Set<Cursor> openCursors = ConcurrentHashMap.newKeySet();
  /** The open observations; guarded by writeLock. */
  private final Observers observers = new Observers();
  /** No lease lapses before this instant (a lower bound kept by the write path). Under writeLock. */
  private Instant earliestLease = Instant.MIN;
  private ScheduledExecutorService leaseChecker;
  /** Applies other processes' transactions; see {@link #startBackgroundWork()}. Under writeLock. */
  private Thread follower;
  /** This space object's session, recorded on the agents it joins; see {@link Sessions}. */
  private final String session = Sessions.begin();

  /** The {@code :spoor/owned} attributes, or null until asked for again. Under writeLock. */
  private Set<Long> owned;
  /** The log read to its end: what {@link #catchUpLocked()} reads on. Under writeLock. */
  private DatomLog.EntryIterator applied;
  /** How deep in {@link #write} the thread holding writeLock is. Under writeLock. */
  private int writing;

  private final ReentrantLock commitLock = new ReentrantLock();
  private final Condition committed = commitLock.newCondition();
  /** Threads in {@link #awaitCommitAfter}; {@link #publish} signals only when there are some. */
  private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
  private volatile long publishedT;

  private Space(Optional<Path> directory, DatomLog log, Options options, boolean readOnly,
      SpaceDirectory.Lock lock, CursorPositions cursorPositions) {
    this.directory = directory;
    this.log = log;
    this.clock = options.clock();
    this.leaseCheckInterval = options.leaseCheckInterval();
    this.datalog = Datalog.builtIns().withFunctions(options.functions());
    this.followerSpinNanos = options.followerSpin().toNanos();
    this.readOnly = readOnly;
    this.lock = lock;
    this.cursorPositions = cursorPositions;
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
      Space space = new Space(Optional.of(dir), log, options, false, lock,
          CursorPositions.inDirectory(SpaceDirectory.cursorDir(dir),
              options.durability() == Durability.EVERY_TRANSACTION));
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
    Space space = new Space(Optional.of(dir), log, Options.defaults(), true, null,
        CursorPositions.inMemory());
    space.replay();
    return space;
  }

  /** A space that lives in memory only. */
  public static Space inMemory() {
    return inMemory(Options.defaults());
  }

  public static Space inMemory(Options options) {
    requireNonNull(options, "options");
    return new Space(Optional.empty(), new MemoryDatomLog(), options, false,
        null, CursorPositions.inMemory());
  }

  /**
   * Indexes the whole log on opening. The iterator stays open, at the end of the log, for
   * {@link #catchUpLocked()}.
   */
  private void replay() {
    DatomLog.EntryIterator it = log.read(1);
    try {
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
    } catch (RuntimeException e) {
      it.close();
      throw e;
    }
    applied = it;
    publishedT = indexer.db().basisT();
  }

  /**
   * Runs {@code body} as a write: under {@link #writeLock} and the log's append lock, which
   * other processes writing this directory take too, after applying every transaction they
   * appended. {@code body} thus decides from the log's latest state, and nobody appends
   * between its decision and its append: a {@code :db/cas}, a unique value, an ensure or a claim
   * is checked against exactly the state its transaction follows, in every process. Reentrant.
   */
  <T> T write(java.util.function.Supplier<T> body) {
    synchronized (writeLock) {
      checkWritable();
      if (writing > 0) {
        return body.get();
      }
      try (DatomLog.AppendLock held = log.lockAppends()) {
        writing++;
        try {
          catchUpLocked();
          return body.get();
        } finally {
          writing--;
        }
      }
    }
  }

  /**
   * Applies the transactions other processes appended since this space last read the log, as
   * if committed here: indexes, leases, observations, cursors and departed agents all see them.
   * Under writeLock.
   */
  private void catchUpLocked() {
    if (applied == null) {
      return; // in memory: this space is the log's only writer
    }
    applied.skipBefore(indexer.db().basisT() + 1);
    while (applied.hasNext()) {
      LogEntry entry = applied.next();
      long expected = indexer.db().basisT() + 1;
      if (entry.t() != expected) {
        throw new SpaceException("corrupt", "the log of " + directory.map(Path::toString).orElse("(in memory)")
            + " holds t " + entry.t() + " where t " + expected + " should follow");
      }
      afterApply(entry, applyAndCount(entry));
    }
  }

  /**
   * Applies every transaction appended to the log so far, by this process or another, and
   * returns the latest database value, like Datomic's {@code sync}. {@link #db()} returns
   * the latest value this space has applied without reading the log.
   */
  public Db sync() {
    synchronized (writeLock) {
      checkOpen();
      catchUpLocked();
    }
    return indexer.db();
  }

  /** What follows indexing a transaction, committed here or read from the log. Under writeLock. */
  private void afterApply(LogEntry entry, Db after) {
    if (owned != null) {
      long ownedAttr = after.schema().entid(AgentSchema.OWNED).orElse(-1);
      for (Datom d : entry.datoms()) {
        if (d.a() == ownedAttr) {
          owned = null; // an attribute became owned or stopped being so
          break;
        }
      }
    }
    noteLeases(after, entry);
    noticeDepartures(after, entry);
    publish(after.basisT());
    try {
      observers.committed(entry, after);
    } catch (RuntimeException e) {
      LOGGER.log(System.Logger.Level.ERROR, "observations could not be told of t " + entry.t(), e);
    }
  }

  /**
   * Marks gone the agents present here whose departure {@code entry} records (another process
   * may have found their lease lapsed). Under writeLock.
   */
  private void noticeDepartures(Db after, LogEntry entry) {
    if (present.isEmpty()) {
      return;
    }
    Optional<Attribute> departed = after.schema().attribute(AgentSchema.TX_DEPARTED);
    if (departed.isEmpty()) {
      return;
    }
    for (Datom d : entry.datoms()) {
      if (d.added() && d.a() == departed.get().id()) {
        for (Agent agent : List.copyOf(present.values())) {
          if (agent.id() == (Long) d.v()) {
            agent.gone(causeOf(after, entry), entry.instant());
          }
        }
      }
    }
  }

  private static Keyword causeOf(Db db, LogEntry entry) {
    long cause = db.schema().attribute(AgentSchema.TX_CAUSE).map(Attribute::id).orElse(-1L);
    for (Datom d : entry.datoms()) {
      if (d.added() && d.a() == cause) {
        return db.ident((Long) d.v()).orElse(AgentSchema.CAUSE_LEASE_EXPIRED);
      }
    }
    return AgentSchema.CAUSE_LEASE_EXPIRED;
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

  /**
   * The query engine with this space's functions ({@link Options#functions()}):
   * {@code space.datalog().q(query, space.db(), ...)}. Observations evaluate with it.
   */
  public Datalog datalog() {
    return datalog;
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

  /**
   * Commits {@code txData} on behalf of {@code agent}, recorded as {@code :spoor.tx/agent} ("" for
   * none). The agent need not have joined; it owns the values the transaction asserts (see the
   * class comment), but the transaction does not renew a lease: use {@link Agent#transact}.
   */
  public TxReport transact(List<?> txData, String agent) {
    requireNonNull(txData, "txData");
    requireNonNull(agent, "agent");
    return write(() -> {
      expireLapsedLeases();
      return commitLocked(txData, agent, false);
    });
  }

  /**
   * Resolves, checks, appends and indexes one transaction. The caller holds {@link #writeLock}.
   * {@code departure} marks the space's own departure transactions, which may retract owned
   * values of any agent.
   */
  TxReport commitLocked(List<?> txData, String agent, boolean departure) {
    checkWritable();
    if (writing == 0) {
      throw new IllegalStateException("a commit outside Space.write");
    }
    Db before = indexer.db();
    TxResolver.Resolved r;
    try {
      r = new TxResolver(before, datalog, ids, agent).resolve(txData, clock.instant());
    } catch (TransactionException.UnknownAttribute e) {
      if (!AgentSchema.names(e.attribute()) || AgentSchema.isInstalled(before)) {
        throw e;
      }
      installAgentSchema();
      before = indexer.db();
      r = new TxResolver(before, datalog, ids, agent).resolve(txData, clock.instant());
    }
    if (!departure) {
      checkOwnership(before, r, agent);
    }
    LogEntry entry = new LogEntry(before.basisT() + 1, r.instant(), agent, before.basisT(), r.datoms());
    log.append(entry);
    Db after = applyAndCount(entry);
    afterApply(entry, after);
    return new TxReport(before, after, entry.datoms(), r.tempids());
  }

  /**
   * Appends a transaction taken from another space's log ({@link #readLog}) exactly as it was:
   * the same {@code t}, instant, agent and datoms, so a space copied entry by entry is identical
   * to its source (what {@code spoor replay --to} and {@code spoor import} of an export do). The
   * entry's {@code t} must be this space's next {@code t}, its instant not before the last
   * transaction's, its datoms must belong to its transaction and name attributes this space
   * knows with values of their types. Preconditions, ownership and leases are not checked again:
   * the source space checked them when it committed the transaction.
   *
   * @throws TransactionException.Invalid when the entry does not fit this space
   */
  public TxReport copy(LogEntry entry) {
    requireNonNull(entry, "entry");
    return write(() -> {
      Db before = indexer.db();
      if (entry.t() != before.basisT() + 1) {
        throw invalidCopy(entry, "its t is " + entry.t() + " but this space's next t is " + (before.basisT() + 1));
      }
      if (before.basisT() > 0 && entry.instant().isBefore(before.instantOf(before.basisT()))) {
        throw invalidCopy(entry, "its instant " + entry.instant() + " is before the last transaction's, "
            + before.instantOf(before.basisT()));
      }
      long tx = Db.txEntity(entry.t());
      Set<Long> definedHere = new java.util.HashSet<>();
      for (Datom d : entry.datoms()) {
        if (d.a() == SystemSchema.IDENT_ID) {
          definedHere.add(d.e());
        }
      }
      for (Datom d : entry.datoms()) {
        if (d.tx() != tx) {
          throw invalidCopy(entry, "datom " + d + " belongs to transaction " + d.tx() + ", not " + tx);
        }
        if (definedHere.contains(d.a())) {
          continue;
        }
        Attribute attr;
        try {
          attr = before.attribute(d.a());
          if (!before.coerceValue(attr, d.v()).equals(d.v())) {
            throw invalidCopy(entry, "datom " + d + " holds " + Edn.print(d.v()) + " where " + attr.ident()
                + " holds " + attr.valueType().ident() + " values");
          }
        } catch (dev.spoor.query.DbException e) {
          throw invalidCopy(entry, e.getMessage());
        }
      }
      log.append(entry);
      Db after = applyAndCount(entry);
      afterApply(entry, after);
      return new TxReport(before, after, entry.datoms(), Map.of());
    });
  }

  private static TransactionException invalidCopy(LogEntry entry, String why) {
    return new TransactionException.Invalid(-1, "transaction t " + entry.t() + " cannot be copied into this space: " + why);
  }

  private void publish(long t) {
    publishedT = t;
    if (waiting.get() > 0) {
      commitLock.lock();
      try {
        committed.signalAll();
      } finally {
        commitLock.unlock();
      }
    }
  }

  /** The {@code t} of the last transaction readers can see in {@link #db()}. */
  long publishedT() {
    return publishedT;
  }

  /** Waits until a transaction after {@code seenT} is published, the space closes, or {@code nanos} pass. */
  void awaitCommitAfter(long seenT, long nanos) throws InterruptedException {
    long spinUntil = System.nanoTime() + Math.min(nanos, AWAIT_SPIN_NANOS);
    while (publishedT <= seenT && !closed && System.nanoTime() < spinUntil) {
      Thread.onSpinWait(); // a commit often follows within microseconds; spare the wake-up
    }
    waiting.incrementAndGet();
    commitLock.lockInterruptibly();
    try {
      long remaining = nanos;
      while (publishedT <= seenT && !closed && remaining > 0) {
        remaining = committed.awaitNanos(remaining);
      }
    } finally {
      commitLock.unlock();
      waiting.decrementAndGet();
    }
  }

  private static final long AWAIT_SPIN_NANOS = 20_000;

  // ---------------------------------------------------------------------------------------
  // Agents

  /**
   * Joins the space as agent {@code name} with a lease of {@code lease}: asserts (upserting by
   * name) {@code {:spoor.agent/name name, :spoor.agent/lease-until now+lease}} in a transaction
   * of that agent with {@code :spoor.tx/cause :spoor.cause/joined}. Installs the agent schema
   * first if the space lacks it, and starts the background lease check.
   *
   * <p>The join records the session it comes from ({@code :spoor.agent/session}: host, process
   * id and this space object). An agent entity left over with a live lease from a session that
   * has ended (a closed space object, or a process on this host that is no longer running) is
   * taken over: the new agent is the same entity and keeps its agent-lifetime facts and cursor
   * positions. While the session that joined it still runs (or runs on another host, where
   * Spoor cannot tell), the name is taken until that agent leaves or its lease lapses.
   *
   * @throws SpaceException ({@code :space/agent-present}) when an agent of that name is present:
   *     joined through this space object, or through a session that still runs, and neither
   *     left nor lapsed
   */
  public Agent join(String name, Duration lease) {
    requireNonNull(name, "name");
    requireNonNull(lease, "lease");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("an agent needs a non-empty name");
    }
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("an agent's lease must be positive, was " + lease);
    }
    Agent joined = write(() -> {
      installAgentSchema();
      expireLapsedLeases();
      Agent existing = present.get(name);
      if (existing != null && !existing.isGone()) {
        throw new SpaceException("agent-present", "agent " + Edn.print(name) + " is already present in this space"
            + " (lease until " + Edn.print(existing.leaseUntil()) + "); leave it first, or join with another name");
      }
      Db db = indexer.db();
      Optional<Sessions.Holder> holder = Sessions.holder(db, name);
      if (holder.isPresent() && !holder.get().session().equals(session) && Sessions.isRunning(holder.get().session())) {
        throw new SpaceException("agent-present", "agent " + Edn.print(name) + " is present in another session ("
            + Sessions.describe(holder.get().session()) + ", lease until " + Edn.print(holder.get().leaseUntil())
            + "); wait until it leaves or its lease lapses, or join with another name");
      }
      Instant until = millis(clock.instant().plus(lease));
      List<Object> tx = new ArrayList<>(List.of(
          Map.of(AgentSchema.DB_ID, "agent", AgentSchema.AGENT_NAME, name, AgentSchema.LEASE_UNTIL, until,
              AgentSchema.AGENT_SESSION, session),
          Map.of(AgentSchema.DB_ID, TxResolver.TX_TEMPID, AgentSchema.TX_CAUSE, AgentSchema.CAUSE_JOINED)));
      tx.addAll(staleObservations(db, name));
      TxReport r = commitLocked(tx, name, false);
      Agent agent = new Agent(this, r.tempids().get("agent"), name, lease, until);
      present.put(name, agent);
      return agent;
    });
    startBackgroundWork();
    return joined;
  }

  /**
   * Retractions of the observation facts of the agent named {@code name} left over from an
   * earlier run (no process listens to them any more), for the transaction of a join that takes
   * that agent over. Under writeLock, and no agent of that name is present in this space object.
   */
  private static List<List<Object>> staleObservations(Db db, String name) {
    Optional<Attribute> nameAttr = db.schema().attribute(AgentSchema.AGENT_NAME);
    Optional<Attribute> observer = db.schema().attribute(AgentSchema.OBSERVE_AGENT);
    List<List<Object>> out = new ArrayList<>();
    if (nameAttr.isEmpty() || observer.isEmpty()) {
      return out;
    }
    for (Datom agent : db.datoms(Index.AVET, nameAttr.get().id(), name)) {
      for (Datom o : db.datoms(Index.AVET, observer.get().id(), agent.e())) {
        out.add(List.of(AgentSchema.RETRACT_ENTITY, o.e()));
      }
    }
    return out;
  }

  /** Installs Spoor's agent schema unless it is there. Under writeLock. */
  private void installAgentSchema() {
    for (List<?> tx : AgentSchema.missingInstalls(indexer.db())) {
      commitLocked(tx, "", true);
    }
  }

  /**
   * Rejects a transaction that retracts an owned value another agent asserted. Owned
   * attributes are those with {@code :spoor/owned true} in the basis; the owner of a standing
   * value is the {@code :spoor.tx/agent} of the transaction that asserted it.
   */
  private void checkOwnership(Db before, TxResolver.Resolved r, String agent) {
    if (owned == null) {
      owned = Set.copyOf(AgentSchema.ownedAttributes(before));
    }
    if (owned.isEmpty()) {
      return;
    }
    AgentSchema.AgentsOfTx agents = new AgentSchema.AgentsOfTx(before);
    List<Datom> datoms = r.datoms();
    for (int i = 0; i < datoms.size(); i++) {
      Datom d = datoms.get(i);
      if (d.added() || !owned.contains(d.a())) {
        continue;
      }
      Iterator<Datom> standing = before.datoms(Index.EAVT, d.e(), d.a(), d.v()).iterator();
      if (!standing.hasNext()) {
        continue;
      }
      String owner = agents.of(standing.next().tx());
      if (owner.isEmpty() || owner.equals(agent)) {
        continue;
      }
      Attribute attr = before.attribute(d.a());
      boolean replaced = !attr.isMany() && datoms.stream().anyMatch(x -> x.added() && x.e() == d.e() && x.a() == d.a());
      String who = agent.isEmpty() ? "a transaction without an agent" : "agent " + Edn.print(agent);
      throw new TransactionException.NotOwner(r.items().get(i), d.e(), attr.ident(), d.v(), owner, agent,
          who + " cannot " + (replaced ? "replace" : "retract") + " [" + d.e() + " " + attr.ident() + " "
              + Edn.print(d.v()) + "]: it is owned by agent " + Edn.print(owner)
              + ", and only the agent that asserted an owned value may retract or replace it");
    }
  }

  /**
   * Runs one departure transaction for agent entity {@code agentId} named {@code name}: retracts
   * its lease and every standing fact of an agent-lifetime attribute whose asserting transaction
   * names it, with {@code :spoor.tx/cause cause} and {@code :spoor.tx/departed agentId}. Under
   * writeLock.
   */
  TxReport depart(long agentId, String name, Keyword cause, String txAgent) {
    Db db = indexer.db();
    List<Object> tx = new ArrayList<>();
    AgentSchema.AgentsOfTx agents = new AgentSchema.AgentsOfTx(db);
    for (long a : AgentSchema.agentLifetimeAttributes(db)) {
      for (Datom d : db.datoms(Index.AEVT, a)) {
        if (agents.of(d.tx()).equals(name)) {
          tx.add(List.of(AgentSchema.RETRACT, d.e(), d.a(), d.v()));
        }
      }
    }
    for (Datom d : db.datoms(Index.EAVT, agentId, AgentSchema.LEASE_UNTIL)) {
      tx.add(List.of(AgentSchema.RETRACT, d.e(), d.a(), d.v()));
    }
    tx.add(Map.of(AgentSchema.DB_ID, TxResolver.TX_TEMPID, AgentSchema.TX_CAUSE, cause,
        AgentSchema.TX_DEPARTED, agentId));
    return commitLocked(tx, txAgent, true);
  }

  /**
   * Makes every agent whose lease has lapsed by the clock depart, one transaction each with
   * {@code :spoor.tx/cause :spoor.cause/lease-expired} and no {@code :spoor.tx/agent} (the space
   * itself writes it). Cheap when no lease can have lapsed yet. Under writeLock.
   */
  void expireLapsedLeases() {
    Instant now = clock.instant();
    if (now.isBefore(earliestLease)) {
      return;
    }
    Db db = indexer.db();
    Optional<Attribute> leaseAttr = db.schema().attribute(AgentSchema.LEASE_UNTIL);
    if (leaseAttr.isEmpty()) {
      earliestLease = Instant.MIN;
      return;
    }
    List<Long> lapsed = new ArrayList<>();
    Instant next = Instant.MAX;
    for (Datom d : db.datoms(Index.AEVT, leaseAttr.get().id())) {
      Instant until = (Instant) d.v();
      if (!now.isBefore(until)) {
        lapsed.add(d.e());
      } else if (until.isBefore(next)) {
        next = until;
      }
    }
    for (long e : lapsed) {
      String name = AgentSchema.nameOf(db, e);
      depart(e, name, AgentSchema.CAUSE_LEASE_EXPIRED, "");
      Agent agent = present.get(name);
      if (agent != null && agent.id() == e) {
        agent.gone(AgentSchema.CAUSE_LEASE_EXPIRED, now);
      }
    }
    earliestLease = next;
  }

  /** Lowers {@link #earliestLease} by the leases {@code entry} asserts. Under writeLock. */
  private void noteLeases(Db after, LogEntry entry) {
    Optional<Attribute> leaseAttr = after.schema().attribute(AgentSchema.LEASE_UNTIL);
    if (leaseAttr.isEmpty()) {
      return;
    }
    long a = leaseAttr.get().id();
    for (Datom d : entry.datoms()) {
      if (d.added() && d.a() == a && ((Instant) d.v()).isBefore(earliestLease)) {
        earliestLease = (Instant) d.v();
      }
    }
  }

  /**
   * Starts, once, the background lease check and, for a directory space, the thread that
   * applies other processes' transactions as they are appended (so cursors, observations and
   * agents here see them within microseconds while busy, about a millisecond when idle).
   */
  void startBackgroundWork() {
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      startLeaseChecker();
      if (directory.isPresent() && follower == null) {
        follower = new Thread(this::follow, "spoor-follow " + directory.get());
        follower.setDaemon(true);
        follower.start();
      }
    }
  }

  /**
   * The follower thread's loop; see {@link #startBackgroundWork()}. It watches the log with a
   * reader of its own, without decoding, and applies what it finds through
   * {@link #catchUpLocked()} when an entry is not this space's yet.
   */
  private void follow() {
    try (DatomLog.EntryIterator peek = log.read(publishedT + 1)) {
      Backoff backoff = new Backoff(followerSpinNanos);
      while (!closed) {
        boolean foreign = false;
        for (long t; (t = peek.skipNext()) > 0; ) {
          foreign |= t > publishedT;
        }
        if (foreign) {
          synchronized (writeLock) {
            if (closed) {
              return;
            }
            catchUpLocked();
          }
          backoff.reset();
        } else {
          backoff.pause();
        }
      }
    } catch (RuntimeException e) {
      if (!closed) {
        LOGGER.log(System.Logger.Level.ERROR, "stopped following the log of " + directory.orElseThrow(), e);
      }
    }
  }

  /**
   * Spins for a while after activity ({@link Options#followerSpin()}: transactions tend to come
   * in bursts), then parks for growing spells up to {@link #MAX_PARK_NANOS}: a thousand or so
   * wake-ups a second while the log is idle.
   */
  private static final class Backoff {
    private static final long MAX_PARK_NANOS = 1_000_000;
    private final long spinNanos;
    private long activeAt = System.nanoTime();
    private long park;

    Backoff(long spinNanos) {
      this.spinNanos = spinNanos;
    }

    void reset() {
      activeAt = System.nanoTime();
      park = 0;
    }

    void pause() {
      if (park == 0 && System.nanoTime() - activeAt < spinNanos) {
        Thread.onSpinWait();
        return;
      }
      park = park == 0 ? 20_000 : Math.min(MAX_PARK_NANOS, park * 2);
      java.util.concurrent.locks.LockSupport.parkNanos(park);
    }
  }

  private void startLeaseChecker() {
    if (leaseChecker != null) {
      return;
    }
    leaseChecker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "spoor-lease-check " + directory.map(Path::toString).orElse("(in memory)"));
      t.setDaemon(true);
      return t;
    });
    long ms = Math.max(1, leaseCheckInterval.toMillis());
    leaseChecker.scheduleWithFixedDelay(this::checkLeases, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** The background lease check: never throws, so the schedule keeps running. */
  private void checkLeases() {
    try {
      if (!closed) {
        write(() -> {
          expireLapsedLeases();
          return null;
        });
      }
    } catch (RuntimeException e) {
      if (closed) {
        return;
      }
      LOGGER.log(System.Logger.Level.WARNING, "lease check failed", e);
    }
  }

  void forget(Agent agent) {
    present.remove(agent.name(), agent);
  }

  void remember(Cursor cursor) {
    openCursors.add(cursor);
  }

  void forget(Cursor cursor) {
    openCursors.remove(cursor);
  }

  /** The open observations. Use under writeLock, but for {@link Observers#execute}. */
  Observers observers() {
    return observers;
  }

  CursorPositions cursorPositions() {
    return cursorPositions;
  }

  DatomLog.EntryIterator openLog(long fromT) {
    checkOpen();
    return log.read(fromT);
  }

  Instant now() {
    return clock.instant();
  }

  static Instant millis(Instant i) {
    return Instant.ofEpochMilli(i.toEpochMilli());
  }

  boolean isClosed() {
    return closed;
  }

  void checkWritable() {
    checkOpen();
    if (readOnly) {
      throw new SpaceException("read-only", "this space was opened read-only; open it with Space.open to write");
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

  /**
   * Closes the space: stops the lease check, closes open cursors (without acknowledging),
   * stops open observations (their facts stay; see {@link Observation}) and waits up to five
   * seconds for their listeners' last calls, releases the log and the directory lock. Agents are not made to leave; their leases lapse.
   */
  @Override
  public void close() {
    ScheduledExecutorService checker;
    synchronized (writeLock) {
      checker = leaseChecker;
    }
    if (checker != null) {
      checker.shutdown();
      try {
        checker.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Cursor c : List.copyOf(openCursors)) {
      c.close();
    }
    Thread following;
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      following = follower;
      closed = true;
    }
    if (following != null) {
      try {
        following.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (writeLock) {
      for (Observation o : observers.open()) {
        o.stop();
      }
      publish(publishedT);
      if (applied != null) {
        applied.close();
      }
      log.close();
      Sessions.ended(session);
      if (lock != null) {
        lock.close();
      }
    }
    observers.shutdown();
  }
}
