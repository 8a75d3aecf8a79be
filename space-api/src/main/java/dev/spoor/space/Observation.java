package dev.spoor.space;

import static java.util.Objects.requireNonNull;

import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.datalog.Form;
import dev.spoor.datalog.Query;
import dev.spoor.datalog.QueryParser;
import dev.spoor.datalog.Rule;
import dev.spoor.query.Datalog;
import dev.spoor.query.Db;
import dev.spoor.query.QueryResult;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A standing Datalog query of an {@link Agent}, opened by {@link Agent#observe}. Its
 * {@link Listener} gets first the current result (the snapshot), then, after each committed
 * transaction that changes the result, the rows added and the rows removed, in transaction
 * order, each {@link Change} tagged with the {@code t}'s it covers.
 *
 * <ul>
 *   <li><b>Rows.</b> The result is seen as a set of rows, one {@code List} per find tuple:
 *       {@code :find ?a ?b} gives {@code [a b]}; {@code :find [?a ...]} and {@code :find ?a .}
 *       give {@code [a]}; {@code :find [?a ?b]} gives at most one row; with {@code :keys} the
 *       row holds the values in key order. Rows a {@code :with} query returns more than once
 *       count once.
 *   <li><b>Which transactions.</b> The space keeps an index from attribute to observations.
 *       A transaction re-evaluates only the observations reading an attribute it asserts or
 *       retracts (its transaction metadata included); idle observations cost nothing. A query
 *       whose attributes cannot be read off its text (a variable in attribute position, a
 *       {@code pull}, a function given {@code $}, see {@code QueryAttributes}) is re-evaluated
 *       after every transaction.
 *   <li><b>How.</b> Re-evaluation runs the whole query on the new database value and diffs the
 *       result against the previous one. Maintaining results incrementally (from the
 *       transaction's datoms alone) is future work.
 *   <li><b>Slow listeners.</b> Evaluation and delivery run on the space's observation threads,
 *       never on the writer's; one observation's changes are delivered one at a time and in
 *       order. While a listener is busy (or evaluation lags behind the writers), the
 *       transactions it has not seen yet are coalesced into one change: nothing is dropped, a
 *       row added and removed again in the meantime appears in neither set, and
 *       {@link Change#fromT()}..{@link Change#toT()} spans the transactions covered.
 *   <li><b>A fact.</b> The observation is an entity in the space: {@code :spoor.observe/query}
 *       (the text), {@code :spoor.observe/agent} (the agent), and {@code :spoor.observe/inputs}
 *       (the inputs besides {@code $} as an EDN vector, when they have one), all owned and of
 *       agent lifetime. Other agents can query who is interested in what. {@link #close()}
 *       retracts it; when the agent leaves or its lease lapses, the departure retracts it and
 *       the observation stops. A transaction that retracts the fact stops the observation too.
 * </ul>
 */
public final class Observation implements AutoCloseable {
  private static final System.Logger LOGGER = System.getLogger(Observation.class.getName());

  /**
   * Receives an observation's changes, on one of the space's observation threads, one call at a
   * time per observation. A listener may block (the observation's later changes coalesce
   * meanwhile) and may use the space, e.g. transact or close its observation; a blocked
   * listener holds one of the space's few observation threads, though.
   */
  @FunctionalInterface
  public interface Listener {
    /** The snapshot first, then each change. An exception thrown here is logged; the change counts as delivered. */
    void onChange(Change change);

    /**
     * Re-evaluating the query failed (e.g. a timeout or a function that threw on new data). The
     * observation keeps its last result and tries again after the next relevant transaction;
     * the next change then also covers the transactions of the failed attempt. Logs a warning
     * unless overridden.
     */
    default void onError(RuntimeException error) {
      LOGGER.log(System.Logger.Level.WARNING, "an observation could not be re-evaluated", error);
    }

    /**
     * The observation stopped: closed, its agent gone, its fact retracted or the space closed.
     * Called once, last; changes not delivered by then are dropped.
     */
    default void onClosed() {}
  }

  /**
   * One change of an observation's result: the rows that entered it and the rows that left it
   * over the transactions {@code fromT}..{@code toT}.
   *
   * @param fromT the first transaction covered: for the snapshot, the {@code t} of the database
   *     it was taken from; otherwise the first transaction since the previous evaluation that
   *     touched an attribute the query reads
   * @param toT the last transaction covered; the result is now as of {@code toT}. Equal to
   *     {@code fromT} when one transaction made the change
   * @param snapshot whether this is the first, whole result (then {@code removed} is empty)
   * @param added rows in the result now that were not before, in the query's row order
   * @param removed rows that were in the result and are not now
   */
  public record Change(long fromT, long toT, boolean snapshot, Set<List<Object>> added, Set<List<Object>> removed) {
    public Change {
      if (fromT < 0 || toT < fromT) {
        throw new IllegalArgumentException("a change covers t " + fromT + " to " + toT);
      }
      added = copyRows(added, "added");
      removed = copyRows(removed, "removed");
      if (snapshot && !removed.isEmpty()) {
        throw new IllegalArgumentException("a snapshot removes nothing");
      }
    }

    private static Set<List<Object>> copyRows(Set<List<Object>> rows, String what) {
      requireNonNull(rows, what);
      Set<List<Object>> out = new LinkedHashSet<>();
      for (List<Object> row : rows) {
        out.add(List.copyOf(row));
      }
      return Collections.unmodifiableSet(out);
    }

    /** Whether the change neither adds nor removes a row (only a snapshot of an empty result is delivered so). */
    public boolean isEmpty() {
      return added.isEmpty() && removed.isEmpty();
    }
  }

  /**
   * A query checked and analysed before anything is transacted.
   *
   * @param inputsEdn the inputs besides {@code $} as an EDN vector; empty when there are none or
   *     one has no EDN form
   */
  record Prepared(String text, Query query, List<Object> inputs, Optional<Set<Keyword>> attributes,
      java.util.Map<Keyword, Set<Object>> valueKeys, Optional<String> inputsEdn) {}

  private final Space space;
  private final Agent agent;
  private final long id;
  private final Prepared prepared;
  private final Listener listener;
  private final AtomicLong evaluations = new AtomicLong();

  // Guarded by this: what the observation threads have to do.
  private boolean ready;
  private boolean scheduled;
  private boolean closed;
  private boolean closeNotified;
  private Change pendingSnapshot;
  private Db pendingDb;
  private long pendingFromT;

  // Touched only by the one thread draining this observation (or by start, before any drain).
  private Set<List<Object>> last = Set.of();
  private long uncoveredFromT;
  private volatile List<String> columns = List.of();

  Observation(Space space, Agent agent, long id, Prepared prepared, Listener listener) {
    this.space = space;
    this.agent = agent;
    this.id = id;
    this.prepared = prepared;
    this.listener = listener;
  }

  /**
   * Parses {@code text} and checks its inputs: its {@code :in} must name {@code $} (or be
   * absent), which is the space; {@code inputs} are the other inputs, in order.
   */
  static Prepared prepare(Datalog datalog, String text, Object[] inputs) {
    Query query = datalog.parse(text);
    int sources = 0;
    int others = 0;
    List<Rule> rules = List.of();
    boolean rulesReadable = true;
    for (Query.Input in : query.inputs()) {
      if (in instanceof Query.Input.Source s && s.source().isDefault()) {
        sources++;
        continue;
      }
      if (in instanceof Query.Input.Rules && others < inputs.length) {
        Object r = inputs[others];
        if (r instanceof String s) {
          rules = QueryParser.parseRules(s);
        } else if (r instanceof Form f) {
          rules = QueryParser.parseRules(f);
        } else if (r instanceof List<?> l && l.stream().allMatch(x -> x instanceof Rule)) {
          rules = l.stream().map(x -> (Rule) x).toList();
        } else {
          rulesReadable = false;
        }
      }
      others++;
    }
    if (sources != 1) {
      throw new SpaceException("observe-source", "an observed query reads the space as $, so its :in must name $"
          + " once (or be left out); " + query.inputs().size() + " inputs given in " + text);
    }
    if (others != inputs.length) {
      throw new SpaceException("observe-inputs", "the query's :in takes " + others + " input"
          + (others == 1 ? "" : "s") + " besides $ (the space), got " + inputs.length);
    }
    List<Object> in = List.of(inputs);
    Optional<Set<Keyword>> attributes = rulesReadable ? QueryAttributes.of(query, rules) : Optional.empty();
    java.util.Map<dev.spoor.datalog.Term.Variable, Object> scalars = new java.util.HashMap<>();
    int next = 0;
    for (Query.Input input : query.inputs()) {
      if (input instanceof Query.Input.Source s && s.source().isDefault()) {
        continue;
      }
      if (input instanceof Query.Input.Bind b && b.binding() instanceof dev.spoor.datalog.Binding.Scalar sc) {
        scalars.put(sc.variable(), inputs[next]);
      }
      next++;
    }
    java.util.Map<Keyword, Set<Object>> valueKeys = attributes.isPresent()
        ? QueryAttributes.valueKeys(query, rules, scalars) : java.util.Map.of();
    return new Prepared(text, query, in, attributes, valueKeys, inputsEdn(in));
  }

  private static Optional<String> inputsEdn(List<Object> inputs) {
    if (inputs.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Edn.print(inputs));
    } catch (IllegalArgumentException noEdnForm) {
      return Optional.empty();
    }
  }

  /** The observation's entity id: the entity with {@code :spoor.observe/query}. */
  public long id() {
    return id;
  }

  /** The agent that observes. */
  public Agent agent() {
    return agent;
  }

  /** The query text, as given. */
  public String query() {
    return prepared.text();
  }

  /** The query's inputs besides {@code $}. */
  public List<Object> inputs() {
    return prepared.inputs();
  }

  /** The find elements as written, naming the positions of a row: {@code ?e}, {@code (count ?x)}, ... */
  public List<String> columns() {
    return columns;
  }

  /** Whether the observation still delivers changes: not closed, its agent present, the space open. */
  public synchronized boolean isOpen() {
    return !closed;
  }

  /**
   * Stops the observation and retracts its fact (a transaction of its agent, which renews the
   * lease). Changes not delivered yet are dropped; a change being delivered completes. Does
   * nothing when it is already closed; when the agent is gone or the space closed, the fact is
   * retracted already or stays for the agent's departure.
   */
  @Override
  public void close() {
    synchronized (space.writeLock) {
      if (!stop() || space.isClosed() || agent.isGone()) {
        return;
      }
      try {
        agent.transact(List.of(List.of(AgentSchema.RETRACT_ENTITY, id)));
      } catch (AgentGone lapsedJustNow) {
        // the departure that noticed the lapse retracted the fact
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // The space's side

  /**
   * Of {@link #attributes()}, those whose reads all pin the value, with the values: only a datom
   * with one of them can change the result. See {@link QueryAttributes#valueKeys}.
   */
  java.util.Map<Keyword, Set<Object>> valueKeys() {
    return prepared.valueKeys();
  }

  /** Attribute idents the query reads; empty when it is re-evaluated after every transaction. */
  Optional<Set<Keyword>> attributes() {
    return prepared.attributes();
  }

  /** How many times the query ran: the snapshot and each re-evaluation. For tests. */
  long evaluations() {
    return evaluations.get();
  }

  /** Whether nothing is pending or running for this observation. For tests. */
  synchronized boolean idle() {
    return !scheduled && pendingDb == null && pendingSnapshot == null;
  }

  /**
   * Takes the snapshot on {@code db} (the database right after the observation's fact) on the
   * caller's thread, so a query that cannot run fails the {@link Agent#observe} call, then hands
   * it to the observation threads. Transactions committed meanwhile wait as pending.
   */
  void start(Db db) {
    Set<List<Object>> rows;
    try {
      rows = evaluate(db);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    last = rows;
    synchronized (this) {
      if (closed) {
        return;
      }
      ready = true;
      pendingSnapshot = new Change(db.basisT(), db.basisT(), true, rows, Set.of());
      schedule();
    }
  }

  /** A transaction touching the query's attributes committed {@code after}. Under the space's writeLock. */
  synchronized void committed(Db after) {
    if (closed) {
      return;
    }
    pendingDb = after;
    if (pendingFromT == 0) {
      pendingFromT = after.basisT();
    }
    if (ready) {
      schedule();
    }
  }

  /**
   * Stops the observation without retracting its fact: unregisters it and lets the listener know.
   * Returns whether it was open. Under the space's writeLock.
   */
  boolean stop() {
    space.observers().unregister(this);
    agent.forget(this);
    synchronized (this) {
      if (closed) {
        return false;
      }
      closed = true;
      pendingDb = null;
      pendingSnapshot = null;
      if (ready) {
        schedule();
      } else {
        closeNotified = true;
      }
      return true;
    }
  }

  /** Under this. */
  private void schedule() {
    if (scheduled) {
      return;
    }
    scheduled = true;
    try {
      space.observers().execute(this::drain);
    } catch (RejectedExecutionException spaceClosing) {
      scheduled = false;
    }
  }

  /**
   * Delivers what is pending, one item at a time, until nothing is. Runs on an observation
   * thread. An {@link Error} (from the query or a listener) unschedules the observation; the next
   * relevant transaction schedules it again.
   */
  private void drain() {
    try {
      drainLoop();
    } catch (Error e) {
      synchronized (this) {
        scheduled = false;
      }
      throw e;
    }
  }

  private void drainLoop() {
    while (true) {
      Change snapshot = null;
      Db db = null;
      long fromT = 0;
      boolean notifyClosed = false;
      synchronized (this) {
        if (closed) {
          if (closeNotified) {
            scheduled = false;
            return;
          }
          closeNotified = true;
          notifyClosed = true;
        } else if (pendingSnapshot != null) {
          snapshot = pendingSnapshot;
          pendingSnapshot = null;
        } else if (pendingDb != null) {
          db = pendingDb;
          fromT = pendingFromT;
          pendingDb = null;
          pendingFromT = 0;
        } else {
          scheduled = false;
          return;
        }
      }
      if (notifyClosed) {
        call(listener::onClosed, "onClosed");
      } else if (snapshot != null) {
        deliver(snapshot);
      } else {
        reevaluate(db, fromT);
      }
    }
  }

  private void reevaluate(Db db, long fromT) {
    long from = uncoveredFromT != 0 ? uncoveredFromT : fromT;
    Set<List<Object>> now;
    try {
      now = evaluate(db);
    } catch (RuntimeException e) {
      uncoveredFromT = from;
      call(() -> listener.onError(e), "onError");
      return;
    }
    uncoveredFromT = 0;
    Set<List<Object>> added = new LinkedHashSet<>(now);
    added.removeAll(last);
    Set<List<Object>> removed = new LinkedHashSet<>(last);
    removed.removeAll(now);
    last = now;
    if (!added.isEmpty() || !removed.isEmpty()) {
      deliver(new Change(from, db.basisT(), false, added, removed));
    }
  }

  private void deliver(Change change) {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    call(() -> listener.onChange(change), "onChange");
  }

  private void call(Runnable r, String what) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOGGER.log(System.Logger.Level.WARNING, "the " + what + " listener of observation " + id + " of agent "
          + Edn.print(agent.name()) + " threw", e);
    }
  }

  /** Runs the query on {@code db}: its rows, as a set. */
  private Set<List<Object>> evaluate(Db db) {
    evaluations.incrementAndGet();
    Query query = prepared.query();
    Object[] args = new Object[query.inputs().size()];
    int next = 0;
    for (int i = 0; i < args.length; i++) {
      Query.Input in = query.inputs().get(i);
      args[i] = in instanceof Query.Input.Source s && s.source().isDefault() ? db : prepared.inputs().get(next++);
    }
    QueryResult result = space.datalog().q(query, args);
    columns = result.columns();
    return rows(result);
  }

  /** The rows of {@code result} as tuples; see the class comment. */
  static Set<List<Object>> rows(QueryResult result) {
    Query.Find find = result.find();
    boolean single = find instanceof Query.Find.Tuple || find instanceof Query.Find.Scalar;
    boolean bare = find instanceof Query.Find.Collection || find instanceof Query.Find.Scalar;
    List<Object> rows = single ? result.single().map(List::of).orElse(List.of()) : result.rows();
    Set<List<Object>> out = new LinkedHashSet<>();
    for (Object row : rows) {
      if (bare) {
        out.add(List.of(row));
      } else if (row instanceof Map<?, ?> m) {
        out.add(List.copyOf(m.values()));
      } else {
        out.add(List.copyOf((List<?>) row));
      }
    }
    return Collections.unmodifiableSet(out);
  }

  @Override
  public String toString() {
    return "Observation[" + id + " of " + agent.name() + ", " + (isOpen() ? "open" : "closed") + ", "
        + prepared.text() + "]";
  }
}
