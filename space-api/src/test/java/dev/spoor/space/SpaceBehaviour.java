package dev.spoor.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spoor.core.Keyword;
import dev.spoor.log.Datom;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour of schema, transactions and index views, as a Datomic user expects it. Each
 * fixture runs the same tests: {@link FreshSpaceTest} reads the space that wrote, while
 * {@link ReopenedSpaceTest} closes it and reads a space reopened from its directory.
 */
abstract class SpaceBehaviour {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir Path dir;
  Space space;

  /** Makes the reads that follow see what was written the way the fixture promises. */
  abstract void settle();

  static Space.Options options() {
    return Space.Options.defaults().withClock(Clock.fixed(T0, ZoneOffset.UTC));
  }

  @BeforeEach
  void open() {
    space = Space.open(dir, options());
    space.transact("""
        [{:db/ident :person/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
         {:db/ident :person/email :db/valueType :db.type/string :db/cardinality :db.cardinality/one
          :db/unique :db.unique/identity}
         {:db/ident :person/ssn :db/valueType :db.type/string :db/cardinality :db.cardinality/one
          :db/unique :db.unique/value}
         {:db/ident :person/age :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :person/tags :db/valueType :db.type/keyword :db/cardinality :db.cardinality/many}
         {:db/ident :person/friend :db/valueType :db.type/ref :db/cardinality :db.cardinality/many}
         {:db/ident :person/address :db/valueType :db.type/ref :db/cardinality :db.cardinality/one
          :db/isComponent true}
         {:db/ident :address/city :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
         {:db/ident :task/status :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one}
         {:db/ident :task/version :db/valueType :db.type/long :db/cardinality :db.cardinality/one}
         {:db/ident :tx/why :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]""");
  }

  @AfterEach
  void close() {
    space.close();
  }

  Db db() {
    settle();
    return space.db();
  }

  long id(String email) {
    return db().entid(List.of(Keyword.of("person/email"), email)).orElseThrow();
  }

  static Keyword kw(String s) {
    return Keyword.of(s);
  }

  @Test
  void anEntityMapAssertsItsAttributesAndReadsBackAsAnEntity() {
    TxReport r = space.transact("[{:db/id \"ada\" :person/email \"ada@x\" :person/name \"Ada\" :person/age 36"
        + " :person/tags [:math :poetry]}]");
    long ada = r.tempids().get("ada");
    assertThat(db().entity(ada).toMap()).isEqualTo(Map.of(
        kw("person/email"), "ada@x", kw("person/name"), "Ada", kw("person/age"), 36L,
        kw("person/tags"), Set.of(kw("math"), kw("poetry"))));
  }

  @Test
  void listFormsAddAndRetract() {
    space.transact("[[:db/add \"b\" :person/email \"bob@x\"] [:db/add \"b\" :person/tags :a]"
        + " [:db/add \"b\" :person/tags :b]]");
    long bob = id("bob@x");
    space.transact(List.of(List.of(kw("db/retract"), bob, kw("person/tags"), kw("a"))));
    assertThat(db().entity(bob).get(kw("person/tags"))).contains(Set.of(kw("b")));
  }

