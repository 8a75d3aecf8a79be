package dev.spoor.space;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A process holding an agent, for {@link AgentProcessDeathTest}: {@code LeaseHolder DIR NAME
 * LEASE-MS}. Joins as {@code NAME}, asserts {@code [:presence/of NAME]} on a new entity (an
 * agent-lifetime attribute), prints {@code READY agent-id t}, then renews its lease four times
 * per lease until it is killed.
 */
public final class LeaseHolder {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String name = args[1];
    Duration lease = Duration.ofMillis(Long.parseLong(args[2]));
    Space space = Space.open(dir);
    Agent agent = space.join(name, lease);
    TxReport r = agent.transact("[{:presence/of \"" + name + "\"}]");
    System.out.println("READY " + agent.id() + " " + r.t());
    System.out.flush();
    while (true) {
      Thread.sleep(Math.max(1, lease.toMillis() / 4));
      agent.renew();
    }
  }
}
