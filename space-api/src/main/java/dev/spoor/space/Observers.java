package dev.spoor.space;

import dev.spoor.core.Keyword;
import dev.spoor.log.Datom;
import dev.spoor.log.LogEntry;
import dev.spoor.query.Db;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A space's open {@link Observation}s, indexed by the attributes their queries read, and the
 * threads that evaluate them and call their listeners.
 *
 * <p>After each commit (on the writer's thread, under the space's writeLock, like every method
 * here but {@link #execute} and {@link #shutdown}) {@link #committed} looks up the
 * observations of the attributes the transaction touched, plus those that read any attribute,
 * and marks them pending with the new database value; that costs a map lookup per distinct
 * attribute of the transaction, however many observations are idle. The work itself runs on a
 * small fixed pool of daemon threads, started by the first observation.
 */
final class Observers {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final Map<Long, Observation> byEntity = new LinkedHashMap<>();
  private final Map<Keyword, Set<Observation>> byAttribute = new HashMap<>();
  /** Observations of an attribute whose reads all pin the value, by attribute and value. */
  private final Map<Keyword, Map<Object, Set<Observation>>> byValue = new HashMap<>();
  private final Set<Observation> everyTransaction = new LinkedHashSet<>();
  private volatile ExecutorService executor;
  /** The id of {@code :spoor.observe/query}, once known; 0 before. */
  private long queryAttribute;

  void register(Observation o) {
    if (executor == null) {
      int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
      int pool = POOLS.incrementAndGet();
      AtomicInteger n = new AtomicInteger();
      executor = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "spoor-observe-" + pool + "-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }
    byEntity.put(o.id(), o);
    Optional<Set<Keyword>> attributes = o.attributes();
    if (attributes.isEmpty()) {
      everyTransaction.add(o);
    } else {
      Map<Keyword, Set<Object>> keys = o.valueKeys();
      for (Keyword a : attributes.get()) {
        if (keys.containsKey(a)) {
          for (Object v : keys.get(a)) {
            byValue.computeIfAbsent(a, k -> new HashMap<>()).computeIfAbsent(v, k -> new HashSet<>()).add(o);
          }
        } else {
          byAttribute.computeIfAbsent(a, k -> new HashSet<>()).add(o);
        }
      }
    }
  }

  void unregister(Observation o) {
    if (byEntity.remove(o.id(), o)) {
      everyTransaction.remove(o);
      for (Keyword a : o.attributes().orElse(Set.of())) {
        Set<Observation> set = byAttribute.get(a);
        if (set != null && set.remove(o) && set.isEmpty()) {
          byAttribute.remove(a);
        }
        Map<Object, Set<Observation>> values = byValue.get(a);
        for (Object v : o.valueKeys().getOrDefault(a, Set.of())) {
          Set<Observation> keyed = values == null ? null : values.get(v);
          if (keyed != null && keyed.remove(o) && keyed.isEmpty()) {
            values.remove(v);
          }
        }
        if (values != null && values.isEmpty()) {
          byValue.remove(a);
        }
      }
    }
  }

  /** The open observations. */
  List<Observation> open() {
    return new ArrayList<>(byEntity.values());
  }

  /**
   * Marks pending the observations that {@code entry} can change, and stops those whose fact
   * it retracts.
   */
  void committed(LogEntry entry, Db after) {
    if (byEntity.isEmpty()) {
      return;
    }
    if (queryAttribute == 0) {
      queryAttribute = after.schema().entid(AgentSchema.OBSERVE_QUERY).orElse(0);
    }
    Set<Observation> touched = new LinkedHashSet<>(everyTransaction);
    List<Observation> retracted = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    Map<Long, Optional<Keyword>> idents = new HashMap<>();
    for (Datom d : entry.datoms()) {
      if (!d.added() && d.a() == queryAttribute && byEntity.containsKey(d.e())) {
        retracted.add(byEntity.get(d.e()));
      }
      Optional<Keyword> ident = idents.computeIfAbsent(d.a(), after::ident);
      if (seen.add(d.a())) {
        Set<Observation> reading = ident.isPresent() ? byAttribute.get(ident.get()) : null;
        if (reading != null) {
          touched.addAll(reading);
        }
      }
      Map<Object, Set<Observation>> keyed = ident.isPresent() ? byValue.get(ident.get()) : null;
      if (keyed != null) {
        if (after.attribute(d.a()).isRef()) {
          // a pinned ident or lookup ref names an entity id the datom holds: touch them all
          keyed.values().forEach(touched::addAll);
        } else {
          Set<Observation> withValue = keyed.get(d.v());
          if (withValue != null) {
            touched.addAll(withValue);
          }
        }
      }
    }
    for (Observation o : retracted) {
      o.stop();
      touched.remove(o);
    }
    for (Observation o : touched) {
      o.committed(after);
    }
  }

  /** Runs {@code task} on an observation thread. */
  void execute(Runnable task) {
    ExecutorService e = executor;
    if (e == null) {
      throw new RejectedExecutionException("no observation threads");
    }
    e.execute(task);
  }

  /**
   * Stops the observation threads once the tasks queued (the listeners' last calls) ran, waiting
   * a few seconds for a listener that blocks.
   */
  void shutdown() {
    ExecutorService e = executor;
    if (e == null) {
      return;
    }
    e.shutdown();
    try {
      if (!e.awaitTermination(5, TimeUnit.SECONDS)) {
        e.shutdownNow();
      }
    } catch (InterruptedException interrupted) {
      e.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