  @Test
  void assertingACardinalityOneAttributeReplacesTheOldValue() {
    space.transact("[{:person/email \"c@x\" :person/age 1}]");
    TxReport r = space.transact("[{:person/email \"c@x\" :person/age 2}]");
    long c = id("c@x");
    assertThat(r.txData()).filteredOn(d -> d.e() == c)
        .extracting(Datom::v, Datom::added)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, false), org.assertj.core.groups.Tuple.tuple(2L, true));
    assertThat(db().entity(c).get(kw("person/age"))).contains(2L);
  }

  @Test
  void aTempidWithAUniqueIdentityValueUpsertsIntoTheExistingEntity() {
    long first = space.transact("[{:db/id \"p\" :person/email \"u@x\" :person/name \"U\"}]").tempids().get("p");
    TxReport again = space.transact("[{:db/id \"q\" :person/email \"u@x\" :person/age 50}]");
    assertThat(again.tempids()).containsEntry("q", first);
    assertThat(db().entity(first).toMap()).containsEntry(kw("person/name"), "U").containsEntry(kw("person/age"), 50L);
  }

  @Test
  void aUniqueValueHeldByAnotherEntityIsAConflictNamingBoth() {
    space.transact("[{:db/id \"a\" :person/email \"a@x\" :person/ssn \"123\"} {:db/id \"b\" :person/email \"b@x\"}]");
    long a = id("a@x");
    long b = id("b@x");
    assertThatThrownBy(() -> space.transact(List.of(List.of(kw("db/add"), b, kw("person/ssn"), "123"))))
        .isInstanceOfSatisfying(TransactionException.UniqueConflict.class, e -> {
          assertThat(e.existingEntity()).isEqualTo(a);
          assertThat(e.conflictingEntity()).isEqualTo(b);
        })
        .hasMessage("tx data item 0: :person/ssn \"123\" is unique and already held by entity " + a
            + "; entity " + b + " cannot assert it");
  }

  @Test
  void casCommitsOnlyWhenTheCurrentValueIsTheExpectedOne() {
    space.transact("[{:person/email \"k@x\" :task/version 1}]");
    long k = id("k@x");
    space.transact(List.of(List.of(kw("db/cas"), k, kw("task/version"), 1L, 2L)));
    assertThatThrownBy(() -> space.transact(List.of(List.of(kw("db/cas"), k, kw("task/version"), 1L, 3L))))
        .isInstanceOfSatisfying(TransactionException.CasMismatch.class, e -> {
          assertThat(e.expected()).isEqualTo(Optional.of(1L));
          assertThat(e.actual()).isEqualTo(Optional.of(2L));
        })
        .hasMessage("tx data item 0: cas failed for :task/version of entity " + k + ": expected 1, found 2");
    assertThat(db().entity(k).get(kw("task/version"))).contains(2L);
  }

  @Test
  void casWithNilExpectsNoValue() {
    space.transact("[{:person/email \"n@x\"}]");
    space.transact("[[:db/cas [:person/email \"n@x\"] :task/status nil :open]]");
    assertThat(db().entity(id("n@x")).get(kw("task/status"))).contains(kw("open"));
    assertThatThrownBy(() -> space.transact("[[:db/cas [:person/email \"n@x\"] :task/status nil :done]]"))
        .isInstanceOf(TransactionException.CasMismatch.class)
        .hasMessageEndingWith("expected no value, found :open");
  }

  @Test
  void retractEntityRetractsItsFactsItsComponentsAndReferencesToIt() {
    space.transact("[{:db/id \"a\" :person/email \"a@x\" :person/address {:address/city \"Oslo\"}}"
        + " {:db/id \"b\" :person/email \"b@x\" :person/friend \"a\"}]");
    long a = id("a@x");
    long b = id("b@x");
    long address = (Long) db().entity(a).get(kw("person/address")).orElseThrow();
    space.transact(List.of(List.of(kw("db/retractEntity"), a)));
    Db db = db();
    assertThat(db.entity(a).isEmpty()).isTrue();
    assertThat(db.entity(address).isEmpty()).isTrue();
    assertThat(db.entity(b).toMap()).isEqualTo(Map.of(kw("person/email"), "b@x"));
  }

  @Test
  void lookupRefsResolveInEntityAndValuePositions() {
    space.transact("[{:person/email \"a@x\"} {:person/email \"b@x\"}]");
    space.transact("[[:db/add [:person/email \"a@x\"] :person/friend [:person/email \"b@x\"]]]");
    assertThat(db().entity(id("a@x")).get(kw("person/friend"))).contains(Set.of(id("b@x")));
  }

  @Test
  void anUnresolvableLookupRefIsAnError() {
    assertThatThrownBy(() -> space.transact("[[:db/add [:person/email \"nobody@x\"] :person/age 3]]"))
        .isInstanceOf(TransactionException.Unresolved.class)
        .hasMessage("tx data item 0: lookup ref [:person/email \"nobody@x\"] names no entity: no entity has"
            + " :person/email \"nobody@x\"");
  }

  @Test
  void aTempidUsedOnlyAsAValueIsAnError() {
    assertThatThrownBy(() -> space.transact("[{:person/email \"a@x\" :person/friend \"ghost\"}]"))
        .isInstanceOf(TransactionException.Unresolved.class)
        .hasMessage("tx data item 0: tempid \"ghost\" is only used as a value; no assertion in this transaction"
            + " creates its entity");
  }

  @Test
  void anUnknownAttributeIsAnErrorNamingIt() {
    assertThatThrownBy(() -> space.transact("[{:person/email \"a@x\" :person/nickname \"A\"}]"))
        .isInstanceOfSatisfying(TransactionException.UnknownAttribute.class,
            e -> assertThat(e.attribute()).isEqualTo(kw("person/nickname")))
        .hasMessage("tx data item 0: unknown attribute :person/nickname: install it first with {:db/ident"
            + " :person/nickname :db/valueType ... :db/cardinality ...} in an earlier transaction");
  }

  @Test
  void aValueOfTheWrongTypeIsAnErrorNamingAttributeExpectedTypeAndValue() {
    assertThatThrownBy(() -> space.transact("[{:person/email \"a@x\" :person/age \"thirty\"}]"))
        .isInstanceOfSatisfying(TransactionException.WrongValueType.class, e -> {
          assertThat(e.attribute()).isEqualTo(kw("person/age"));
          assertThat(e.expected()).isEqualTo(kw("db.type/long"));
          assertThat(e.value()).isEqualTo("thirty");
        })
        .hasMessage("tx data item 0: value \"thirty\" for :person/age is a string; :person/age holds"
            + " :db.type/long values");
  }

  @Test
  void redundantDatomsAreDropped() {
    space.transact("[{:person/email \"r@x\" :person/age 5}]");
    TxReport r = space.transact("[{:person/email \"r@x\" :person/age 5}]");
    assertThat(r.txData()).extracting(Datom::a).containsExactly(dev.spoor.query.SystemSchema.TX_INSTANT_ID);
  }

  @Test
  void transactionMetadataGoesOnTheTransactionEntity() {
    TxReport r = space.transact("[{:person/email \"m@x\"} {:db/id \"datomic.tx\" :tx/why \"import\"}]");
    assertThat(db().entity(r.tx()).toMap())
        .containsEntry(kw("tx/why"), "import")
        .containsEntry(kw("db/txInstant"), T0);
  }

  @Test
  void anExplicitTxInstantMayNotGoBackwards() {
    space.transact("[{:db/id \"datomic.tx\" :db/txInstant #inst \"2026-11-22T12:00:00Z\"}]");
    assertThatThrownBy(() -> space.transact("[{:db/id \"datomic.tx\" :db/txInstant #inst \"2026-11-22T11:00:00Z\"}]"))
        .isInstanceOfSatisfying(TransactionException.InstantBackwards.class,
            e -> assertThat(e.previous()).isEqualTo(Instant.parse("2026-11-22T12:00:00Z")))
        .hasMessage(":db/txInstant #inst \"2026-11-22T11:00:00.000Z\" is before the previous transaction's"
            + " #inst \"2026-11-22T12:00:00.000Z\"; transaction instants may not go backwards");
    TxReport next = space.transact("[{:person/email \"later@x\"}]");
    assertThat(db().instantOf(next.t())).isEqualTo(Instant.parse("2026-11-22T12:00:00Z"));
  }

  @Test
  void twoValuesForOneCardinalityOneAttributeInOneTransactionAreAnError() {
    assertThatThrownBy(() -> space.transact("[[:db/add \"x\" :person/age 1] [:db/add \"x\" :person/age 2]]"))
        .isInstanceOf(TransactionException.Invalid.class)
        .hasMessageContaining("two values for cardinality-one :person/age");
  }

  @Test
  void aRejectedTransactionChangesNothing() {
    space.transact("[{:person/email \"a@x\" :person/age 1}]");
    long basis = space.db().basisT();
    assertThatThrownBy(() -> space.transact("[{:person/email \"a@x\" :person/age 2} {:person/email 7}]"))
        .isInstanceOf(TransactionException.WrongValueType.class);
    Db db = db();
    assertThat(db.basisT()).isEqualTo(basis);
    assertThat(db.entity(id("a@x")).get(kw("person/age"))).contains(1L);
    assertThat(space.logEntries(1, Long.MAX_VALUE)).hasSize((int) basis);
  }

  @Test
  void anAttributeCannotBeUsedInTheTransactionThatInstallsIt() {
    assertThatThrownBy(() -> space.transact("[{:db/ident :new/attr :db/valueType :db.type/long"
        + " :db/cardinality :db.cardinality/one} {:new/attr 1}]"))
        .isInstanceOf(TransactionException.UnknownAttribute.class);
  }

  @Test
  void anAttributesValueTypeCannotChange() {
    assertThatThrownBy(() -> space.transact("[{:db/ident :person/age :db/valueType :db.type/string}]"))
        .isInstanceOf(TransactionException.Invalid.class)
        .hasMessage("tx data item 0: cannot change :db/valueType of :person/age from :db.type/long; an"
            + " attribute's type is fixed once installed");
  }

  @Test
  void reinstallingTheSameSchemaIsANoOp() {
    TxReport r = space.transact("[{:db/ident :person/name :db/valueType :db.type/string"
        + " :db/cardinality :db.cardinality/one}]");
    assertThat(r.txData()).hasSize(1);
  }

  @Test
  void asOfSinceAndHistoryFollowDatomic() {
    long t1 = space.transact("[{:person/email \"h@x\" :person/age 1}]").t();
    long t2 = space.transact("[{:person/email \"h@x\" :person/age 2}]").t();
    long t3 = space.transact("[{:person/email \"h@x\" :person/age 3}]").t();
    Db db = db();
    long h = id("h@x");
    assertThat(ages(db, h)).containsExactly("3 t" + t3 + " true");
    assertThat(ages(db.asOf(t1), h)).containsExactly("1 t" + t1 + " true");
    assertThat(ages(db.asOf(t2), h)).containsExactly("2 t" + t2 + " true");
    assertThat(ages(db.since(t2), h)).containsExactly("3 t" + t3 + " true");
    assertThat(ages(db.since(t3), h)).isEmpty();
    assertThat(ages(db.history(), h)).containsExactly(
        "1 t" + t1 + " true", "1 t" + t2 + " false",
        "2 t" + t2 + " true", "2 t" + t3 + " false",
        "3 t" + t3 + " true");
    assertThat(ages(db.asOf(t2).history(), h)).containsExactly(
        "1 t" + t1 + " true", "1 t" + t2 + " false", "2 t" + t2 + " true");
    assertThat(ages(db.since(t1).history(), h)).containsExactly(
        "1 t" + t2 + " false", "2 t" + t2 + " true", "2 t" + t3 + " false", "3 t" + t3 + " true");
  }

  private static List<String> ages(Db db, long e) {
    return StreamSupport.stream(db.datoms(Index.EAVT, e, kw("person/age")).spliterator(), false)
        .map(d -> d.v() + " t" + Db.txT(d.tx()) + " " + d.added())
        .collect(Collectors.toList());
  }

  @Test
  void eachIndexReturnsDatomsInItsOwnOrder() {
    space.transact("[{:db/id \"c\" :person/email \"c@x\" :person/age 30}"
        + " {:db/id \"a\" :person/email \"a@x\" :person/age 10 :person/friend \"c\"}"
        + " {:db/id \"b\" :person/email \"b@x\" :person/age 20 :person/friend \"c\"}]");
    Db db = db();
    assertThat(db.datomList(Index.AVET, kw("person/age"))).extracting(Datom::v).containsExactly(10L, 20L, 30L);
    assertThat(db.datomList(Index.AVET, kw("person/age"), 20L)).extracting(Datom::e).containsExactly(id("b@x"));
    assertThat(db.datomList(Index.AEVT, kw("person/age"))).extracting(Datom::e)
        .containsExactly(id("c@x"), id("a@x"), id("b@x"));
    assertThat(db.datomList(Index.VAET, id("c@x"))).extracting(Datom::e).containsExactly(id("a@x"), id("b@x"));
    assertThat(db.datomList(Index.EAVT, id("a@x"))).extracting(d -> db.attribute(d.a()).ident())
        .containsExactly(kw("person/email"), kw("person/age"), kw("person/friend"));
  }

  @Test
  void anOlderDbValueIsUnchangedByLaterTransactions() {
    space.transact("[{:person/email \"o@x\" :person/age 1}]");
    Db before = db();
    long o = id("o@x");
    space.transact("[{:person/email \"o@x\" :person/age 2} {:person/email \"p@x\"}]");
    assertThat(before.entity(o).get(kw("person/age"))).contains(1L);
    assertThat(before.entid(List.of(kw("person/email"), "p@x"))).isEmpty();
  }

  @Test
  void everyValueTypeRoundTripsThroughTheLogAndIndexes() {
    space.transact("""
        [{:db/ident :v/double :db/valueType :db.type/double :db/cardinality :db.cardinality/one}
         {:db/ident :v/bigint :db/valueType :db.type/bigint :db/cardinality :db.cardinality/one}
         {:db/ident :v/bigdec :db/valueType :db.type/bigdec :db/cardinality :db.cardinality/one}
         {:db/ident :v/boolean :db/valueType :db.type/boolean :db/cardinality :db.cardinality/one}
         {:db/ident :v/symbol :db/valueType :db.type/symbol :db/cardinality :db.cardinality/one}
         {:db/ident :v/instant :db/valueType :db.type/instant :db/cardinality :db.cardinality/one}
         {:db/ident :v/uuid :db/valueType :db.type/uuid :db/cardinality :db.cardinality/one}
         {:db/ident :v/bytes :db/valueType :db.type/bytes :db/cardinality :db.cardinality/one}
         {:db/ident :v/tuple :db/valueType :db.type/tuple :db/tupleTypes [:db.type/long :db.type/string :db.type/keyword]
          :db/cardinality :db.cardinality/one}]""");
    space.transact("""
        [{:person/email "v@x" :v/double 1.5 :v/bigint 12345678901234567890N :v/bigdec 3.14M :v/boolean false
          :v/symbol my.ns/sym :v/instant #inst "2026-01-02T03:04:05.678Z"
          :v/uuid #uuid "2f3e0f8a-5d1c-4b8e-9d2a-1c0e4b6f7a90" :v/bytes #spoor/bytes "AAH/"
          :v/tuple [1 "two" :three]}]""");
    assertThat(db().entity(id("v@x")).toMap()).isEqualTo(Map.of(
        kw("person/email"), "v@x", kw("v/double"), 1.5, kw("v/bigint"), new java.math.BigInteger("12345678901234567890"),
        kw("v/bigdec"), new java.math.BigDecimal("3.14"), kw("v/boolean"), false,
        kw("v/symbol"), dev.spoor.core.Symbol.of("my.ns/sym"), kw("v/instant"), Instant.parse("2026-01-02T03:04:05.678Z"),
        kw("v/uuid"), java.util.UUID.fromString("2f3e0f8a-5d1c-4b8e-9d2a-1c0e4b6f7a90"),
        kw("v/bytes"), dev.spoor.core.Bytes.copyOf(new byte[] {0, 1, -1}),
        kw("v/tuple"), List.of(1L, "two", kw("three"))));
  }

  @Test
  void nestedComponentMapsBecomeEntitiesOfTheirOwn() {
    space.transact("[{:person/email \"n@x\" :person/address {:address/city \"Lima\"}}]");
    long address = (Long) db().entity(id("n@x")).get(kw("person/address")).orElseThrow();
    assertThat(db().entity(address).toMap()).isEqualTo(Map.of(kw("address/city"), "Lima"));
  }

  @Test
  void aNestedMapUnderANonComponentRefNeedsAUniqueAttribute() {
    assertThatThrownBy(() -> space.transact("[{:person/email \"a@x\" :person/friend {:person/name \"B\"}}]"))
        .isInstanceOf(TransactionException.Invalid.class)
        .hasMessage("tx data item 0: nested entity map {:person/name \"B\"} under :person/friend must have a :db/id"
            + " or a unique attribute, or :person/friend must be :db/isComponent");
    space.transact("[{:person/email \"a@x\" :person/friend {:person/email \"b@x\"}}]");
    assertThat(db().entity(id("a@x")).get(kw("person/friend"))).contains(Set.of(id("b@x")));
  }

  @Test
  void aReverseAttributeInAMapPointsTheOtherEntityAtThisOne() {
    space.transact("[{:person/email \"a@x\"}]");
    space.transact("[{:person/email \"b@x\" :person/_friend [:person/email \"a@x\"]}]");
    assertThat(db().entity(id("a@x")).get(kw("person/friend"))).contains(Set.of(id("b@x")));
  }

  @Test
  void retractWithoutAValueRetractsEveryValue() {
    space.transact("[{:person/email \"t@x\" :person/tags [:a :b :c]}]");
    space.transact("[[:db/retract [:person/email \"t@x\"] :person/tags]]");
    assertThat(db().entity(id("t@x")).get(kw("person/tags"))).isEmpty();
  }

  @Test
  void anEntityIdThatWasNeverMintedIsAnError() {
    assertThatThrownBy(() -> space.transact("[[:db/add 17592186999999 :person/age 1]]"))
        .isInstanceOf(TransactionException.Unresolved.class)
        .hasMessage("tx data item 0: entity 17592186999999 does not exist in this space; to create an entity, use a"
            + " tempid string such as \"new-task\"");
  }

  @Test
  void aStringTempidNamesOneEntityAcrossTheTransaction() {
    TxReport r = space.transact("[[:db/add \"x\" :person/email \"x@x\"] {:db/id \"y\" :person/email \"y@x\""
        + " :person/friend \"x\"}]");
    assertThat(db().entity(r.tempids().get("y")).get(kw("person/friend"))).contains(Set.of(r.tempids().get("x")));
  }

  @Test
  void asOfAnInstantSeesTheTransactionsUpToIt() {
    space.transact("[{:db/id \"datomic.tx\" :db/txInstant #inst \"2026-11-23T00:00:00Z\"} {:person/email \"i@x\"}]");
    Db db = db();
    assertThat(db.asOf(Instant.parse("2026-11-22T23:00:00Z")).entid(List.of(kw("person/email"), "i@x"))).isEmpty();
    assertThat(db.asOf(Instant.parse("2026-11-23T00:00:00Z")).entid(List.of(kw("person/email"), "i@x"))).isPresent();
  }
}
