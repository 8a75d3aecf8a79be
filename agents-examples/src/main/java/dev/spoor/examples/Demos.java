package dev.spoor.examples;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The coordination demos, at their default scale. */
public final class Demos {
  private Demos() {}

  /** Every demo, in the order {@code spoor demo --list} shows them. */
  public static List<Demo> all() {
    return List.of(new WorkQueueDemo(), new ServiceRegistryDemo(), new SupplyOnDemandDemo(), new PheromonesDemo(),
        new WatchdogDemo(), new RecommendationsDemo());
  }

  /** The demo called {@code name}, if there is one. */
  public static Optional<Demo> named(String name) {
    return all().stream().filter(d -> d.name().equals(name)).findFirst();
  }

  /**
   * The demo called {@code name}.
   *
   * @throws DemoException naming the demos there are, when none is called so
   */
  public static Demo require(String name) {
    return named(name).orElseThrow(() -> new DemoException("unknown-demo", "no demo is called \"" + name
        + "\"; the demos are " + all().stream().map(Demo::name).collect(Collectors.joining(", "))));
  }
}
