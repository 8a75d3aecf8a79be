package dev.spoor.examples;

import dev.spoor.core.Keyword;
import dev.spoor.space.Agent;
import dev.spoor.space.Observation;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Service discovery without a registry server. Each service asserts its routes with attributes
 * of agent lifetime, so a route lives exactly as long as the service that announced it. A
 * router observes {@code [:find ?route ?service ?address ...]} and prints its routing table on
 * every change. One service is killed (it stops renewing its lease): when the lease lapses the
 * space retracts its routes and the router's table drops them; another leaves politely and its
 * routes go the same way at once; a late service joins and appears.
 *
 * <p>Invariants: the router's final table (built only from the observation's changes) equals
 * the routes of the live services, and equals a fresh query; the killed service's routes are in
 * history, retracted with cause {@code :spoor.cause/lease-expired}, the departed one's with
 * {@code :spoor.cause/left}.
 */
public final class ServiceRegistryDemo implements Demo {
  public static final String NAME = "service-registry";

  static final String SCHEMA = """
      [{:db/ident :route/path    :db/valueType :db.type/string :db/cardinality :db.cardinality/one
        :spoor/lifetime :spoor.lifetime/agent :db/doc "a path the service answers"}
       {:db/ident :route/address :db/valueType :db.type/string :db/cardinality :db.cardinality/one
        :spoor/lifetime :spoor.lifetime/agent}
       {:db/ident :route/service :db/valueType :db.type/ref    :db/cardinality :db.cardinality/one
        :spoor/lifetime :spoor.lifetime/agent :db/doc "the agent that serves the route"}]""";

  static final String ROUTES = """
      [:find ?route ?service ?address
       :where [?r :route/path ?route] [?r :route/service ?a] [?a :spoor.agent/name ?service]
              [?r :route/address ?address]]""";

  private static final Keyword PATH = Keyword.of("route/path");
  private static final Keyword ADDRESS = Keyword.of("route/address");
  private static final Keyword SERVICE = Keyword.of("route/service");

  /** A service: its name, address and the paths it serves. */
  record Service(String name, String address, List<String> paths) {
    Service {
      paths = List.copyOf(paths);
    }

    Set<List<Object>> routes() {
      Set<List<Object>> rows = new LinkedHashSet<>();
      for (String p : paths) {
        rows.add(List.of(p, name, address));
      }
      return rows;
    }
  }

  static final List<Service> SERVICES = List.of(
      new Service("users-1", "10.0.0.1:8080", List.of("/users", "/users/login")),
      new Service("users-2", "10.0.0.2:8080", List.of("/users", "/users/login")),
      new Service("orders-1", "10.0.0.3:8080", List.of("/orders")),
      new Service("billing-1", "10.0.0.4:8080", List.of("/invoices")));
  static final Service LATE = new Service("payments-1", "10.0.0.5:8080", List.of("/payments"));
  static final String KILLED = "users-1";
  static final String LEAVES = "billing-1";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String inspectHint() {
    return "--history --format table '[:find ?route ?service ?added ?tx :where [?r :route/path ?route ?tx ?added]"
        + " [?r :route/service ?a] [?a :spoor.agent/name ?service]]'";
  }

  @Override
  public String summary() {
    return "services announce routes that live as long as they do; a router's observed table drops a killed one";
  }

  /** The router's view: the table it builds from its observation's changes alone. */
  private static final class Router {
    private final Set<List<Object>> table = new LinkedHashSet<>();
    private final PrintStream out;

    Router(PrintStream out) {
      this.out = out;
    }

    synchronized void apply(Observation.Change change) {
      table.removeAll(change.removed());
      table.addAll(change.added());
      out.println("router @t" + change.toT() + " (+" + change.added().size() + " -" + change.removed().size()
          + "): " + render(table));
    }

    synchronized Set<List<Object>> table() {
      return Set.copyOf(table);
    }
  }

  static String render(Set<List<Object>> rows) {
    if (rows.isEmpty()) {
      return "(no routes)";
    }
    Map<String, Set<String>> byPath = new TreeMap<>();
    for (List<Object> r : rows) {
      byPath.computeIfAbsent((String) r.get(0), p -> new TreeSet<>()).add((String) r.get(1));
    }
    return byPath.entrySet().stream().map(e -> e.getKey() + " -> " + String.join(",", e.getValue()))
        .collect(Collectors.joining("  "));
  }

