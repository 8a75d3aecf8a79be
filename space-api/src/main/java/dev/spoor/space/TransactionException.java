package dev.spoor.space;

import dev.spoor.core.Keyword;
import dev.spoor.core.SpoorException;

/**
 * A transaction was rejected; nothing it asked for was applied. Subclasses name the
 * condition and carry its parts; {@link #item()} is the position of the offending element in
 * the transaction data (0-based), or -1 when the whole transaction is at fault.
 */
public class TransactionException extends SpoorException {
  private static final long serialVersionUID = 1L;

  private final int item;

  public TransactionException(String code, int item, String message) {
    super(Keyword.of("transact", code), (item >= 0 ? "tx data item " + item + ": " : "") + message);
    this.item = item;
  }

  /** The 0-based position of the offending element of the transaction data, or -1. */
  public int item() {
    return item;
  }

  /** The transaction names an attribute that is not installed. */
  public static final class UnknownAttribute extends TransactionException {
    private static final long serialVersionUID = 1L;
    private final transient Object attribute;

    public UnknownAttribute(int item, Object attribute, String message) {
      super("unknown-attribute", item, message);
      this.attribute = attribute;
    }

    /** The attribute as written: an ident keyword or an id. */
    public Object attribute() {
      return attribute;
    }
  }

  /** A value is not of its attribute's type. */
  public static final class WrongValueType extends TransactionException {
    private static final long serialVersionUID = 1L;
    private final Keyword attribute;
    private final Keyword expected;
    private final transient Object value;

    public WrongValueType(int item, Keyword attribute, Keyword expected, Object value, String message) {
      super("wrong-value-type", item, message);
      this.attribute = attribute;
      this.expected = expected;
      this.value = value;
    }

    public Keyword attribute() {
      return attribute;
    }

    /** The attribute's {@code :db/valueType}, e.g. {@code :db.type/long}. */
    public Keyword expected() {
      return expected;
    }

    public Object value() {
      return value;
    }
  }

  /** A unique value is already held by another entity. */
  public static final class UniqueConflict extends TransactionException {
    private static final long serialVersionUID = 1L;
    private final Keyword attribute;
    private final transient Object value;
    private final long existingEntity;
    private final long conflictingEntity;

    public UniqueConflict(int item, Keyword attribute, Object value, long existingEntity, long conflictingEntity,
        String message) {
      super("unique-conflict", item, message);
      this.attribute = attribute;
      this.value = value;
      this.existingEntity = existingEntity;
      this.conflictingEntity = conflictingEntity;
    }

    public Keyword attribute() {
      return attribute;
    }

    public Object value() {
      return value;
    }

    /** The entity that holds the value. */
    public long existingEntity() {
      return existingEntity;
    }

    /** The entity the transaction tried to give it to. */
    public long conflictingEntity() {
      return conflictingEntity;
    }
  }

  /**
   * A {@code [:spoor/ensure QUERY ...]} found no result, or a {@code [:spoor/ensure-none QUERY
   * ...]} found one, on the database the transaction would have followed.
   */
  public static final class EnsureFailed extends TransactionException {
    private static final long serialVersionUID = 1L;
    private final String query;
    private final long basisT;

    public EnsureFailed(int item, String query, long basisT, String message) {
      super("ensure-failed", item, message);
      this.query = query;
      this.basisT = basisT;
    }

    /** The query, as EDN text. */
    public String query() {
      return query;
    }

    /** The {@code t} of the database the query ran on: the transaction's basis. */
    public long basisT() {
      return basisT;
    }
  }

  /** A {@code :db/cas} found another value than the one it expected. */
  public static final class CasMismatch extends TransactionException {
    private static final long serialVersionUID = 1L;
    private final long entity;
    private final Keyword attribute;
    private final transient Object expected;
    private final transient Object actual;

    public CasMismatch(int item, long entity, Keyword attribute, Object expected, Object actual, String message) {
      super("cas-mismatch", item, message);
      this.entity = entity;
      this.attribute = attribute;
      this.expected = expected;
      this.actual = actual;
    }

    public long entity() {
      return entity;
    }

    public Keyword attribute() {
      return attribute;
    }

    /** The value the transaction expected; {@code Optional.empty()} for "no value". */
    public Object expected() {
      return expected;
    }

    /** The value found; {@code Optional.empty()} for "no value". */
    public Object actual() {
      return actual;
    }
  }

  /** An entity reference (id, ident, lookup ref or tempid) names nothing. */
  public static final class Unresolved extends TransactionException {
    private static final long serialVersionUID = 1L;
    private final transient Object reference;

    public Unresolved(int item, Object reference, String message) {
      super("unresolved", item, message);
      this.reference = reference;
    }

    public Object reference() {
      return reference;
    }
  }

  /** An explicit {@code :db/txInstant} is before the previous transaction's. */
  public static final class InstantBackwards extends TransactionException {
    private static final long serialVersionUID = 1L;
    private final java.time.Instant requested;
    private final java.time.Instant previous;

    public InstantBackwards(int item, java.time.Instant requested, java.time.Instant previous, String message) {
      super("instant-backwards", item, message);
      this.requested = requested;
      this.previous = previous;
    }

    public java.time.Instant requested() {
      return requested;
    }

    public java.time.Instant previous() {
      return previous;
    }
  }

  /** The transaction data is malformed or contradicts itself. */
  public static final class Invalid extends TransactionException {
    private static final long serialVersionUID = 1L;

    public Invalid(int item, String message) {
      super("invalid", item, message);
    }
  }

  /**
   * The transaction retracts or replaces a value of a {@code :spoor/owned true} attribute that
   * another agent asserted. Only the agent whose transaction asserted a standing owned value
   * may retract it, replace it (cardinality one) or retract its entity.
   */
  public static final class NotOwner extends TransactionException {
    private static final long serialVersionUID = 1L;
    private final long entity;
    private final Keyword attribute;
    private final transient Object value;
    private final String owner;
    private final String agent;

    public NotOwner(int item, long entity, Keyword attribute, Object value, String owner, String agent,
        String message) {
      super("not-owner", item, message);
      this.entity = entity;
      this.attribute = attribute;
      this.value = value;
      this.owner = owner;
      this.agent = agent;
    }

    public long entity() {
      return entity;
    }

    public Keyword attribute() {
      return attribute;
    }

    public Object value() {
      return value;
    }

    /** The name of the agent that asserted the value. */
    public String owner() {
      return owner;
    }

    /** The name of the agent that tried to retract it; empty for a transaction without an agent. */
    public String agent() {
      return agent;
    }
  }

  /** {@link Agent#claim} lost: another agent holds the claim on the task. */
  public static final class ClaimConflict extends TransactionException {
    private static final long serialVersionUID = 1L;
    private final long task;
    private final String winner;
    private final long winnerClaimT;

    public ClaimConflict(long task, String winner, long winnerClaimT, String message) {
      super("claim-conflict", -1, message);
      this.task = task;
      this.winner = winner;
      this.winnerClaimT = winnerClaimT;
    }

    /** The entity id of the claimed task. */
    public long task() {
      return task;
    }

    /** The name of the agent that holds the claim. */
    public String winner() {
      return winner;
    }

    /** The {@code t} of the winning claim: the winner's fencing token. */
    public long winnerClaimT() {
      return winnerClaimT;
    }
  }
}
