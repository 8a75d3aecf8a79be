package dev.spoor.space;

import dev.spoor.log.Datom;
import dev.spoor.query.Attribute;
import dev.spoor.query.Db;
import dev.spoor.query.Index;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions: which space object, in which process on which host, joined an agent. A session is
 * written {@code host/pid/nonce} and recorded as {@code :spoor.agent/session} when an agent
 * joins, so a later join of the same name can tell an agent whose process died (its name may
 * be taken over at once) from one that is still running (its name is taken until it leaves or
 * its lease lapses).
 */
final class Sessions {
  private static final String HOST = hostName();
  private static final long PID = ProcessHandle.current().pid();
  /** The sessions of this process whose space object is open. */
  private static final Set<String> OPEN = ConcurrentHashMap.newKeySet();

  private Sessions() {}

  /** A new session of this process, open until {@link #ended}. */
  static String begin() {
    String session = HOST + "/" + PID + "/" + UUID.randomUUID().toString().substring(0, 8);
    OPEN.add(session);
    return session;
  }

  static void ended(String session) {
    OPEN.remove(session);
  }

  /**
   * Whether {@code session} may still be running: open in this process, or of a live process
   * on this host, or of another host (which cannot be checked from here).
   */
  static boolean isRunning(String session) {
    String[] parts = session.split("/");
    if (parts.length != 3 || !parts[0].equals(HOST)) {
      return true;
    }
    long pid;
    try {
      pid = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return true;
    }
    if (pid == PID) {
      return OPEN.contains(session);
    }
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** {@code session} for a message: "process 123 on host h". */
  static String describe(String session) {
    String[] parts = session.split("/");
    return parts.length == 3 ? "process " + parts[1] + " on host " + parts[0] : "session " + session;
  }

  /** The session and lease of the agent named {@code name}, when it has a standing lease and a recorded session. */
  record Holder(String session, Instant leaseUntil) {}

  static Optional<Holder> holder(Db db, String name) {
    Optional<Attribute> nameAttr = db.schema().attribute(AgentSchema.AGENT_NAME);
    Optional<Attribute> sessionAttr = db.schema().attribute(AgentSchema.AGENT_SESSION);
    Optional<Attribute> leaseAttr = db.schema().attribute(AgentSchema.LEASE_UNTIL);
    if (nameAttr.isEmpty() || sessionAttr.isEmpty() || leaseAttr.isEmpty()) {
      return Optional.empty();
    }
    Iterator<Datom> agent = db.datoms(Index.AVET, nameAttr.get().id(), name).iterator();
    if (!agent.hasNext()) {
      return Optional.empty();
    }
    long e = agent.next().e();
    Iterator<Datom> lease = db.datoms(Index.EAVT, e, leaseAttr.get().id()).iterator();
    Iterator<Datom> session = db.datoms(Index.EAVT, e, sessionAttr.get().id()).iterator();
    if (!lease.hasNext() || !session.hasNext()) {
      return Optional.empty();
    }
    return Optional.of(new Holder((String) session.next().v(), (Instant) lease.next().v()));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName().replace('/', '_');
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
