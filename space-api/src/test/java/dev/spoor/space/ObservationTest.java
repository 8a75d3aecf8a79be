package dev.spoor.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spoor.core.Keyword;
import dev.spoor.datalog.QueryException;
import dev.spoor.query.Datalog;
import dev.spoor.query.DbException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Observations (standing queries), as {@link Observation} and {@link Agent#observe} document
 * them: snapshot then changes in transaction order, only relevant transactions re-evaluate,
 * coalescing for slow listeners, and the observation as a fact of agent lifetime. No timing
 * assertions: a test waits for a change (up to ten seconds) or until the observation is idle.
 */
class ObservationTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  static final Duration LEASE = Duration.ofSeconds(30);
  static final String OPEN_TITLES = """
      [:find ?title :in $ ?s :where [?t :task/status ?s] [?t :task/title ?title]]""";

  @TempDir Path dir;
  FakeClock clock;
  Space space;
  Agent alice;

  @BeforeEach
  void openSpace() {
    clock = new FakeClock(T0);
    space = Space.inMemory(options());
    populate(space);
    alice = space.join("alice", LEASE);
  }

  Space.Options options() {
    return Space.Options.defaults().withClock(clock).withLeaseCheckInterval(Duration.ofHours(1));
  }

  static void populate(Space space) {
    space.transact("""
        [{:db/ident :task/id :db/valueType :db.type/string :db/cardinality :db.cardinality/one
          :db/unique :db.unique/identity}
         {:db/ident :task/status :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one}
         {:db/ident :task/title :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
         {:db/ident :task/weight :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :note/text :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]""");
    space.transact("""
        [{:task/id "t1" :task/status :open :task/title "write the parser"}
         {:task/id "t2" :task/status :open :task/title "write the planner"}
         {:task/id "t3" :task/status :done :task/title "set up the build"}]""");
  }

  @AfterEach
  void closeSpace() {
    space.close();
  }

  static Keyword kw(String s) {
    return Keyword.of(s);
  }

  static List<Object> row(Object... values) {
    return List.of(values);
  }

  /** A listener that queues what it gets. */
  static class Recorder implements Observation.Listener {
    final BlockingQueue<Observation.Change> changes = new LinkedBlockingQueue<>();
    final CountDownLatch closed = new CountDownLatch(1);
    final List<RuntimeException> errors = new ArrayList<>();

    @Override
    public void onChange(Observation.Change change) {
      changes.add(change);
    }

    @Override
    public synchronized void onError(RuntimeException error) {
      errors.add(error);
    }

    @Override
    public void onClosed() {
      closed.countDown();
    }

    Observation.Change next() throws InterruptedException {
      Observation.Change c = changes.poll(10, TimeUnit.SECONDS);
      assertThat(c).as("a change within ten seconds").isNotNull();
      return c;
    }

    void awaitClosed() throws InterruptedException {
      assertThat(closed.await(10, TimeUnit.SECONDS)).as("onClosed within ten seconds").isTrue();
    }
  }

  static void awaitIdle(Observation o) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!o.idle()) {
      assertThat(System.nanoTime()).as("observation idle within ten seconds").isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  long t() {
    return space.db().basisT();
  }

  @Test
  void snapshotThenEachChangeInTransactionOrderWithItsT() throws InterruptedException {
    Recorder r = new Recorder();
    Observation o = alice.observe(OPEN_TITLES, r, kw("open"));

    Observation.Change snapshot = r.next();
    assertThat(snapshot).isEqualTo(new Observation.Change(t(), t(), true,
        Set.of(row("write the parser"), row("write the planner")), Set.of()));
    assertThat(List.copyOf(snapshot.added())).as("rows in the query's order")
        .containsExactly(row("write the parser"), row("write the planner"));
    assertThat(o.columns()).containsExactly("?title");

    space.transact("[{:task/id \"t4\" :task/status :open :task/title \"write the docs\"}]");
    long t1 = t();
    assertThat(r.next()).isEqualTo(new Observation.Change(t1, t1, false, Set.of(row("write the docs")), Set.of()));

    alice.transact("[[:db/add [:task/id \"t1\"] :task/status :done]]");
    long t2 = t();
    assertThat(r.next()).isEqualTo(new Observation.Change(t2, t2, false, Set.of(), Set.of(row("write the parser"))));

    space.transact("[[:db/add [:task/id \"t2\"] :task/title \"plan the planner\"]]");
    long t3 = t();
    assertThat(r.next()).isEqualTo(new Observation.Change(t3, t3, false, Set.of(row("plan the planner")),
        Set.of(row("write the planner"))));
    assertThat(t1).isLessThan(t2).isLessThan(t3);
    awaitIdle(o);
    assertThat(r.changes).isEmpty();
  }

  @Test
  void aTransactionOnAnUnrelatedAttributeDoesNotReEvaluate() throws InterruptedException {
    Recorder r = new Recorder();
    Observation o = alice.observe(OPEN_TITLES, r, kw("open"));
    r.next();
    awaitIdle(o);
    assertThat(o.evaluations()).isEqualTo(1);
    assertThat(o.attributes()).contains(Set.of(kw("task/status"), kw("task/title")));

    space.transact("[{:note/text \"unrelated\"}]");
    assertThat(o.idle()).as("nothing scheduled: marking happens in the commit").isTrue();
    assertThat(o.evaluations()).isEqualTo(1);

    space.transact("[{:task/id \"t5\" :task/status :done :task/title \"touches, changes nothing\"}]");
    awaitIdle(o);
    assertThat(o.evaluations()).as("a relevant transaction re-evaluates").isEqualTo(2);
    assertThat(r.changes).as("an unchanged result delivers nothing").isEmpty();

    space.transact("[{:task/id \"t6\" :task/status :open :task/title \"changes it\"}]");
    long t = t();
    assertThat(r.next()).isEqualTo(new Observation.Change(t, t, false, Set.of(row("changes it")), Set.of()));
    assertThat(o.evaluations()).isEqualTo(3);
  }

  @Test
  void aTransactionWritingOnlyOtherValuesOfAPinnedAttributeDoesNotReEvaluate() throws InterruptedException {
    Recorder r = new Recorder();
    Observation o = alice.observe("[:find ?t :in $ ?s :where [?t :task/status ?s]]", r, kw("open"));
    Set<List<Object>> before = r.next().added();
    awaitIdle(o);
    assertThat(o.valueKeys()).isEqualTo(java.util.Map.of(kw("task/status"), Set.of(kw("open"))));

    space.transact("[{:task/id \"t7\" :task/status :done}]");
    assertThat(o.idle()).as("nothing scheduled: the transaction wrote :done only").isTrue();
    assertThat(o.evaluations()).isEqualTo(1);

    space.transact("[[:db/add [:task/id \"t7\"] :task/status :open]]");
    long t7 = space.db().entid(List.of(kw("task/id"), "t7")).getAsLong();
    long t = t();
    assertThat(r.next()).isEqualTo(new Observation.Change(t, t, false, Set.of(row(t7)), Set.of()));

    space.transact("[[:db/add [:task/id \"t7\"] :task/status :done]]");
    long t2 = t();
    assertThat(r.next()).as("the retraction of :open is a datom with the pinned value")
        .isEqualTo(new Observation.Change(t2, t2, false, Set.of(), Set.of(row(t7))));
    assertThat(before).doesNotContain(row(t7));
  }

  @Test
  void aVariableInAttributePositionReEvaluatesAfterEveryTransaction() throws InterruptedException {
    Recorder r = new Recorder();
    Observation o = alice.observe("[:find ?a :in $ ?id :where [?t :task/id ?id] [?t ?a _]]", r, "t1");
    assertThat(r.next().added()).hasSize(3);
    awaitIdle(o);
    assertThat(o.attributes()).isEmpty();

    space.transact("[{:note/text \"unrelated\"}]");
    awaitIdle(o);
    assertThat(o.evaluations()).isEqualTo(2);
    assertThat(r.changes).isEmpty();
  }

  @Test
  void retractionsProduceRemovedRows() throws InterruptedException {
    Recorder r = new Recorder();
    alice.observe("[:find ?id ?title :where [?t :task/id ?id] [?t :task/title ?title]]", r);
    assertThat(r.next().added()).hasSize(3);

    space.transact("[[:db/retract [:task/id \"t3\"] :task/title \"set up the build\"]]");
    long t1 = t();
    assertThat(r.next()).isEqualTo(new Observation.Change(t1, t1, false, Set.of(),
        Set.of(row("t3", "set up the build"))));

    space.transact("[[:db/retractEntity [:task/id \"t1\"]]]");
    long t2 = t();
    assertThat(r.next()).isEqualTo(new Observation.Change(t2, t2, false, Set.of(),
        Set.of(row("t1", "write the parser"))));
  }

  @Test
  void aSlowListenerGetsOneCoalescedChangeWithAddThenRemoveCancelled() throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Recorder r = new Recorder() {
      @Override
      public void onChange(Observation.Change change) {
        super.onChange(change);
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    Observation o = alice.observe(OPEN_TITLES, r, kw("open"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(r.next().snapshot()).isTrue();

    // The listener is blocked in its snapshot call while these commit.
    space.transact("[{:task/id \"x\" :task/status :open :task/title \"added then removed\"}]");
    long first = t();
    space.transact("[{:task/id \"y\" :task/status :open :task/title \"added and kept\"}]");
    space.transact("[[:db/add [:task/id \"x\"] :task/status :done]]");
    space.transact("[[:db/add [:task/id \"t1\"] :task/status :done]]");
    space.transact("[[:db/add [:task/id \"t1\"] :task/status :open]]");
    space.transact("[[:db/add [:task/id \"t2\"] :task/status :done]]");
    long last = t();
    space.transact("[{:note/text \"after, unrelated\"}]");
    release.countDown();

    assertThat(r.next()).isEqualTo(new Observation.Change(first, last, false, Set.of(row("added and kept")),
        Set.of(row("write the planner"))));
    awaitIdle(o);
    assertThat(r.changes).as("one change for all of them").isEmpty();
    assertThat(o.evaluations()).isEqualTo(2);
  }

  @Test
  void aBurstOfTransactionsAppliedChangeByChangeGivesTheCurrentResult() throws InterruptedException {
    Recorder r = new Recorder();
    Observation o = alice.observe(OPEN_TITLES, r, kw("open"));
    Set<List<Object>> result = new HashSet<>(r.next().added());
    Agent bob = space.join("bob", LEASE);
    for (int i = 0; i < 200; i++) {
      String id = "burst-" + (i % 17);
      bob.transact("[{:task/id \"" + id + "\" :task/status " + (i % 3 == 0 ? ":done" : ":open")
          + " :task/title \"" + id + "\"}]");
    }
    awaitIdle(o);
    long previousT = 0;
    for (Observation.Change c; (c = r.changes.poll()) != null; ) {
      assertThat(c.snapshot()).isFalse();
      assertThat(c.fromT()).isGreaterThan(previousT).isLessThanOrEqualTo(c.toT());
      assertThat(result).containsAll(c.removed());
      assertThat(c.added()).noneMatch(result::contains);
      result.removeAll(c.removed());
      result.addAll(c.added());
      previousT = c.toT();
    }
    Set<Object> expected = Datalog.builtIns().q(OPEN_TITLES, space.db(), kw("open")).relation();
    assertThat(new HashSet<Object>(result)).isEqualTo(expected);
  }

  @Test
  void rulesGivenAsInputAreAnalysed() throws InterruptedException {
    Recorder r = new Recorder();
    String rules = "[[(open ?t ?title) [?t :task/status :open] [?t :task/title ?title]]]";
    Observation o = alice.observe("[:find ?title :in $ % :where (open ?t ?title)]", r, rules);
    assertThat(r.next().added()).containsExactlyInAnyOrder(row("write the parser"), row("write the planner"));
    assertThat(o.attributes()).contains(Set.of(kw("task/status"), kw("task/title")));
    space.transact("[[:db/add [:task/id \"t3\"] :task/status :open]]");
    assertThat(r.next().added()).containsExactly(row("set up the build"));
  }

  @Test
  void findShapesGiveRowsAsTuples() throws InterruptedException {
    Recorder coll = new Recorder();
    Recorder scalar = new Recorder();
    Recorder keys = new Recorder();
    Recorder count = new Recorder();
    alice.observe("[:find [?title ...] :where [?t :task/status :done] [?t :task/title ?title]]", coll);
    alice.observe("[:find ?title . :in $ ?id :where [?t :task/id ?id] [?t :task/title ?title]]", scalar, "t1");
    alice.observe("[:find ?id ?title :keys id title :where [?t :task/id ?id] [?t :task/status :done]"
        + " [?t :task/title ?title]]", keys);
    alice.observe("[:find (count ?t) :where [?t :task/status :open]]", count);
    assertThat(coll.next().added()).containsExactly(row("set up the build"));
    assertThat(scalar.next().added()).containsExactly(row("write the parser"));
    assertThat(keys.next().added()).containsExactly(row("t3", "set up the build"));
    assertThat(count.next().added()).containsExactly(row(2L));

    space.transact("[[:db/add [:task/id \"t1\"] :task/title \"parse\"]]");
    assertThat(scalar.next()).satisfies(c -> {
      assertThat(c.added()).containsExactly(row("parse"));
      assertThat(c.removed()).containsExactly(row("write the parser"));
    });
    space.transact("[[:db/add [:task/id \"t2\"] :task/status :done]]");
    assertThat(count.next()).satisfies(c -> {
      assertThat(c.added()).containsExactly(row(1L));
      assertThat(c.removed()).containsExactly(row(2L));
    });
    assertThat(coll.next().added()).containsExactly(row("write the planner"));
    assertThat(keys.next().added()).containsExactly(row("t2", "write the planner"));
  }

  @Test
  void theObservationIsAFactOtherAgentsSeeAndItVanishesWhenTheAgentLeaves() throws InterruptedException {
    Recorder r = new Recorder();
    Observation o = alice.observe(OPEN_TITLES, r, kw("open"));
    r.next();
    String interests = """
        [:find ?who ?q ?in :where [?o :spoor.observe/agent ?a] [?a :spoor.agent/name ?who]
                                  [?o :spoor.observe/query ?q] [?o :spoor.observe/inputs ?in]]""";
    assertThat(Datalog.builtIns().q(interests, space.db()).relation())
        .containsExactly(row("alice", OPEN_TITLES, "[:open]"));
    assertThat(space.db().entity(o.id()).get(AgentSchema.OBSERVE_QUERY)).contains(OPEN_TITLES);

    // Bob supplies on demand: he observes who is interested in what.
    Agent bob = space.join("bob", LEASE);
    Recorder demand = new Recorder();
    bob.observe("[:find ?who ?q :where [?o :spoor.observe/query ?q] [?o :spoor.observe/agent ?a]"
        + " [?a :spoor.agent/name ?who]]", demand);
    assertThat(demand.next().added()).contains(row("alice", OPEN_TITLES));
    assertThatThrownBy(() -> bob.transact(List.of(List.of(kw("db/retractEntity"), o.id()))))
        .isInstanceOf(TransactionException.NotOwner.class);

    alice.leave();
    assertThat(o.isOpen()).isFalse();
    r.awaitClosed();
    assertThat(demand.next().removed()).containsExactly(row("alice", OPEN_TITLES));
    assertThat(Datalog.builtIns().q(interests, space.db()).relation()).isEmpty();

    space.transact("[{:task/id \"t9\" :task/status :open :task/title \"nobody hears this\"}]");
    assertThat(r.changes).isEmpty();
  }

  @Test
  void aFailedReEvaluationIsReportedAndTheNextChangeCoversItsTransactions() throws InterruptedException {
    Recorder r = new Recorder();
    Observation o = alice.observe("[:find ?id ?q :where [?t :task/id ?id] [?t :task/weight ?w] [(/ 12 ?w) ?q]]", r);
    assertThat(r.next().added()).isEmpty();
    space.transact("[[:db/add [:task/id \"t1\"] :task/weight 0]]");
    long failed = t();
    awaitIdle(o);
    assertThat(r.errors).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("divide by zero"));
    assertThat(r.changes).isEmpty();

    space.transact("[[:db/add [:task/id \"t1\"] :task/weight 4] [:db/add [:task/id \"t2\"] :task/weight 3]]");
    long t = t();
    assertThat(r.next()).isEqualTo(new Observation.Change(failed, t, false, Set.of(row("t1", 3L), row("t2", 4L)),
        Set.of()));
  }

  @Test
  void retractingTheFactStopsTheObservation() throws InterruptedException {
    Recorder r = new Recorder();
    Observation o = alice.observe(OPEN_TITLES, r, kw("open"));
    r.next();
    alice.transact(List.of(List.of(kw("db/retractEntity"), o.id())));
    assertThat(o.isOpen()).isFalse();
    r.awaitClosed();
    o.close();
    assertThat(alice.isPresent()).isTrue();
  }

  @Test
  void closeRetractsTheFactAndStopsTheChanges() throws InterruptedException {
    Recorder r = new Recorder();
    Observation o = alice.observe(OPEN_TITLES, r, kw("open"));
    r.next();
    o.close();
    r.awaitClosed();
    assertThat(o.isOpen()).isFalse();
    assertThat(space.db().entity(o.id()).get(AgentSchema.OBSERVE_QUERY)).isEmpty();
    space.transact("[{:task/id \"t9\" :task/status :open :task/title \"nobody hears this\"}]");
    awaitIdle(o);
    assertThat(r.changes).isEmpty();
    assertThat(o.evaluations()).isEqualTo(1);
    o.close();
    assertThat(alice.isPresent()).isTrue();
  }

  @Test
  void aLapsedLeaseStopsTheObservation() throws InterruptedException {
    Recorder r = new Recorder();
    Observation o = alice.observe(OPEN_TITLES, r, kw("open"));
    r.next();
    clock.advance(LEASE.plusSeconds(1));
    space.transact("[{:note/text \"the space notices the lapse\"}]");
    assertThat(o.isOpen()).isFalse();
    r.awaitClosed();
    assertThat(space.db().entity(o.id()).get(AgentSchema.OBSERVE_QUERY)).isEmpty();
    o.close(); // nothing left to do
  }

  @Test
  void aListenerMayCloseItsOwnObservation() throws InterruptedException {
    Recorder r = new Recorder();
    Observation[] self = new Observation[1];
    CountDownLatch ready = new CountDownLatch(1);
    Observation o = alice.observe(OPEN_TITLES, new Observation.Listener() {
      @Override
      public void onChange(Observation.Change change) {
        r.onChange(change);
        if (!change.snapshot()) {
          try {
            ready.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          self[0].close();
        }
      }

      @Override
      public void onClosed() {
        r.onClosed();
      }
    }, kw("open"));
    self[0] = o;
    ready.countDown();
    r.next();
    space.transact("[{:task/id \"t9\" :task/status :open :task/title \"the last one\"}]");
    assertThat(r.next().added()).containsExactly(row("the last one"));
    r.awaitClosed();
    assertThat(space.db().entity(o.id()).get(AgentSchema.OBSERVE_QUERY)).isEmpty();
  }

  @Test
  void closingTheSpaceStopsObservationsAndKeepsTheirFacts() throws InterruptedException {
    Recorder r = new Recorder();
    Observation o = alice.observe(OPEN_TITLES, r, kw("open"));
    r.next();
    space.close();
    r.awaitClosed();
    assertThat(o.isOpen()).isFalse();
    o.close();
  }

  @Test
  void aJoinTakingOverALeftoverAgentRetractsItsStaleObservations() throws InterruptedException {
    Space first = Space.open(dir, options());
    populate(first);
    Agent carol = first.join("carol", LEASE);
    Observation o = carol.observe(OPEN_TITLES, change -> { }, kw("open"));
    first.close(); // carol does not leave; nobody listens to her observation any more
    String query = "[:find ?o :where [?o :spoor.observe/query _]]";
    try (Space again = Space.open(dir, options())) {
      assertThat(Datalog.builtIns().q(query, again.db()).relation()).containsExactly(row(o.id()));
      again.join("carol", LEASE);
      assertThat(Datalog.builtIns().q(query, again.db()).relation()).isEmpty();
    }
  }

  @Test
  void aQueryThatCannotRunFailsObserveAndLeavesNoFact() {
    Recorder r = new Recorder();
    String facts = "[:find ?o :where [?o :spoor.observe/query _]]";
    assertThatThrownBy(() -> alice.observe("[:find ?y :where [?x :task/status]]", r))
        .isInstanceOf(QueryException.class);
    assertThatThrownBy(() -> alice.observe(OPEN_TITLES, r))
        .isInstanceOf(SpaceException.class)
        .hasMessage("the query's :in takes 1 input besides $ (the space), got 0");
    assertThatThrownBy(() -> alice.observe("[:find ?x :in ?y :where [(identity ?y) ?x]]", r, 1L))
        .isInstanceOf(SpaceException.class)
        .hasMessageStartingWith("an observed query reads the space as $");
    assertThatThrownBy(() -> alice.observe("[:find ?x :where [?x :no/such-attribute _]]", r))
        .isInstanceOf(DbException.class);
    assertThat(Datalog.builtIns().q(facts, space.db()).relation()).isEmpty();
    assertThat(r.changes).isEmpty();
  }

  @Test
  void aGoneAgentCannotObserve() {
    alice.leave();
    assertThatThrownBy(() -> alice.observe(OPEN_TITLES, c -> { }, kw("open"))).isInstanceOf(AgentGone.class);
  }

  @Test
  void tenThousandIdleObservationsAndATransactionLoop() throws InterruptedException {
    StringBuilder schema = new StringBuilder("[");
    for (int a = 0; a < 100; a++) {
      schema.append("{:db/ident :idle/a").append(a)
          .append(" :db/valueType :db.type/long :db/cardinality :db.cardinality/one}");
    }
    space.transact(schema.append("]").toString());
    Agent idler = space.join("idler", Duration.ofHours(1));
    List<Observation> idle = new ArrayList<>();
    Recorder idleChanges = new Recorder();
    for (int i = 0; i < 10_000; i++) {
      idle.add(idler.observe("[:find ?e :in $ ?min :where [?e :idle/a" + (i % 100) + " ?v] [(>= ?v ?min)]]",
          idleChanges, (long) i));
    }
    Recorder r = new Recorder();
    Observation active = alice.observe(OPEN_TITLES, r, kw("open"));
    Set<List<Object>> result = new HashSet<>(r.next().added());
    for (int i = 0; i < 300; i++) {
      String id = "loop-" + (i % 23);
      alice.transact("[{:task/id \"" + id + "\" :task/status " + (i % 4 == 0 ? ":done" : ":open")
          + " :task/title \"" + id + "\"}]");
    }
    awaitIdle(active);
    for (Observation.Change c; (c = r.changes.poll()) != null; ) {
      result.removeAll(c.removed());
      result.addAll(c.added());
    }
    assertThat(new HashSet<Object>(result))
        .isEqualTo(Datalog.builtIns().q(OPEN_TITLES, space.db(), kw("open")).relation());
    assertThat(idle).allSatisfy(o -> assertThat(o.evaluations()).isEqualTo(1));
    for (int i = 0; i < 10_000; i++) {
      assertThat(idleChanges.next().snapshot()).isTrue();
    }
    assertThat(idleChanges.changes).isEmpty();
    assertThat(Datalog.builtIns().q("[:find (count ?o) . :where [?o :spoor.observe/agent _]]", space.db()).single())
        .contains(10_001L);
    idler.leave();
    assertThat(idle).allSatisfy(o -> assertThat(o.isOpen()).isFalse());
    assertThat(Datalog.builtIns().q("[:find (count ?o) . :where [?o :spoor.observe/agent _]]", space.db()).single())
        .contains(1L);
  }
}
