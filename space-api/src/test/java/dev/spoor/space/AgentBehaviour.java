package dev.spoor.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spoor.core.Keyword;
import dev.spoor.log.Datom;
import dev.spoor.log.LogEntry;
import dev.spoor.query.Datalog;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents, leases, lifetimes, ownership, claims and cursors, as {@link Space} and {@link Agent}
 * document them. {@link InMemoryAgentTest} and {@link DirectoryAgentTest} run the same tests on
 * both kinds of space. The clock is a {@link FakeClock}; the background lease check runs once an
 * hour here, so leases lapse only when a test moves the clock and the space next looks.
 */
abstract class AgentBehaviour {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  static final Duration LEASE = Duration.ofSeconds(30);

  @TempDir Path dir;
  FakeClock clock;
  Space space;

  abstract Space open(Space.Options options);

  Space.Options options() {
    return Space.Options.defaults().withClock(clock).withLeaseCheckInterval(Duration.ofHours(1));
  }

  /** The {@code t} of the transaction that creates tasks t1, t2 and t3 (after the schema's three). */
  static final long TASKS_T = 4;

  @BeforeEach
  void openSpace() {
    clock = new FakeClock(T0);
    space = open(options());
    populate();
  }

  void populate() {
    space.transact("""
        [{:db/ident :task/id :db/valueType :db.type/string :db/cardinality :db.cardinality/one
          :db/unique :db.unique/identity}
         {:db/ident :task/status :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one}
         {:db/ident :presence/status :db/valueType :db.type/string :db/cardinality :db.cardinality/one
          :spoor/lifetime :spoor.lifetime/agent}
         {:db/ident :doc/lock :db/valueType :db.type/string :db/cardinality :db.cardinality/one
          :spoor/owned true}
         {:db/ident :doc/tags :db/valueType :db.type/string :db/cardinality :db.cardinality/many
          :spoor/owned true}]""");
    space.transact("[{:task/id \"t1\"} {:task/id \"t2\"} {:task/id \"t3\"}]");
  }

  @AfterEach
  void closeSpace() {
    space.close();
  }

  static Keyword kw(String s) {
    return Keyword.of(s);
  }

  long task(String id) {
    return space.db().entid(List.of(kw("task/id"), id)).orElseThrow();
  }

  static List<Object> add(Object e, String a, Object v) {
    return List.of(kw("db/add"), e, kw(a), v);
  }

  static List<Object> ref(String id) {
    return List.of(kw("task/id"), id);
  }

  Map<Keyword, Object> txMetadata(TxReport r) {
    return Map.copyOf(r.dbAfter().entity(r.tx()).toMap());
  }

  /** The last transaction in the log, as its metadata map. */
  Map<Keyword, Object> lastTxMetadata() {
    Db db = space.db();
    return Map.copyOf(db.entity(Db.txEntity(db.basisT())).toMap());
  }

  // ---------------------------------------------------------------------------------------
  // Agents and leases

  @Test
  void joiningAssertsTheAgentEntityWithItsLeaseInATransactionOfTheAgent() {
    Agent alice = space.join("alice", LEASE);
    Db db = space.db();
    Map<Keyword, Object> entity = db.entity(alice.id()).toMap();
    assertThat(entity).containsOnlyKeys(kw("spoor.agent/name"), kw("spoor.agent/lease-until"),
        kw("spoor.agent/session"))
        .containsEntry(kw("spoor.agent/name"), "alice")
        .containsEntry(kw("spoor.agent/lease-until"), T0.plus(LEASE));
    assertThat((String) entity.get(kw("spoor.agent/session")))
        .matches(".+/" + ProcessHandle.current().pid() + "/[0-9a-f]{8}");
    assertThat(lastTxMetadata()).containsEntry(kw("spoor.tx/agent"), "alice")
        .containsEntry(kw("spoor.tx/cause"), db.entid(kw("spoor.cause/joined")).getAsLong());
    assertThat(alice.leaseUntil()).isEqualTo(T0.plus(LEASE));
  }

  @Test
  void anAgentsTransactionRecordsTheAgentAndRenewsTheLease() {
    Agent alice = space.join("alice", LEASE);
    clock.advance(Duration.ofSeconds(10));
    TxReport r = alice.transact(List.of(add(ref("t1"), "task/status", kw("open"))));
    assertThat(txMetadata(r)).containsEntry(kw("spoor.tx/agent"), "alice");
    assertThat(r.dbAfter().entity(alice.id()).get(kw("spoor.agent/lease-until")))
        .contains(T0.plusSeconds(40));
    assertThat(alice.leaseUntil()).isEqualTo(T0.plusSeconds(40));
  }

