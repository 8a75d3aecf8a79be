package dev.spoor.space;

import static java.util.Objects.requireNonNull;

import dev.spoor.core.Edn;
import dev.spoor.log.DatomLog;
import dev.spoor.log.LogEntry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An agent's own position in the log, by name: it returns the committed transactions that
 * match its {@link CursorFilter}, in log order, each once per run, and remembers across runs
 * how far the agent has {@linkplain #ack() acknowledged}.
 *
 * <ul>
 *   <li>{@link #poll()} returns the next matching transaction that is committed and indexed (so
 *       {@link Space#db()} already includes it), or empty when there is none yet.
 *   <li>{@link #next(Duration)} waits up to the timeout for one. Committing transactions wake
 *       waiting cursors; nothing polls in a loop.
 *   <li>{@link #ack()} persists the position after the last transaction returned (and after
 *       any non-matching ones examined since). A cursor opened again with the same agent and
 *       cursor name, in this space object or, for a directory space, after the space is
 *       reopened, starts right after the last acknowledged transaction: a transaction returned
 *       but not acknowledged is returned again (at-least-once), none is skipped, and the order
 *       is the log's.
 * </ul>
 *
 * <p>Positions are kept per space, agent name and cursor name: in memory for an in-memory space,
 * and for a directory space in {@code DIR/cursors/AGENT/CURSOR.ack} (names percent-encoded),
 * a small file holding {@code acked-t=N} that each ack replaces atomically (written aside, then
 * renamed over the old one), so a crash leaves the old position or the new one. The filter is not part of the position, so reopening a cursor with another filter
 * continues from the same place. Cursors of one agent, and of different agents, read
 * independently. A cursor is safe to share between threads; it is closed by {@link #close()},
 * when its agent leaves, or when the space closes.
 */
public final class Cursor implements AutoCloseable {
  private final Space space;
  private final Agent agent;
  private final String name;
  private final CursorFilter filter;
  private final Map<Long, Boolean> matchMemo = new HashMap<>();
  private DatomLog.EntryIterator entries;
  private LogEntry pending;
  private long ackedT;
  private long examinedT;
  private volatile boolean closed;

  Cursor(Space space, Agent agent, String name, CursorFilter filter, long ackedT) {
    this.space = space;
    this.agent = agent;
    this.name = name;
    this.filter = filter;
    this.ackedT = ackedT;
    this.examinedT = ackedT;
  }

  /** The cursor's name, unique per agent. */
  public String name() {
    return name;
  }

  /** The agent whose position this is. */
  public Agent agent() {
    return agent;
  }

  public CursorFilter filter() {
    return filter;
  }

  /** The {@code t} of the last acknowledged transaction; 0 when nothing was acknowledged yet. */
  public synchronized long ackedT() {
    return ackedT;
  }

  /** The next committed transaction that matches the filter, or empty when there is none yet. */
  public synchronized Optional<LogEntry> poll() {
    checkOpen();
    long published = space.publishedT();
    if (entries == null) {
      entries = space.openLog(ackedT + 1);
    }
    while (true) {
      if (pending == null) {
        if (!entries.hasNext()) {
          return Optional.empty();
        }
        pending = entries.next();
      }
      if (pending.t() > published) {
        return Optional.empty();
      }
      LogEntry e = pending;
      pending = null;
      examinedT = e.t();
      if (filter.matches(e, space.db(), matchMemo)) {
        return Optional.of(e);
      }
    }
  }

  /**
   * The next matching transaction, waiting up to {@code timeout} for one to commit; empty when
   * none did in time.
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public Optional<LogEntry> next(Duration timeout) throws InterruptedException {
    requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    while (true) {
      long seen = space.publishedT();
      Optional<LogEntry> e = poll();
      if (e.isPresent()) {
        return e;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return Optional.empty();
      }
      space.awaitCommitAfter(seen, remaining);
    }
  }

  /**
   * Persists the position after the last transaction {@link #poll()} or {@link #next} returned
   * (and any non-matching transactions examined since), so a reopened cursor continues there.
   */
  public synchronized void ack() {
    checkOpen();
    if (examinedT != ackedT) {
      space.cursorPositions().save(agent.name(), name, examinedT);
      ackedT = examinedT;
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new SpaceException("cursor-closed", "cursor " + Edn.print(name) + " of agent " + Edn.print(agent.name())
          + " is closed; open it again with agent.cursor(" + Edn.print(name) + ")");
    }
  }

  /** Closes the cursor without acknowledging; what was returned since the last ack will be returned again. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (entries != null) {
        entries.close();
        entries = null;
      }
    }
    agent.forget(this);
    space.forget(this);
  }

  @Override
  public String toString() {
    return "Cursor[" + agent.name() + "/" + name + ", acked t " + ackedT + ", " + filter + "]";
  }
}
