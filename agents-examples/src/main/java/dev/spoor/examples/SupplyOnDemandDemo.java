package dev.spoor.examples;

import dev.spoor.core.Keyword;
import dev.spoor.datalog.EdnReader;
import dev.spoor.space.Agent;
import dev.spoor.space.Observation;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Supply on demand: a consumer asks for a price that is not in the space yet by observing a
 * query for it. The observation is itself a fact ({@code :spoor.observe/query},
 * {@code :spoor.observe/inputs}), so a supplier that observes those facts learns who wants
 * what, produces exactly that, and the consumer's own observation delivers it. The consumer then
 * closes its observation, which withdraws the demand. A price that is already there is delivered
 * in the snapshot and not supplied again; two consumers asking for one price get one supply.
 *
 * <p>Invariants: every demand was answered through its observation with the price now in the
 * space; each price asked for and missing was supplied exactly once (one assertion in history),
 * by the supplier; nothing was supplied that nobody asked for; the demands are withdrawn.
 */
public final class SupplyOnDemandDemo implements Demo {
  public static final String NAME = "supply-on-demand";

  static final String SCHEMA = """
      [{:db/ident :quote/sku      :db/valueType :db.type/string :db/cardinality :db.cardinality/one
        :db/unique :db.unique/identity}
       {:db/ident :quote/price    :db/valueType :db.type/long   :db/cardinality :db.cardinality/one}
       {:db/ident :quote/supplier :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]""";

  /** What a consumer observes: the price of one sku, which may not exist yet. */
  static final String PRICE = "[:find ?price . :in $ ?sku :where [?q :quote/sku ?sku] [?q :quote/price ?price]]";

  /** What the supplier observes: the standing queries of other agents that ask for a price. */
  static final String DEMANDS = """
      [:find ?who ?inputs
       :in $ ?me
       :where [?o :spoor.observe/query ?text] [(clojure.string/includes? ?text ":quote/price")]
              [?o :spoor.observe/inputs ?inputs] [?o :spoor.observe/agent ?a] [?a :spoor.agent/name ?who]
              [(!= ?who ?me)]]""";

  private static final Keyword SKU = Keyword.of("quote/sku");
  private static final Keyword PRICE_ATTR = Keyword.of("quote/price");
  private static final Keyword SUPPLIER = Keyword.of("quote/supplier");

  /** The price in the catalog before anyone asks. */
  static final String STOCKED = "sku-1";
  /** Who asks for what. */
  static final Map<String, List<String>> WANTS = orderedWants();

