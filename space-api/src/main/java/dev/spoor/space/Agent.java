package dev.spoor.space;

import static java.util.Objects.requireNonNull;

import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.datalog.EdnReader;
import dev.spoor.log.Datom;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A participant in a space, obtained from {@link Space#join}. The agent is itself a fact: an
 * entity with {@code :spoor.agent/name} (unique identity) and {@code :spoor.agent/lease-until}.
 *
 * <ul>
 *   <li><b>Lease.</b> The agent is present while the space's clock is before its lease-until
 *       instant. Every {@link #transact}, {@link #claim}, {@link #release} and {@link #renew()}
 *       moves lease-until to now plus {@link #lease()}, in the same transaction. When the lease
 *       lapses, the space (on its background lease check, or on the next transaction) runs one
 *       transaction with {@code :spoor.tx/cause :spoor.cause/lease-expired} that retracts the
 *       lease and every standing fact of a {@code :spoor/lifetime :spoor.lifetime/agent}
 *       attribute that this agent asserted; after that every method but {@link #leave()} and
 *       {@link #close()} throws {@link AgentGone}.
 *   <li><b>Leaving.</b> {@link #leave()} (and {@link #close()}) does the same with
 *       {@code :spoor.tx/cause :spoor.cause/left}, recorded as a transaction of this agent.
 *       History keeps the retracted facts; the agent entity and its name stay.
 *   <li><b>Ownership.</b> Transactions are recorded with {@code :spoor.tx/agent} this agent's
 *       name, which makes it the owner of the values they assert: see {@link Space}.
 *   <li><b>Claims.</b> {@link #claim} marks an entity {@code :spoor.claim/agent} this agent
 *       (owned, agent lifetime) with a compare-and-set; exactly one claimer wins.
 *   <li><b>Cursors.</b> {@link #cursor} opens this agent's named, persistent position in the log.
 * </ul>
 *
 * <p>An agent is safe to use from several threads; its transactions are serialized with every
 * other writer of the space.
 */
public final class Agent implements AutoCloseable {
  private final Space space;
  private final long id;
  private final String name;
  private final Duration lease;
  private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
  private final Set<Observation> observations = ConcurrentHashMap.newKeySet();
  private volatile Instant leaseUntil;
  private volatile Keyword goneCause;
  private volatile Instant goneAt;

  Agent(Space space, long id, String name, Duration lease, Instant leaseUntil) {
    this.space = space;
    this.id = id;
    this.name = name;
    this.lease = lease;
    this.leaseUntil = leaseUntil;
  }

  /** The name the agent joined with: its {@code :spoor.agent/name} and its {@code :spoor.tx/agent}. */
  public String name() {
    return name;
  }

  /** The agent's entity id. */
  public long id() {
    return id;
  }

  /** How long each renewal extends the lease. */
  public Duration lease() {
    return lease;
  }

  /** The instant the lease lapses unless renewed, as last written. */
  public Instant leaseUntil() {
    return leaseUntil;
  }

  /**
   * Whether the agent is still present: it has not left and its lease has not lapsed. Checks
   * the leases first, so a lapsed lease is retracted by this call if nothing did it before.
   */
  public boolean isPresent() {
    synchronized (space.writeLock) {
      if (goneCause == null && !space.isClosed()) {
        space.write(() -> {
          space.expireLapsedLeases();
          return null;
        });
      }
      return goneCause == null;
    }
  }

  /**
   * Commits {@code txData} as this agent ({@code :spoor.tx/agent}) and renews the lease in the
   * same transaction.
   *
   * @throws AgentGone when the agent left or its lease lapsed
   * @throws TransactionException when the transaction is rejected; nothing is committed, not even the renewal
   */
  public TxReport transact(List<?> txData) {
    requireNonNull(txData, "txData");
    return space.write(() -> {
      space.expireLapsedLeases();
      checkPresent();
      Instant until = Space.millis(space.now().plus(lease));
      List<Object> data = new ArrayList<>(txData);
      data.add(List.of(AgentSchema.ADD, id, AgentSchema.LEASE_UNTIL, until));
      TxReport r = space.commitLocked(data, name, false);
      leaseUntil = until;
      return r;
    });
  }

  /** {@link #transact(List)} with transaction data written as EDN. */
  public TxReport transact(String ednTxData) {
    requireNonNull(ednTxData, "ednTxData");
    return transact(TxData.fromEdn(EdnReader.readOne(ednTxData)));
  }

  /**
   * Extends the lease to now plus {@link #lease()} with a transaction of its own; returns the
   * new lease-until instant.
   *
   * @throws AgentGone when the agent left or its lease lapsed already
   */
  public Instant renew() {
    transact(List.of());
    return leaseUntil;
  }

  /**
   * Claims the entity {@code task} (an entity id, lookup ref or ident) for this agent: asserts
   * {@code [task :spoor.claim/agent this-agent]} if the task has no claim, as a {@code :db/cas}
   * from nothing. Of any number of agents claiming one task concurrently exactly one wins.
   * The claim is owned (no other agent can retract it) and lives as long as this agent.
   *
   * @return the {@code t} of the winning claim, a fencing token: a later claim of the same task,
   *     after this agent released it or left, has a larger {@code t}. Claiming a task this agent
   *     already holds returns the {@code t} of its standing claim.
   * @throws TransactionException.ClaimConflict when another agent holds the claim; names it
   * @throws AgentGone when the agent left or its lease lapsed
   */
  public long claim(Object task) {
    requireNonNull(task, "task");
    return space.write(() -> {
      try {
        return transact(List.of(List.of(AgentSchema.CAS, task, AgentSchema.CLAIM_AGENT, Optional.empty(), id))).t();
      } catch (TransactionException.CasMismatch e) {
        long holder = (Long) ((Optional<?>) e.actual()).orElseThrow();
        Db db = space.db();
        long claimT = standingClaimT(db, e.entity(), holder);
        if (holder == id) {
          return claimT;
        }
        String winner = AgentSchema.nameOf(db, holder);
        throw new TransactionException.ClaimConflict(e.entity(), winner, claimT, "task " + e.entity()
            + " is already claimed by agent " + Edn.print(winner) + " (claim t " + claimT + "); agent "
            + Edn.print(name) + " cannot claim it");
      }
    });
  }

  private static long standingClaimT(Db db, long task, long holder) {
    Iterator<Datom> it = db.datoms(Index.EAVT, task, AgentSchema.CLAIM_AGENT, holder).iterator();
    return Db.txT(it.next().tx());
  }

  /**
   * Retracts this agent's claim on {@code task}; returns whether it held one. Another agent's
   * claim is not touched.
   */
  public boolean release(Object task) {
    requireNonNull(task, "task");
    TxReport r = transact(List.of(List.of(AgentSchema.RETRACT, task, AgentSchema.CLAIM_AGENT, id)));
    long claimAttr = AgentSchema.id(r.dbAfter(), AgentSchema.CLAIM_AGENT);
    return r.txData().stream().anyMatch(d -> !d.added() && d.a() == claimAttr);
  }

  /** This agent's cursor {@code name} over every transaction; see {@link Cursor}. */
  public Cursor cursor(String name) {
    return cursor(name, CursorFilter.all());
  }

  /**
   * Opens this agent's cursor {@code name}, returning the transactions {@code filter} matches,
   * starting after the last transaction acknowledged under this agent and cursor name.
   *
   * @throws SpaceException when a cursor of that name is already open for this agent
   */
  public Cursor cursor(String name, CursorFilter filter) {
    requireNonNull(name, "name");
    requireNonNull(filter, "filter");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a cursor needs a non-empty name");
    }
    synchronized (space.writeLock) {
      checkPresent();
      if (cursors.containsKey(name)) {
        throw new SpaceException("cursor-open", "agent " + Edn.print(this.name) + " already has cursor "
            + Edn.print(name) + " open; use that one or close it first");
      }
      Cursor c = new Cursor(space, this, name, filter, space.cursorPositions().load(this.name, name));
      cursors.put(name, c);
      space.remember(c);
      space.startBackgroundWork();
      return c;
    }
  }

  void forget(Cursor c) {
    cursors.remove(c.name(), c);
  }

  /**
   * Opens a standing query: {@code listener} gets its current result, then the rows each later
   * transaction adds and removes; see {@link Observation}. The query's {@code $} is the space;
   * {@code inputs} are its other {@code :in} inputs, in order. Asserts the observation's fact
   * (a transaction of this agent, which renews the lease) and takes the snapshot on the caller's
   * thread, so a query that cannot run throws here, with nothing left behind; the listener is
   * called on the space's observation threads.
   *
   * <pre>{@code
   * Observation open = agent.observe("[:find ?t ?title :in $ ?s :where [?t :task/status ?s] [?t :task/title ?title]]",
   *     change -> System.out.println(change.added() + " " + change.removed()), Keyword.of("open"));
   * }</pre>
   *
   * @throws dev.spoor.datalog.QueryException when the query does not parse or validate
   * @throws SpaceException when {@code :in} lacks {@code $} or the inputs do not match it
   * @throws dev.spoor.query.QueryExecutionException when the snapshot query fails
   * @throws AgentGone when the agent left or its lease lapsed
   */
  public Observation observe(String query, Observation.Listener listener, Object... inputs) {
    requireNonNull(query, "query");
    requireNonNull(listener, "listener");
    requireNonNull(inputs, "inputs");
    Observation.Prepared prepared = Observation.prepare(space.datalog(), query, inputs);
    Observation observation;
    Db db;
    synchronized (space.writeLock) {
      space.startBackgroundWork();
      Map<Keyword, Object> fact = new LinkedHashMap<>();
      fact.put(AgentSchema.DB_ID, "observation");
      fact.put(AgentSchema.OBSERVE_QUERY, query);
      fact.put(AgentSchema.OBSERVE_AGENT, id);
      prepared.inputsEdn().ifPresent(edn -> fact.put(AgentSchema.OBSERVE_INPUTS, edn));
      TxReport r = transact(List.of(fact));
      observation = new Observation(space, this, r.tempids().get("observation"), prepared, listener);
      observations.add(observation);
      space.observers().register(observation);
      db = r.dbAfter();
    }
    observation.start(db);
    return observation;
  }

  void forget(Observation o) {
    observations.remove(o);
  }

  /**
   * Leaves the space: one transaction ({@code :spoor.tx/cause :spoor.cause/left}) retracts the
   * lease and every standing {@code :spoor.lifetime/agent} fact this agent asserted, then the
   * agent's observations stop and its cursors close (their acknowledged positions stay). Does
   * nothing when the agent is already gone or the space is closed.
   */
  public void leave() {
    synchronized (space.writeLock) {
      if (goneCause == null && !space.isClosed()) {
        space.write(() -> {
          space.expireLapsedLeases();
          if (goneCause == null) {
            space.depart(id, name, AgentSchema.CAUSE_LEFT, name);
            gone(AgentSchema.CAUSE_LEFT, space.now());
          }
          return null;
        });
      }
    }
    for (Cursor c : List.copyOf(cursors.values())) {
      c.close();
    }
  }

  /** {@link #leave()}. */
  @Override
  public void close() {
    leave();
  }

  void gone(Keyword cause, Instant at) {
    if (goneCause == null) {
      goneAt = Space.millis(at);
      goneCause = cause;
      space.forget(this);
      for (Observation o : List.copyOf(observations)) {
        o.stop();
      }
    }
  }

  boolean isGone() {
    return goneCause != null;
  }

  private void checkPresent() {
    Keyword cause = goneCause;
    if (cause == null) {
      return;
    }
    if (cause.equals(AgentSchema.CAUSE_LEFT)) {
      throw new AgentGone(name, cause, "agent " + Edn.print(name) + " left the space; join again to act");
    }
    throw new AgentGone(name, cause, "agent " + Edn.print(name) + " is gone: its lease lapsed at "
        + Edn.print(leaseUntil) + " (noticed at " + Edn.print(goneAt) + ") and the space retracted its"
        + " agent-lifetime facts; join again to act");
  }

  @Override
  public String toString() {
    return "Agent[" + name + ", " + id + (goneCause == null ? ", lease until " + leaseUntil : ", gone: " + goneCause)
        + "]";
  }
}
