package dev.spoor.space;

import dev.spoor.core.Keyword;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A process of claiming workers, for {@link MultiProcessClaimTest}: {@code ClaimWorkers DIR NAME
 * THREADS TASKS}. Each thread joins as agent {@code NAME-i} and goes through the tasks
 * {@code task-0 .. task-(TASKS-1)} in its own random order, skipping those it sees claimed and
 * claiming the others; for each win it records a result entity and prints
 * {@code WON task claim-t result-entity}. Prints {@code DONE basis-t} when every thread is
 * through, then keeps its agents (and so their claims) until its standard input ends.
 */
public final class ClaimWorkers {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String name = args[1];
    int threads = Integer.parseInt(args[2]);
    int tasks = Integer.parseInt(args[3]);
    PrintStream out = new PrintStream(System.out, false, "UTF-8");
    Keyword taskId = Keyword.of("task/id");
    try (Space space = Space.open(dir)) {
      List<Thread> workers = new ArrayList<>();
      List<Agent> agents = java.util.Collections.synchronizedList(new ArrayList<>());
      AtomicInteger failures = new AtomicInteger();
      for (int w = 0; w < threads; w++) {
        String agentName = name + "-" + w;
        long seed = agentName.hashCode();
        Thread thread = new Thread(() -> {
          try {
            Agent agent = space.join(agentName, Duration.ofMinutes(5));
            agents.add(agent);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
              order.add(i);
            }
            Collections.shuffle(order, new Random(seed));
            for (int i : order) {
              List<Object> task = List.of(taskId, "task-" + i);
              if (space.db().entity(task).toMap().containsKey(AgentSchema.CLAIM_AGENT)) {
                continue;
              }
              try {
                long t = agent.claim(task);
                TxReport r = agent.transact(List.of(Map.of(Keyword.of("db/id"), "result",
                    Keyword.of("result/task"), task, Keyword.of("result/by"), agentName)));
                synchronized (out) {
                  out.println("WON task-" + i + " " + t + " " + r.tempids().get("result"));
                }
              } catch (TransactionException.ClaimConflict lost) {
                // another worker, maybe in another process, was first
              }
            }
          } catch (RuntimeException e) {
            failures.incrementAndGet();
            e.printStackTrace();
          }
        }, agentName);
        thread.start();
        workers.add(thread);
      }
      for (Thread t : workers) {
        t.join();
      }
      out.println(failures.get() == 0 ? "DONE " + space.sync().basisT() : "FAILED");
      out.flush();
      while (System.in.read() >= 0) {
        // hold the claims until the test has seen every process through
      }
      for (Agent agent : agents) {
        agent.leave();
      }
    }
  }
}