  private static Map<String, List<String>> orderedWants() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("alice", List.of("sku-1", "sku-7"));
    m.put("bob", List.of("sku-7", "sku-9"));
    m.put("carol", List.of("sku-3"));
    return m;
  }

  static long priceOf(String sku) {
    return 100 + Long.parseLong(sku.substring(sku.indexOf('-') + 1)) * 11;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String inspectHint() {
    return "--history --format table '[:find ?who ?inputs ?added ?tx :where [?o :spoor.observe/inputs ?inputs ?tx ?added]"
        + " [?o :spoor.observe/agent ?a] [?a :spoor.agent/name ?who]]'";
  }

  @Override
  public String summary() {
    return "consumers observe prices that are not there yet; a supplier reads their observations and supplies them";
  }

  @Override
  public DemoResult run(Path spaceDir, PrintStream out) {
    out.println("supply-on-demand: consumers observe prices not in the space yet; a supplier observes the"
        + " consumers' observations (they are facts) and supplies what is wanted.");
    out.println("(every agent is a thread of this JVM: one process writes a space at a time)");
    Map<String, Long> received = new ConcurrentHashMap<>();   // "consumer sku" -> price
    Map<String, Integer> suppliedBySupplier = new ConcurrentHashMap<>();
    try (Crew crew = Crew.open(spaceDir)) {
      crew.space.transact(SCHEMA);
      crew.space.transact(List.of(Map.of(SKU, STOCKED, PRICE_ATTR, priceOf(STOCKED), SUPPLIER, "catalog")));
      out.println("the catalog holds " + STOCKED + " already");

      Agent supplier = crew.join("supplier");
      Observation demands = supplier.observe(DEMANDS, change -> {
        for (List<Object> row : change.added()) {
          supply(crew, supplier, (String) row.get(0), (String) row.get(1), suppliedBySupplier, out);
        }
      }, supplier.name());

      List<Agent> consumers = new ArrayList<>();
      for (Map.Entry<String, List<String>> e : WANTS.entrySet()) {
        Agent consumer = crew.join(e.getKey());
        consumers.add(consumer);
        for (String sku : e.getValue()) {
          ask(consumer, sku, received, out);
        }
      }
      int asked = WANTS.values().stream().mapToInt(List::size).sum();
      boolean answered = Crew.await(() -> received.size() == asked, Duration.ofSeconds(10));
      // Closing an observation from its listener retracts the demand; wait for the last of those.
      boolean withdrawn = Crew.await(() -> demandCount(crew) == 1, Duration.ofSeconds(10));
      long demandsLeft = demandCount(crew);
      demands.close();
      for (Agent c : consumers) {
        crew.leave(c);
      }
      crew.leave(supplier);
      return check(crew, received, suppliedBySupplier, answered, withdrawn, demandsLeft).finish(NAME, spaceDir, out);
    }
  }

  private static Optional<Object> priceInSpace(Crew crew, String sku) {
    return crew.q(PRICE, sku).single();
  }

  private static long demandCount(Crew crew) {
    return crew.q("[:find (count ?o) . :where [?o :spoor.observe/query _]]").single().map(v -> (Long) v).orElse(0L);
  }

  /** A consumer's demand: an observation of the price, closed once the price arrives. */
  private static void ask(Agent consumer, String sku, Map<String, Long> received, PrintStream out) {
    out.println(consumer.name() + " asks for the price of " + sku + " (observes it)");
    AtomicReference<Observation> self = new AtomicReference<>();
    Object lock = new Object();
    Observation o = consumer.observe(PRICE, change -> {
      if (change.added().isEmpty()) {
        return;
      }
      long price = (Long) change.added().iterator().next().get(0);
      received.put(consumer.name() + " " + sku, price);
      out.println(consumer.name() + " got " + sku + " = " + price + (change.snapshot() ? " at once (snapshot)"
          : " at t" + change.toT()) + " and withdraws the demand");
      synchronized (lock) {
        while (self.get() == null) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
      self.get().close();
    }, sku);
    synchronized (lock) {
      self.set(o);
      lock.notifyAll();
    }
  }

  /** The supplier's reaction to a demand: supply the price unless it is there already. */
  private static void supply(Crew crew, Agent supplier, String who, String inputsEdn, Map<String, Integer> supplied,
      PrintStream out) {
    List<?> inputs = (List<?>) EdnReader.readValue(inputsEdn);
    String sku = (String) inputs.get(0);
    if (priceInSpace(crew, sku).isPresent()) {
      out.println("supplier sees " + who + " wants " + sku + ": already in the space, nothing to do");
      return;
    }
    long price = priceOf(sku);
    supplier.transact(List.of(Map.of(SKU, sku, PRICE_ATTR, price, SUPPLIER, supplier.name())));
    supplied.merge(sku, 1, Integer::sum);
    out.println("supplier sees " + who + " wants " + sku + ": supplies it at " + price);
  }

  private static Checks check(Crew crew, Map<String, Long> received, Map<String, Integer> supplied,
      boolean answered, boolean withdrawn, long demandsLeft) {
    Checks checks = new Checks();
    Map<String, Long> expected = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : WANTS.entrySet()) {
      for (String sku : e.getValue()) {
        expected.put(e.getKey() + " " + sku, priceOf(sku));
      }
    }
    checks.check("every demand was answered through its observation, with the price in the space",
        answered && new TreeMap<>(received).equals(expected) && expected.keySet().stream().allMatch(k ->
            priceInSpace(crew, k.substring(k.indexOf(' ') + 1)).equals(Optional.of(received.get(k)))),
        "received " + new TreeMap<>(received));

    Set<String> missing = new TreeSet<>();
    WANTS.values().forEach(missing::addAll);
    missing.remove(STOCKED);
    Map<String, Long> assertions = new TreeMap<>();
    for (Object row : crew.history("[:find ?sku (count ?tx) :where [?q :quote/sku ?sku] [?q :quote/price _ ?tx true]]")
        .rows()) {
      List<?> r = (List<?>) row;
      assertions.put((String) r.get(0), (Long) r.get(1));
    }
    Map<String, Long> once = new TreeMap<>();
    missing.forEach(s -> once.put(s, 1L));
    once.put(STOCKED, 1L);
    checks.check("each price asked for was supplied once: one :quote/price assertion each in history",
        assertions.equals(once), "assertions per sku: " + assertions);
    Set<Object> bySupplier = new TreeSet<>(crew.q("[:find [?sku ...] :where [?q :quote/supplier \"supplier\"]"
        + " [?q :quote/sku ?sku]]").collection());
    checks.check("the supplier supplied exactly the missing prices asked for, nothing else",
        bySupplier.equals(missing) && supplied.keySet().equals(missing)
            && supplied.values().stream().allMatch(n -> n == 1),
        "supplied " + bySupplier + ", missing and asked for " + missing);
    checks.check("the demands are withdrawn: only the supplier's observation is left", withdrawn,
        demandsLeft + " observation fact(s) standing before the agents left");
    return checks;
  }
}