  @Test
  void renewMovesTheLeaseToNowPlusTheLeaseDuration() {
    Agent alice = space.join("alice", LEASE);
    clock.advance(Duration.ofSeconds(25));
    assertThat(alice.renew()).isEqualTo(T0.plusSeconds(55));
    clock.advance(Duration.ofSeconds(25));
    assertThat(alice.isPresent()).isTrue();
    assertThat(space.db().entity(alice.id()).get(kw("spoor.agent/lease-until"))).contains(T0.plusSeconds(55));
  }

  @Test
  void joiningWithTheNameOfAPresentAgentIsAnErrorNamingIt() {
    space.join("alice", LEASE);
    assertThatThrownBy(() -> space.join("alice", LEASE))
        .isInstanceOf(SpaceException.class)
        .hasMessage("agent \"alice\" is already present in this space (lease until #inst \"2026-11-22T10:00:30.000Z\");"
            + " leave it first, or join with another name");
  }

  @Test
  void aNameCanJoinAgainAfterLeavingAndIsTheSameEntity() {
    Agent first = space.join("alice", LEASE);
    first.leave();
    Agent second = space.join("alice", LEASE);
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.isPresent()).isTrue();
    assertThat(first.isPresent()).isFalse();
  }

  @Test
  void aNameCanJoinAgainAfterItsLeaseLapsed() {
    space.join("alice", LEASE);
    clock.advance(LEASE);
    assertThat(space.join("alice", LEASE).leaseUntil()).isEqualTo(T0.plus(LEASE).plus(LEASE));
  }

  @Test
  void theAgentSchemaIsInstalledOnceByTheFirstTransactionThatNamesIt() {
    Db db = space.db();
    assertThat(db.schema().attribute(kw("spoor.claim/agent"))).isPresent();
    assertThat(db.basisT()).isEqualTo(4);   // two installing transactions, the user's schema, the tasks
    space.join("alice", LEASE);
    assertThat(space.db().basisT()).isEqualTo(5);
  }

  @Test
  void anAgentThatLeftCannotActAndSaysWhy() {
    Agent alice = space.join("alice", LEASE);
    alice.leave();
    assertThatThrownBy(() -> alice.transact(List.of(add(ref("t1"), "task/status", kw("open")))))
        .isInstanceOfSatisfying(AgentGone.class, e -> assertThat(e.cause()).isEqualTo(kw("spoor.cause/left")))
        .hasMessage("agent \"alice\" left the space; join again to act");
  }

  @Test
  void anAgentWhoseLeaseLapsedCannotActAndSaysWhy() {
    Agent alice = space.join("alice", LEASE);
    clock.advance(Duration.ofSeconds(31));
    assertThatThrownBy(alice::renew)
        .isInstanceOfSatisfying(AgentGone.class, e -> assertThat(e.cause()).isEqualTo(kw("spoor.cause/lease-expired")))
        .hasMessage("agent \"alice\" is gone: its lease lapsed at #inst \"2026-11-22T10:00:30.000Z\" (noticed at"
            + " #inst \"2026-11-22T10:00:31.000Z\") and the space retracted its agent-lifetime facts; join again to act");
  }

  // ---------------------------------------------------------------------------------------
  // Lifetimes

  @Test
  void leavingRetractsTheAgentsLifetimeFactsInOneTransactionWithCauseLeft() {
    Agent alice = space.join("alice", LEASE);
    Agent bob = space.join("bob", LEASE);
    alice.transact(List.of(add(ref("t1"), "presence/status", "busy"), add(ref("t2"), "presence/status", "idle")));
    bob.transact(List.of(add(ref("t3"), "presence/status", "busy")));
    alice.claim(ref("t2"));
    long before = space.db().basisT();

    alice.leave();

    Db db = space.db();
    assertThat(db.basisT()).isEqualTo(before + 1);
    assertThat(presence(db)).isEqualTo(Map.of(task("t3"), "busy"));
    assertThat(db.datomList(Index.AEVT, kw("spoor.claim/agent"))).isEmpty();
    assertThat(space.logEntries(db.basisT(), db.basisT()).get(0).datoms()).filteredOn(d -> !d.added())
        .extracting(d -> db.ident(d.a()).orElseThrow(), Datom::e)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(kw("presence/status"), task("t1")),
            org.assertj.core.groups.Tuple.tuple(kw("presence/status"), task("t2")),
            org.assertj.core.groups.Tuple.tuple(kw("spoor.claim/agent"), task("t2")),
            org.assertj.core.groups.Tuple.tuple(kw("spoor.agent/lease-until"), alice.id()));
    assertThat(lastTxMetadata())
        .containsEntry(kw("spoor.tx/agent"), "alice")
        .containsEntry(kw("spoor.tx/cause"), db.entid(kw("spoor.cause/left")).getAsLong())
        .containsEntry(kw("spoor.tx/departed"), alice.id());
    assertThat(db.entity(alice.id()).toMap()).containsOnlyKeys(kw("spoor.agent/name"), kw("spoor.agent/session"));
    assertThat(bob.isPresent()).isTrue();
  }

  @Test
  void historyKeepsTheFactsADepartureRetracted() {
    Agent alice = space.join("alice", LEASE);
    long asserted = alice.transact(List.of(add(ref("t1"), "presence/status", "busy"))).t();
    alice.leave();
    Db db = space.db();
    assertThat(presence(db.asOf(asserted))).isEqualTo(Map.of(task("t1"), "busy"));
    assertThat(db.history().datomList(Index.AEVT, kw("presence/status")))
        .extracting(Datom::v, Datom::added, d -> Db.txT(d.tx()))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("busy", true, asserted),
            org.assertj.core.groups.Tuple.tuple("busy", false, db.basisT()));
  }

  @Test
  void aLapsedLeaseRetractsTheAgentsLifetimeFactsWithCauseLeaseExpired() {
    Agent alice = space.join("alice", LEASE);
    alice.transact(List.of(add(ref("t1"), "presence/status", "busy")));
    clock.advance(Duration.ofSeconds(30));

    space.transact("[{:task/id \"t4\"}]");   // any transaction checks the leases first

    Db db = space.db();
    assertThat(presence(db)).isEmpty();
    Map<Keyword, Object> expiry = Map.copyOf(db.entity(Db.txEntity(db.basisT() - 1)).toMap());
    assertThat(expiry)
        .containsEntry(kw("spoor.tx/cause"), db.entid(kw("spoor.cause/lease-expired")).getAsLong())
        .containsEntry(kw("spoor.tx/departed"), alice.id())
        .doesNotContainKey(kw("spoor.tx/agent"));
    assertThat(db.entity(alice.id()).get(kw("spoor.agent/lease-until"))).isEmpty();
    assertThat(alice.isPresent()).isFalse();
  }

  @Test
  void activityKeepsTheLeaseFromLapsing() {
    Agent alice = space.join("alice", LEASE);
    alice.transact(List.of(add(ref("t1"), "presence/status", "busy")));
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(20));
      alice.transact(List.of(add(ref("t2"), "task/status", kw("s" + i))));
    }
    assertThat(alice.isPresent()).isTrue();
    assertThat(presence(space.db())).isEqualTo(Map.of(task("t1"), "busy"));
  }

  @Test
  void lifetimeFactsAssertedWithoutAnAgentStay() {
    space.transact(List.of(add(ref("t1"), "presence/status", "anonymous")));
    Agent alice = space.join("alice", LEASE);
    alice.leave();
    assertThat(presence(space.db())).isEqualTo(Map.of(task("t1"), "anonymous"));
  }

  @Test
  void theBackgroundCheckExpiresALapsedLeaseWithoutAnyTransaction() throws Exception {
    space.close();
    space = open(options().withLeaseCheckInterval(Duration.ofMillis(5)));
    if (space.db().basisT() == 0) {
      populate();
    }
    Agent watcher = space.join("watcher", Duration.ofDays(1));
    Cursor departures = watcher.cursor("departures", CursorFilter.attributes(kw("spoor.tx/departed")));
    Agent alice = space.join("alice", LEASE);
    alice.transact(List.of(add(ref("t1"), "presence/status", "busy")));

    clock.advance(LEASE);

    Optional<LogEntry> expiry = departures.next(Duration.ofSeconds(10));
    assertThat(expiry).isPresent();
    assertThat(presence(space.db())).isEmpty();
    assertThat(alice.isPresent()).isFalse();
  }

  Map<Long, Object> presence(Db db) {
    Map<Long, Object> out = new java.util.HashMap<>();
    for (Datom d : db.datoms(Index.AEVT, kw("presence/status"))) {
      out.put(d.e(), d.v());
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // Ownership

  @Test
  void theOwnerMayReplaceAndRetractItsOwnedValue() {
    Agent alice = space.join("alice", LEASE);
    alice.transact(List.of(add(ref("t1"), "doc/lock", "a1")));
    alice.transact(List.of(add(ref("t1"), "doc/lock", "a2")));
    assertThat(space.db().entity(task("t1")).get(kw("doc/lock"))).contains("a2");
    alice.transact(List.of(List.of(kw("db/retract"), ref("t1"), kw("doc/lock"), "a2")));
    assertThat(space.db().entity(task("t1")).get(kw("doc/lock"))).isEmpty();
  }

  @Test
  void anotherAgentCannotReplaceAnOwnedValue() {
    Agent alice = space.join("alice", LEASE);
    Agent bob = space.join("bob", LEASE);
    alice.transact(List.of(add(ref("t1"), "doc/lock", "alice's")));
    long t = space.db().basisT();
    long e = task("t1");
    assertThatThrownBy(() -> bob.transact(List.of(add(ref("t2"), "task/status", kw("x")),
        add(ref("t1"), "doc/lock", "bob's"))))
        .isInstanceOfSatisfying(TransactionException.NotOwner.class, x -> {
          assertThat(x.owner()).isEqualTo("alice");
          assertThat(x.agent()).isEqualTo("bob");
          assertThat(x.entity()).isEqualTo(e);
          assertThat(x.attribute()).isEqualTo(kw("doc/lock"));
          assertThat(x.value()).isEqualTo("alice's");
          assertThat(x.item()).isEqualTo(1);
          assertThat(x.code()).isEqualTo(kw("transact/not-owner"));
        })
        .hasMessage("tx data item 1: agent \"bob\" cannot replace [" + e + " :doc/lock \"alice's\"]: it is owned by"
            + " agent \"alice\", and only the agent that asserted an owned value may retract or replace it");
    assertThat(space.db().basisT()).isEqualTo(t);
    assertThat(space.db().entity(e).get(kw("doc/lock"))).contains("alice's");
  }

  @Test
  void aTransactionWithoutAnAgentCannotRetractAnOwnedValue() {
    Agent alice = space.join("alice", LEASE);
    alice.transact(List.of(add(ref("t1"), "doc/tags", "x"), add(ref("t1"), "doc/tags", "y")));
    long e = task("t1");
    assertThatThrownBy(() -> space.transact(List.of(List.of(kw("db/retract"), ref("t1"), kw("doc/tags"), "y"))))
        .isInstanceOf(TransactionException.NotOwner.class)
        .hasMessage("tx data item 0: a transaction without an agent cannot retract [" + e + " :doc/tags \"y\"]: it is"
            + " owned by agent \"alice\", and only the agent that asserted an owned value may retract or replace it");
  }

  @Test
  void retractEntityByAnotherAgentIsRejectedWhenTheEntityHasOwnedValues() {
    Agent alice = space.join("alice", LEASE);
    Agent bob = space.join("bob", LEASE);
    alice.transact(List.of(add(ref("t1"), "doc/lock", "mine")));
    assertThatThrownBy(() -> bob.transact(List.of(List.of(kw("db/retractEntity"), ref("t1")))))
        .isInstanceOfSatisfying(TransactionException.NotOwner.class, x -> assertThat(x.owner()).isEqualTo("alice"))
        .hasMessageContaining("agent \"bob\" cannot retract [" + task("t1") + " :doc/lock \"mine\"]");
    alice.transact(List.of(List.of(kw("db/retractEntity"), ref("t1"))));
    assertThat(space.db().entid(ref("t1"))).isEmpty();
  }

  @Test
  void anOwnedValueAssertedWithoutAnAgentHasNoOwner() {
    space.transact(List.of(add(ref("t1"), "doc/lock", "nobody's")));
    Agent bob = space.join("bob", LEASE);
    bob.transact(List.of(add(ref("t1"), "doc/lock", "bob's")));
    assertThat(space.db().entity(task("t1")).get(kw("doc/lock"))).contains("bob's");
  }

  @Test
  void otherAgentsMayAddValuesBesideAnOwnedCardinalityManyValue() {
    Agent alice = space.join("alice", LEASE);
    Agent bob = space.join("bob", LEASE);
    alice.transact(List.of(add(ref("t1"), "doc/tags", "a")));
    bob.transact(List.of(add(ref("t1"), "doc/tags", "b")));
    assertThat(space.db().entity(task("t1")).get(kw("doc/tags"))).contains(Set.of("a", "b"));
  }

  // ---------------------------------------------------------------------------------------
  // Claims

  @Test
  void theFirstClaimWinsAndItsTIsTheFencingToken() {
    Agent alice = space.join("alice", LEASE);
    Agent bob = space.join("bob", LEASE);
    long token = alice.claim(ref("t1"));
    assertThat(token).isEqualTo(space.db().basisT());
    assertThat(space.db().entity(task("t1")).get(kw("spoor.claim/agent"))).contains(alice.id());
    long e = task("t1");
    assertThatThrownBy(() -> bob.claim(ref("t1")))
        .isInstanceOfSatisfying(TransactionException.ClaimConflict.class, x -> {
          assertThat(x.winner()).isEqualTo("alice");
          assertThat(x.winnerClaimT()).isEqualTo(token);
          assertThat(x.task()).isEqualTo(e);
        })
        .hasMessage("task " + e + " is already claimed by agent \"alice\" (claim t " + token + "); agent \"bob\""
            + " cannot claim it");
  }

  @Test
  void claimingATaskTheAgentAlreadyHoldsReturnsItsStandingClaim() {
    Agent alice = space.join("alice", LEASE);
    long token = alice.claim(ref("t1"));
    space.transact("[{:task/id \"t9\"}]");
    assertThat(alice.claim(ref("t1"))).isEqualTo(token);
  }

  @Test
  void aDepartedAgentsClaimsVanishAndTheNextClaimHasALargerToken() {
    Agent alice = space.join("alice", LEASE);
    long first = alice.claim(ref("t1"));
    clock.advance(Duration.ofMinutes(1));
    Agent bob = space.join("bob", LEASE);
    long second = bob.claim(ref("t1"));
    assertThat(second).isGreaterThan(first);
    assertThat(space.db().entity(task("t1")).get(kw("spoor.claim/agent"))).contains(bob.id());
  }

  @Test
  void releaseRetractsOnlyTheAgentsOwnClaim() {
    Agent alice = space.join("alice", LEASE);
    Agent bob = space.join("bob", LEASE);
    alice.claim(ref("t1"));
    assertThat(bob.release(ref("t1"))).isFalse();
    assertThat(alice.release(ref("t1"))).isTrue();
    assertThat(bob.claim(ref("t1"))).isEqualTo(space.db().basisT());
  }

  @Test
  void anotherAgentCannotRetractAClaimDirectly() {
    Agent alice = space.join("alice", LEASE);
    Agent bob = space.join("bob", LEASE);
    alice.claim(ref("t1"));
    assertThatThrownBy(() -> bob.transact(List.of(List.of(kw("db/retract"), ref("t1"), kw("spoor.claim/agent"),
        alice.id()))))
        .isInstanceOfSatisfying(TransactionException.NotOwner.class, x -> assertThat(x.owner()).isEqualTo("alice"));
  }

  @Test
  void whoClaimedWhatIsAQuery() {
    Agent alice = space.join("alice", LEASE);
    alice.claim(ref("t1"));
    alice.claim(ref("t2"));
    assertThat(Datalog.builtIns().q("""
        [:find ?id ?name
         :where [?t :spoor.claim/agent ?a] [?a :spoor.agent/name ?name] [?t :task/id ?id]]""", space.db())
        .toEdn()).isEqualTo("#{[\"t1\" \"alice\"] [\"t2\" \"alice\"]}");
  }

  // ---------------------------------------------------------------------------------------
  // Cursors

  @Test
  void aCursorReturnsCommittedTransactionsInOrderThenNothing() {
    Agent reader = space.join("reader", LEASE);
    Cursor c = reader.cursor("all");
    for (long t = 1; t <= space.db().basisT(); t++) {
      assertThat(c.poll()).get().extracting(LogEntry::t).isEqualTo(t);
    }
    assertThat(c.poll()).isEmpty();
    long next = space.transact("[{:task/id \"t4\"}]").t();
    assertThat(c.poll()).get().extracting(LogEntry::t).isEqualTo(next);
    assertThat(c.poll()).isEmpty();
  }

  @Test
  void aCursorFilterSelectsTransactionsByAttributeNamespaceOrGlob() {
    Agent reader = space.join("reader", LEASE);
    long status = space.transact(List.of(add(ref("t1"), "task/status", kw("open")))).t();
    long lock = space.transact(List.of(add(ref("t1"), "doc/lock", "x"))).t();
    long newTask = space.transact("[{:task/id \"t5\"}]").t();
    assertThat(ts(reader.cursor("status", CursorFilter.attributes(kw("task/status"))))).containsExactly(status);
    assertThat(ts(reader.cursor("doc", CursorFilter.namespace("doc")))).containsExactly(lock);
    assertThat(ts(reader.cursor("tasks", CursorFilter.glob(":task/*")))).containsExactly(TASKS_T, status, newTask);
    assertThat(ts(reader.cursor("either", CursorFilter.glob(":doc/l?ck", ":task/st*")))).containsExactly(status, lock);
  }

  static List<Long> ts(Cursor c) {
    List<Long> out = new java.util.ArrayList<>();
    for (Optional<LogEntry> e = c.poll(); e.isPresent(); e = c.poll()) {
      out.add(e.get().t());
    }
    return out;
  }

  @Test
  void aReopenedCursorResumesAfterTheLastAckAndRedeliversWhatWasNotAcked() {
    Agent reader = space.join("reader", LEASE);
    Cursor c = reader.cursor("work", CursorFilter.glob(":task/*"));
    assertThat(c.poll()).get().extracting(LogEntry::t).isEqualTo(TASKS_T);
    c.ack();
    long s1 = space.transact(List.of(add(ref("t1"), "task/status", kw("a")))).t();
    long s2 = space.transact(List.of(add(ref("t1"), "task/status", kw("b")))).t();
    assertThat(c.poll()).get().extracting(LogEntry::t).isEqualTo(s1);
    c.close();

    Cursor again = reader.cursor("work", CursorFilter.glob(":task/*"));
    assertThat(again.ackedT()).isEqualTo(TASKS_T);
    assertThat(ts(again)).containsExactly(s1, s2);
  }

  @Test
  void cursorsOfSeveralAgentsReadIndependently() {
    Agent a = space.join("a", LEASE);
    Agent b = space.join("b", LEASE);
    Cursor ca = a.cursor("feed", CursorFilter.namespace("task"));
    Cursor cb = b.cursor("feed", CursorFilter.namespace("task"));
    Cursor ca2 = a.cursor("other", CursorFilter.namespace("task"));
    long t5 = space.transact("[{:task/id \"t5\"}]").t();
    assertThat(ca.poll()).get().extracting(LogEntry::t).isEqualTo(TASKS_T);
    assertThat(ca.poll()).get().extracting(LogEntry::t).isEqualTo(t5);
    ca.ack();
    assertThat(cb.poll()).get().extracting(LogEntry::t).isEqualTo(TASKS_T);
    assertThat(ca2.poll()).get().extracting(LogEntry::t).isEqualTo(TASKS_T);
    assertThat(cb.ackedT()).isZero();
    assertThat(ca.ackedT()).isEqualTo(t5);
  }

  @Test
  void aCursorThatIsOpenCannotBeOpenedTwice() {
    Agent a = space.join("a", LEASE);
    a.cursor("feed");
    assertThatThrownBy(() -> a.cursor("feed"))
        .isInstanceOf(SpaceException.class)
        .hasMessage("agent \"a\" already has cursor \"feed\" open; use that one or close it first");
  }

  @Test
  void nextWaitsForACommitAndIsWokenByIt() throws Exception {
    Agent reader = space.join("reader", LEASE);
    Cursor c = reader.cursor("statuses", CursorFilter.attributes(kw("task/status")));
    assertThat(c.next(Duration.ofMillis(20))).isEmpty();
    Thread writer = new Thread(() -> space.transact(List.of(add(ref("t1"), "task/status", kw("done")))));
    writer.start();
    Optional<LogEntry> e = c.next(Duration.ofSeconds(30));
    writer.join();
    assertThat(e).get().extracting(LogEntry::t).isEqualTo(space.db().basisT());
  }

  @Test
  void leavingClosesTheAgentsCursorsButKeepsTheirPositions() {
    Agent reader = space.join("reader", LEASE);
    Cursor c = reader.cursor("feed");
    c.poll();
    c.ack();
    reader.leave();
    assertThatThrownBy(c::poll).isInstanceOf(SpaceException.class)
        .hasMessage("cursor \"feed\" of agent \"reader\" is closed; open it again with agent.cursor(\"feed\")");
    assertThat(space.join("reader", LEASE).cursor("feed").ackedT()).isEqualTo(1L);
  }
}
