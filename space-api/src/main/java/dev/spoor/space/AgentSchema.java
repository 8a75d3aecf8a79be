package dev.spoor.space;

import dev.spoor.core.Keyword;
import dev.spoor.datalog.EdnReader;
import dev.spoor.log.Datom;
import dev.spoor.query.Attribute;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import dev.spoor.query.SystemSchema;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Spoor's own schema for agents, leases, lifetimes, ownership and claims. It is not built in
 * (the built-in attributes live in {@link SystemSchema}); a space installs it with ordinary
 * transactions the first time something needs it: an agent joins, or transaction data names
 * one of its attributes. Installing is idempotent (schema maps upsert by {@code :db/ident}).
 *
 * <pre>
 * :spoor/lifetime          ref to :spoor.lifetime/agent or :spoor.lifetime/space, on an attribute
 * :spoor/owned             boolean, on an attribute
 * :spoor.agent/name        string, unique identity: the agent entity
 * :spoor.agent/lease-until instant: the agent is present while now &lt; lease-until
 * :spoor.agent/session     string: host/pid/nonce of the space object the agent joined through
 * :spoor.tx/cause          ref, tx metadata: :spoor.cause/joined, :spoor.cause/left, :spoor.cause/lease-expired
 * :spoor.tx/departed       ref, tx metadata: the agent whose departure the transaction records
 * :spoor.claim/agent       ref, owned, agent lifetime: the agent that claimed a task entity
 * :spoor.observe/query     string, owned, agent lifetime: the query text of an observation
 * :spoor.observe/agent     ref, owned, agent lifetime: the agent that observes
 * :spoor.observe/inputs    string, owned, agent lifetime: the observation's inputs besides $, as an EDN vector
 * </pre>
 *
 * <p>Each installing transaction has marker attributes; {@link #missingInstalls} gives the
 * transactions with a marker a space lacks, so a space made before an attribute was
 * added to the schema gets it on its next join without repeating the rest.
 */
final class AgentSchema {
  static final Keyword LIFETIME = Keyword.of("spoor/lifetime");
  static final Keyword LIFETIME_AGENT = Keyword.of("spoor.lifetime/agent");
  static final Keyword LIFETIME_SPACE = Keyword.of("spoor.lifetime/space");
  static final Keyword OWNED = Keyword.of("spoor/owned");
  static final Keyword AGENT_NAME = Keyword.of("spoor.agent/name");
  static final Keyword LEASE_UNTIL = Keyword.of("spoor.agent/lease-until");
  static final Keyword AGENT_SESSION = Keyword.of("spoor.agent/session");
  static final Keyword TX_CAUSE = Keyword.of("spoor.tx/cause");
  static final Keyword TX_DEPARTED = Keyword.of("spoor.tx/departed");
  static final Keyword CAUSE_JOINED = Keyword.of("spoor.cause/joined");
  static final Keyword CAUSE_LEFT = Keyword.of("spoor.cause/left");
  static final Keyword CAUSE_LEASE_EXPIRED = Keyword.of("spoor.cause/lease-expired");
  static final Keyword CLAIM_AGENT = Keyword.of("spoor.claim/agent");
  static final Keyword OBSERVE_QUERY = Keyword.of("spoor.observe/query");
  static final Keyword OBSERVE_AGENT = Keyword.of("spoor.observe/agent");
  static final Keyword OBSERVE_INPUTS = Keyword.of("spoor.observe/inputs");

  static final Keyword DB_ID = Keyword.of("db/id");
  static final Keyword ADD = Keyword.of("db/add");
  static final Keyword RETRACT = Keyword.of("db/retract");
  static final Keyword CAS = Keyword.of("db/cas");
  static final Keyword RETRACT_ENTITY = Keyword.of("db/retractEntity");

  /** Every ident the schema installs: the attributes and the enum values. */
  static final Set<Keyword> IDENTS = Set.of(LIFETIME, LIFETIME_AGENT, LIFETIME_SPACE, OWNED, AGENT_NAME,
      LEASE_UNTIL, AGENT_SESSION, TX_CAUSE, TX_DEPARTED, CAUSE_JOINED, CAUSE_LEFT, CAUSE_LEASE_EXPIRED, CLAIM_AGENT, OBSERVE_QUERY,
      OBSERVE_AGENT, OBSERVE_INPUTS);

  /**
   * Per installing transaction, the attributes whose presence shows that it ran (an attribute
   * added to a transaction later is a marker too, so older spaces run it again and get it).
   */
  static final List<List<Keyword>> INSTALL_MARKERS = List.of(List.of(TX_DEPARTED),
      List.of(OBSERVE_INPUTS, AGENT_SESSION));

  /**
   * The installing transactions: the claim and observation attributes use the attributes of
   * the first. Schema maps upsert by ident, so running one again changes nothing that is there.
   */
  static final List<String> INSTALL = List.of("""
      [{:db/ident :spoor/lifetime :db/valueType :db.type/ref :db/cardinality :db.cardinality/one
        :db/doc "How long the facts of an attribute live: :spoor.lifetime/agent (until the agent that asserted them leaves or its lease lapses) or :spoor.lifetime/space (until retracted, the default)."}
       {:db/ident :spoor.lifetime/agent}
       {:db/ident :spoor.lifetime/space}
       {:db/ident :spoor/owned :db/valueType :db.type/boolean :db/cardinality :db.cardinality/one
        :db/doc "When true, only the agent that asserted a value of the attribute may retract or replace it."}
       {:db/ident :spoor.agent/name :db/valueType :db.type/string :db/cardinality :db.cardinality/one
        :db/unique :db.unique/identity :db/doc "The name an agent joined with."}
       {:db/ident :spoor.agent/lease-until :db/valueType :db.type/instant :db/cardinality :db.cardinality/one
        :db/doc "The agent is present until this instant unless it renews; retracted when it leaves or lapses."}
       {:db/ident :spoor.tx/cause :db/valueType :db.type/ref :db/cardinality :db.cardinality/one
        :db/doc "Why the space ran a transaction: :spoor.cause/joined, :spoor.cause/left or :spoor.cause/lease-expired."}
       {:db/ident :spoor.cause/joined}
       {:db/ident :spoor.cause/left}
       {:db/ident :spoor.cause/lease-expired}
       {:db/ident :spoor.tx/departed :db/valueType :db.type/ref :db/cardinality :db.cardinality/one
        :db/doc "The agent whose departure (leaving or a lapsed lease) this transaction records."}]""", """
      [{:db/ident :spoor.claim/agent :db/valueType :db.type/ref :db/cardinality :db.cardinality/one
        :spoor/owned true :spoor/lifetime :spoor.lifetime/agent
        :db/doc "The agent that claimed this entity (a task); exactly one agent wins a claim."}
       {:db/ident :spoor.observe/query :db/valueType :db.type/string :db/cardinality :db.cardinality/one
        :spoor/owned true :spoor/lifetime :spoor.lifetime/agent
        :db/doc "The Datalog text of a standing query (an observation) an agent keeps open."}
       {:db/ident :spoor.observe/agent :db/valueType :db.type/ref :db/cardinality :db.cardinality/one
        :spoor/owned true :spoor/lifetime :spoor.lifetime/agent
        :db/doc "The agent that observes: whose interest the observation records."}
       {:db/ident :spoor.observe/inputs :db/valueType :db.type/string :db/cardinality :db.cardinality/one
        :spoor/owned true :spoor/lifetime :spoor.lifetime/agent
        :db/doc "The observation's inputs besides $, as an EDN vector (absent when it has none or they have no EDN form)."}
       {:db/ident :spoor.agent/session :db/valueType :db.type/string :db/cardinality :db.cardinality/one
        :db/doc "The session an agent joined from, host/pid/nonce: while it runs, nobody else may join with the agent's name."}]""");

  static List<List<?>> installTransactions() {
    return INSTALL.stream().<List<?>>map(s -> TxData.fromEdn(EdnReader.readOne(s))).toList();
  }

  private AgentSchema() {}

  /** Whether every installing transaction has run on {@code db}. */
  static boolean isInstalled(Db db) {
    return missingInstalls(db).isEmpty();
  }

  /** The installing transactions {@code db} lacks (by their marker attributes), in order. */
  static List<List<?>> missingInstalls(Db db) {
    List<List<?>> all = installTransactions();
    List<List<?>> out = new java.util.ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (INSTALL_MARKERS.get(i).stream().anyMatch(marker -> db.schema().attribute(marker).isEmpty())) {
        out.add(all.get(i));
      }
    }
    return out;
  }

  static boolean names(Object attribute) {
    return attribute instanceof Keyword k && IDENTS.contains(k);
  }

  static long id(Db db, Keyword ident) {
    return db.schema().entid(ident).orElseThrow(() -> new IllegalStateException(ident + " is not installed"));
  }

  /** The attributes declared {@code :spoor/lifetime :spoor.lifetime/agent}. */
  static Set<Long> agentLifetimeAttributes(Db db) {
    Set<Long> out = new HashSet<>();
    OptionalLong agent = db.schema().entid(LIFETIME_AGENT);
    if (db.schema().attribute(LIFETIME).isEmpty() || agent.isEmpty()) {
      return out;
    }
    for (Datom d : db.datoms(Index.AVET, id(db, LIFETIME), agent.getAsLong())) {
      out.add(d.e());
    }
    return out;
  }

  /** The attributes declared {@code :spoor/owned true}. */
  static Set<Long> ownedAttributes(Db db) {
    Set<Long> out = new HashSet<>();
    Optional<Attribute> owned = db.schema().attribute(OWNED);
    if (owned.isEmpty()) {
      return out;
    }
    for (Datom d : db.datoms(Index.AVET, owned.get().id(), true)) {
      out.add(d.e());
    }
    return out;
  }

  /** The agent recorded on transaction entity {@code tx} ({@code :spoor.tx/agent}), or "" for none. */
  static String agentOf(Db db, long tx) {
    Iterator<Datom> it = db.datoms(Index.EAVT, tx, SystemSchema.TX_AGENT_ID).iterator();
    return it.hasNext() ? (String) it.next().v() : "";
  }

  /** Looks up {@link #agentOf} with a memo, for scans that meet the same transactions often. */
  static final class AgentsOfTx {
    private final Db db;
    private final Map<Long, String> memo = new HashMap<>();

    AgentsOfTx(Db db) {
      this.db = db;
    }

    String of(long tx) {
      return memo.computeIfAbsent(tx, t -> agentOf(db, t));
    }
  }

  /** The name of the agent entity {@code e}, or its id as text when it has none. */
  static String nameOf(Db db, long e) {
    Optional<Attribute> name = db.schema().attribute(AGENT_NAME);
    if (name.isPresent()) {
      Iterator<Datom> it = db.datoms(Index.EAVT, e, name.get().id()).iterator();
      if (it.hasNext()) {
        return (String) it.next().v();
      }
    }
    return "entity " + e;
  }
}