  @Override
  public DemoResult run(Path spaceDir, PrintStream out) {
    out.println("service-registry: " + SERVICES.size() + " services announce routes of agent lifetime; a router"
        + " observes them; " + KILLED + " is killed, " + LEAVES + " leaves, " + LATE.name() + " joins late.");
    out.println("(every agent is a thread of this JVM: one process writes a space at a time; lease "
        + Crew.LEASE.toMillis() + " ms, checked every " + Crew.LEASE_CHECK.toMillis() + " ms)");
    try (Crew crew = Crew.open(spaceDir)) {
      crew.space.transact(SCHEMA);
      Router router = new Router(out);
      Agent routerAgent = crew.join("router");
      Observation routes = routerAgent.observe(ROUTES, router::apply);

      Map<String, Agent> live = new LinkedHashMap<>();
      Set<List<Object>> expected = new LinkedHashSet<>();
      for (Service s : SERVICES) {
        live.put(s.name(), announce(crew, s));
        expected.addAll(s.routes());
      }
      boolean allSeen = Crew.await(() -> router.table().equals(expected), Duration.ofSeconds(10));

      out.println(KILLED + " is killed: it stops renewing its lease (" + Crew.LEASE.toMillis() + " ms)");
      crew.kill(live.remove(KILLED));
      expected.removeAll(service(KILLED).routes());
      boolean killedGone = Crew.await(() -> router.table().equals(expected), Duration.ofSeconds(10));

      out.println(LEAVES + " leaves");
      crew.leave(live.remove(LEAVES));
      expected.removeAll(service(LEAVES).routes());
      boolean leftGone = Crew.await(() -> router.table().equals(expected), Duration.ofSeconds(10));

      live.put(LATE.name(), announce(crew, LATE));
      expected.addAll(LATE.routes());
      Crew.await(() -> router.table().equals(expected), Duration.ofSeconds(10));

      Set<List<Object>> finalTable = router.table();
      Set<List<Object>> queried = rows(crew.q(ROUTES).rows());
      routes.close();
      for (Agent a : new ArrayList<>(live.values())) {
        crew.leave(a);
      }
      crew.leave(routerAgent);

      Checks checks = new Checks();
      checks.check("the router's table held every announced route", allSeen, "");
      checks.check("the router's table dropped " + KILLED + "'s routes once its lease lapsed", killedGone, "");
      checks.check("the router's table dropped " + LEAVES + "'s routes when it left", leftGone, "");
      checks.check("the router's final table == the routes of the live services " + live.keySet(),
          finalTable.equals(expected), "table: " + render(finalTable));
      checks.check("the router's final table == a fresh query of the space", finalTable.equals(queried),
          "query: " + render(queried));
      checks.check(KILLED + "'s routes are in history, retracted because its lease expired",
          retractedBy(crew, KILLED).equals(Set.of(List.of("/users", "spoor.cause/lease-expired"),
              List.of("/users/login", "spoor.cause/lease-expired"))),
          "retracted [route cause]: " + retractedBy(crew, KILLED));
      checks.check(LEAVES + "'s routes are in history, retracted because it left",
          retractedBy(crew, LEAVES).equals(Set.of(List.of("/invoices", "spoor.cause/left"))),
          "retracted [route cause]: " + retractedBy(crew, LEAVES));
      return checks.finish(NAME, spaceDir, out);
    }
  }

  private static Agent announce(Crew crew, Service s) {
    Agent agent = crew.join(s.name());
    List<Object> tx = new ArrayList<>();
    for (String p : s.paths()) {
      tx.add(Map.of(PATH, p, ADDRESS, s.address(), SERVICE, agent.id()));
    }
    agent.transact(tx);
    return agent;
  }

  private static Service service(String name) {
    return SERVICES.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /** The routes of {@code service} that were retracted, with the departure's cause. */
  private static Set<List<Object>> retractedBy(Crew crew, String service) {
    Set<List<Object>> out = new LinkedHashSet<>();
    for (Object row : crew.history("""
        [:find ?route ?cause :in $ ?name
         :where [?a :spoor.agent/name ?name] [?r :route/service ?a _ true] [?r :route/path ?route ?tx false]
                [?tx :spoor.tx/cause ?c] [?c :db/ident ?cause]]""", service).rows()) {
      List<?> r = (List<?>) row;
      out.add(List.of(r.get(0), ((Keyword) r.get(1)).toString().substring(1)));
    }
    return out;
  }

  private static Set<List<Object>> rows(List<Object> rows) {
    Set<List<Object>> out = new LinkedHashSet<>();
    for (Object r : rows) {
      out.add(List.copyOf((List<?>) r));
    }
    return out;
  }
}
